// Faults: the pipeline killed with SIGKILL at each stage (no handler runs, as
// when the machine stops or the kernel kills it for memory), and a solver that
// aborts. Whatever happens, the release being served stays as it was and
// readable, nothing left in the data folder claims an audit it did not pass,
// and the next run records the interrupted runs and cleans up after them.
//
// Cost: one good run and one complete next run on a few months of the tiny
// input (tests/helpers/trimmed-input.ts); the killed runs die early, and the
// aborting solver fails at the first component.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { closeReleaseCache, readRelease } from '~/release/reader.server';
import { SolverError, solveAll, type SolveJob } from '../pipelines/disclosure/audit/workers';
import { getHighs } from '../pipelines/disclosure/audit/lp';
import { exportReleaseCsv } from '../pipelines/release/export-csv';
import { MANIFEST_TABLE, RELEASE_FILE, RELEASES_DIR } from '../pipelines/release/format';
import { CANDIDATES_DIR, NOT_AUDITED, removeLeftoverCandidates } from '../pipelines/release/write';
import { ANALYTICS_FILE, PipelineError, RUN_LOG_FILE, runPipeline } from '../pipelines/runner/run';
import { DEMO_ENV, query, run, synthTiny, tempDir } from './helpers/pipeline';
import { trimInput } from './helpers/trimmed-input';

// HiGHS as the pipeline loads it, with a switch that makes it abort the way
// its WebAssembly build does: emscripten's abort() throws this error (the real
// build throws exactly it when a model outgrows its memory, e.g. 40 million
// columns).
const fault = vi.hoisted(() => ({ abort: false }));
vi.mock('highs', async (importOriginal) => {
  const load = (await importOriginal<typeof import('highs')>()).default;
  return {
    default: async (...args: Parameters<typeof load>) => {
      const highs = await load(...args);
      const createModel = highs.createModel.bind(highs);
      highs.createModel = (...a: Parameters<typeof createModel>) => {
        if (fault.abort) throw new WebAssembly.RuntimeError('Aborted(). Build with -sASSERTIONS for more info.');
        return createModel(...a);
      };
      return highs;
    },
  };
});

const repoRoot = resolve(import.meta.dirname, '..');
const AUDITED_CLAIM = /audited: no suppressed count/;

let input: string;
let data: string;
let serving: { sha256: string; releaseId: string; cells: number };

const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

async function runs(): Promise<{ run_id: string; status: string }[]> {
  return query(join(data, ANALYTICS_FILE), `SELECT run_id, status FROM runs ORDER BY started_at`);
}

