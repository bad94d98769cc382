// Pipeline runs that several test files read, each built once and kept in
// .cache/ until the pipeline's source or the lock file changes: the demo
// release (the dashboard's end-to-end tests read it, the attack suite attacks
// it) and the tiny run (the pipeline and disclosure tests start from it). A
// lock folder keeps two test processes from building the same run at once. A
// test that changes a run works on its own copy (copyOfRun).
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { tempDir } from './pipeline';

const exec = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '../..');

export interface RunSpec {
  /** Folder name under .cache/. */
  name: string;
  scale: 'tiny' | 'demo';
  seed: number;
  /** PEER_OUTCOMES_PRUNE_AUDITS; unset: the default budget, as `npm run demo`. */
  pruneAudits?: number;
}

export interface CachedRun {
  /** The run's data folder: read it, never change it. */
  dataDir: string;
  /** The synthetic extracts it was built from (with synth-manifest.json). */
  inputDir: string;
}

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : [path.join(dir, e.name)]))
    .sort();
}

/** A hash of everything that decides a run's content. */
function sourceHash(spec: RunSpec): string {
  const hash = createHash('sha256').update(JSON.stringify(spec));
  for (const file of [...files(path.join(ROOT, 'pipelines')), path.join(ROOT, 'package-lock.json')]) {
    hash.update(path.relative(ROOT, file)).update('\0').update(readFileSync(file)).update('\0');
  }
  return hash.digest('hex');
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The lock folder, taken; or false while a live process holds it (a dead holder's lock is broken). */
function takeLock(lock: string): boolean {
  try {
    mkdirSync(lock);
    writeFileSync(path.join(lock, 'pid'), String(process.pid));
    return true;
  } catch {
    const pidFile = path.join(lock, 'pid');
    const pid = Number(existsSync(pidFile) ? readFileSync(pidFile, 'utf8') : NaN);
    if (Number.isInteger(pid) && !alive(pid)) rmSync(lock, { recursive: true, force: true });
    return false;
  }
}

export const cacheDir = (spec: RunSpec) => path.join(ROOT, '.cache', spec.name);

export async function cachedRun(spec: RunSpec): Promise<CachedRun> {
  const dataDir = cacheDir(spec);
  const run = { dataDir, inputDir: path.join(dataDir, 'input') };
  const stampFile = path.join(dataDir, 'source.sha256');
  const lock = `${dataDir}.lock`;
  mkdirSync(path.dirname(dataDir), { recursive: true });
  const stamp = sourceHash(spec);
  // the stamp is written last, so a stamp that matches means a whole run
  const fresh = () => existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp;
  while (!fresh()) {
    if (!takeLock(lock)) {
      await sleep(500);
      continue;
    }
    try {
      if (!fresh()) await build(spec, run, stampFile, stamp);
    } finally {
      rmSync(lock, { recursive: true, force: true });
    }
  }
  return run;
}

async function build(spec: RunSpec, run: CachedRun, stampFile: string, stamp: string): Promise<void> {
  rmSync(run.dataDir, { recursive: true, force: true });
  mkdirSync(run.dataDir, { recursive: true });
  const tsx = path.join(ROOT, 'node_modules/tsx/dist/cli.mjs');
  const env: NodeJS.ProcessEnv = { ...process.env, PEER_OUTCOMES_DEMO: '1' };
  delete env.PEER_OUTCOMES_SECRET; // demo mode's own key
  delete env.PEER_OUTCOMES_K;
  delete env.PEER_OUTCOMES_PRUNE_AUDITS;
  if (spec.pruneAudits !== undefined) env.PEER_OUTCOMES_PRUNE_AUDITS = String(spec.pruneAudits);
  const started = Date.now();
  const opts = { cwd: ROOT, env, maxBuffer: 64 * 1024 * 1024 };
  try {
    await exec(process.execPath, [tsx, 'pipelines/cli/synth.ts', '--scale', spec.scale, '--seed', String(spec.seed), '--out', run.inputDir, '--quiet'], opts);
    await exec(process.execPath, [tsx, 'pipelines/cli/pipeline.ts', '--input', run.inputDir, '--data', run.dataDir], opts);
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(`Building the ${spec.name} run for the tests failed:\n${e.stderr || e.stdout || e.message}`);
  }
  writeFileSync(stampFile, stamp);
  console.log(`[tests] built the ${spec.name} run in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

/** A private copy of a run's data folder (its input stays shared, read-only); links stay relative, into the copy. */
export function copyOfRun(run: CachedRun): string {
  const copy = tempDir('run-copy');
  cpSync(run.dataDir, copy, { recursive: true, verbatimSymlinks: true, filter: (src) => src !== run.inputDir && !src.endsWith('source.sha256') });
  return copy;
}

/** The release `npm run demo` serves: demo scale, seed 42, pruned with the default budget. */
export const DEMO_RUN: RunSpec = { name: 'e2e-demo', scale: 'demo', seed: 42 };
export const DEMO_DATA_DIR = cacheDir(DEMO_RUN);
export const DEMO_RELEASE = path.join(DEMO_DATA_DIR, 'release.duckdb');
export const ensureDemoRelease = () => cachedRun(DEMO_RUN);

/** tests/helpers/pipeline.ts's tiny input (seed 7) in demo mode, pruning off (DEMO_ENV). */
export const TINY_RUN: RunSpec = { name: 'tiny-7', scale: 'tiny', seed: 7, pruneAudits: 0 };