function runLog(): Record<string, unknown>[] {
  return readFileSync(join(data, RUN_LOG_FILE), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

/**
 * Every release file in the data folder besides the one served and the kept
 * ones (`releases/`, the release history of decision 0014: each passed its
 * audit before it was kept), that is candidates and the
 * `.release.duckdb.<id>.tmp` of earlier versions, with what its manifest says
 * (null: not readable as a release, so it claims nothing).
 */
async function otherReleaseFiles(): Promise<{ file: string; status: string | null }[]> {
  const others = filesUnder(data)
    .map((f) => relative(data, f))
    .filter((f) => /\.(duckdb|tmp)$/.test(f) && f !== RELEASE_FILE && f !== ANALYTICS_FILE && !f.startsWith(`${RELEASES_DIR}/`));
  return Promise.all(
    others.map(async (file) => {
      const rows = await query<{ status: string }>(join(data, file), `SELECT status FROM ${MANIFEST_TABLE}`).catch(() => []);
      return { file, status: rows[0]?.status ?? null };
    }),
  );
}

/** The served release: unchanged, readable by the web app's reader and by release:export. */
async function expectServingUnchanged(): Promise<void> {
  expect(sha256(join(data, RELEASE_FILE))).toBe(serving.sha256);
  closeReleaseCache();
  const read = await readRelease(data);
  expect(read.kind === 'release' && read.release.manifest.release_id).toBe(serving.releaseId);
  expect(await exportReleaseCsv(data, join(tempDir('export'), 'release.csv'))).toBe(serving.cells);
}

/** The pipeline CLI on the data folder, in a process of its own. */
function startCli() {
  const env = Object.fromEntries(Object.entries(DEMO_ENV).filter(([, v]) => v !== undefined)) as NodeJS.ProcessEnv;
  return spawn(process.execPath, ['--import', 'tsx', 'pipelines/cli/pipeline.ts', '--input', input, '--data', data], {
    cwd: repoRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/**
 * Runs the pipeline CLI and kills it (SIGKILL) as soon as its progress output
 * (one line per stage, pipelines/cli/progress.ts) shows `line`. Returns the
 * output up to then.
 */
function killAt(line: RegExp): Promise<string> {
  const child = startCli();
  let output = '';
  let killed = false;
  const seen = (chunk: Buffer) => {
    output += chunk.toString();
    if (!killed && line.test(output)) {
      killed = true;
      child.kill('SIGKILL');
    }
  };
  child.stdout.on('data', seen);
  child.stderr.on('data', seen);
  return new Promise((done, fail) => {
    child.on('error', fail);
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL' && killed) done(output);
      else fail(new Error(`the run ended (code ${code}, signal ${signal}) before ${line} appeared:\n${output}`));
    });
  });
}

beforeAll(async () => {
  const tiny = await synthTiny(1);
  input = tempDir('input-3-months');
  trimInput(tiny.dir, input, '2024-03-31');
  data = tempDir('data');
  await run(input, data);
  const [m] = await query<{ release_id: string }>(join(data, RELEASE_FILE), `SELECT release_id FROM ${MANIFEST_TABLE}`);
  const cells = await query<{ n: number }>(join(data, RELEASE_FILE), `SELECT count(*)::INTEGER AS n FROM cells`);
  serving = { sha256: sha256(join(data, RELEASE_FILE)), releaseId: m!.release_id, cells: cells[0]!.n };
}, 300_000);

afterAll(() => closeReleaseCache());

describe('leftover candidates', () => {
  it('are every file in candidates/ and the .release.duckdb.<id>.tmp of earlier versions, and nothing else', () => {
    const dir = tempDir('leftovers');
    const keep = [RELEASE_FILE, ANALYTICS_FILE, RUN_LOG_FILE, '.release.duckdb.notes.txt', 'release.duckdb.tmp'];
    const left = [`${CANDIDATES_DIR}/a.duckdb`, `${CANDIDATES_DIR}/a.duckdb.wal`, '.release.duckdb.4f1c.tmp', '.release.duckdb.4f1c.tmp.wal'];
    mkdirSync(join(dir, CANDIDATES_DIR));
    for (const f of [...keep, ...left]) writeFileSync(join(dir, f), 'x');
    expect(removeLeftoverCandidates(dir)).toEqual([...left].sort());
    expect(filesUnder(dir).map((f) => relative(dir, f)).sort()).toEqual([...keep].sort());
    expect(removeLeftoverCandidates(dir)).toEqual([]);
  });
});

describe('a solver that aborts', () => {
  it('ends the run with what was being solved, never a bare WebAssembly abort; the run is failed and the release unchanged', async () => {
    fault.abort = true;
    let error: unknown;
    try {
      // one thread: the components are solved in this process, where HiGHS is the switched one
      await runPipeline({ inputDir: input, dataDir: data, env: { ...DEMO_ENV, PEER_OUTCOMES_THREADS: '1' } });
    } catch (e) {
      error = e;
    } finally {
      fault.abort = false;
    }
    expect(error).toBeInstanceOf(PipelineError);
    const message = (error as Error).message;
    expect(message).toMatch(/the LP solver failed on (the component of .+|the \d+ components no suppressed value touches.*) \([\d,]+ rows, [\d,]+ unknowns\): RuntimeError: Aborted\(\)/);
    expect(message).toMatch(/the previous release \(if any\) is unchanged and still served/);
    expect(message).not.toMatch(/wasm-function|\n\s+at /);

    await expectServingUnchanged();
    expect((await runs()).map((r) => r.status)).toEqual(['succeeded', 'failed']);
    const last = runLog().at(-1)!;
    expect(last.status).toBe('failed');
    expect(last.error).toMatch(/the LP solver failed on .*RuntimeError: Aborted\(\)/);
    expect(await otherReleaseFiles()).toEqual([]);
  }, 120_000);

  it('in a worker thread too: the failure names the component and its size', async () => {
    // Two jobs large enough for the worker threads; their problems are broken, so each thread's solve throws.
    const broken = (n: number): SolveJob => ({
      problem: { rowLo: new Float64Array(3_000), vars: new Int32Array(40) } as unknown as SolveJob['problem'],
      description: `the component of broken problem ${n}`,
      seeds: [],
    });
    const solving = solveAll(await getHighs(), [broken(1), broken(2)], { protectionLevel: 11, exact: false, threads: 2 }, () => {});
    await expect(solving).rejects.toBeInstanceOf(SolverError);
    await expect(solving).rejects.toThrow(/^the LP solver failed on the component of broken problem [12] \(3,000 rows, 40 unknowns\): TypeError: /);
  }, 60_000);
});

describe('a run killed with SIGKILL', () => {
  const killed: string[] = [];
  let candidatesLeft: string[] = [];

  it.each([
    ['loading', /^load…$/m],
    ['de-identifying', /^deidentify…$/m],
    ['computing the metrics', /^metrics…$/m],
    ['in the release stage, during suppression (before any candidate)', /^release…$/m],
    ['in the release stage, during the audit', /audit round 1: .*auditing \d+ quantities/],
  ])('while %s leaves the served release as it was, and nothing that claims an audit', async (_, line) => {
    await killAt(line);
    await expectServingUnchanged();
    const left = await otherReleaseFiles();
    for (const f of left) expect(f.status ?? '', f.file).not.toMatch(AUDITED_CLAIM);
    for (const f of left) expect(f.file.startsWith(`${CANDIDATES_DIR}/`), f.file).toBe(true);

    // The store lists the killed run as running until the next run starts; each earlier one is interrupted by now.
    const listed = await runs();
    expect(listed.at(-1)!.status).toBe('running');
    killed.push(listed.at(-1)!.run_id);
    expect(listed.filter((r) => killed.slice(0, -1).includes(r.run_id)).map((r) => r.status)).toEqual(killed.slice(0, -1).map(() => 'interrupted'));
    candidatesLeft = left.map((f) => f.file);
  }, 120_000);

  it('killed during the audit, it left a candidate that says it is one, where nothing serves it', async () => {
    expect(candidatesLeft.length).toBeGreaterThan(0);
    const left = await otherReleaseFiles();
    expect(left.map((f) => f.status)).toEqual(left.map(() => expect.stringContaining(NOT_AUDITED)));
  });

  it('the next run completes, removes the leftovers with a note in the run log, and records every killed run as interrupted', async () => {
    const summary = await run(input, data);
    expect(existsSync(join(data, CANDIDATES_DIR)) ? readdirSync(join(data, CANDIDATES_DIR)) : []).toEqual([]);
    expect(await otherReleaseFiles()).toEqual([]);

    const listed = await runs();
    expect(listed.map((r) => r.status)).toEqual(['succeeded', 'failed', ...killed.map(() => 'interrupted'), 'succeeded']);
    expect(listed.at(-1)!.run_id).toBe(summary.runId);

    const log = runLog();
    const interrupted = log.filter((l) => l.status === 'interrupted');
    expect(interrupted.map((l) => l.runId)).toEqual(killed);
    for (const l of interrupted) expect(l.note).toMatch(/stopped before it finished/);
    // each run cleans up at its start, so the audit's candidate is the one the last killed run left, noted on its line
    expect(interrupted.at(-1)!.removedLeftovers).toEqual(candidatesLeft);
    expect(log.at(-1)).toMatchObject({ runId: summary.runId, status: 'succeeded' });

    const [m] = await query<{ release_id: string; status: string }>(join(data, RELEASE_FILE), `SELECT release_id, status FROM ${MANIFEST_TABLE}`);
    expect(m!.release_id).toBe(summary.runId);
    expect(m!.status).toMatch(AUDITED_CLAIM);
    closeReleaseCache();
    const read = await readRelease(data);
    expect(read.kind === 'release' && read.release.manifest.release_id).toBe(summary.runId);
  }, 300_000);
});

describe('a run started while another holds the data folder', () => {
  it('stops at once with a message saying so (exit 1), and touches nothing', async () => {
    const before = await runs();
    const holder = await DuckDBInstance.create(join(data, ANALYTICS_FILE));
    let result: { code: number | null; stderr: string };
    try {
      const child = startCli();
      let stderr = '';
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      const code = await new Promise<number | null>((done) => child.on('exit', done));
      result = { code, stderr };
    } finally {
      holder.closeSync();
    }
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^pipeline: another process has .*analytics\.duckdb open \(process \d+\): most likely a pipeline run on the same data folder\. Wait for it to finish and run again\.$/m);
    expect(await runs()).toEqual(before);
  }, 60_000);
});
