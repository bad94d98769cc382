// One pipeline run: load + validate → de-identify + merge → metric cube →
// release file, with a run log. Stages report progress through `onProgress`;
// the CLI draws it, tests ignore it.
//
// A run holds the analytics store open for writing from start to end, and
// DuckDB locks the file for one writing process (the operating system drops
// the lock when the process dies, however it dies). So a run that has opened
// the store knows no other run is going: a run the store still lists as
// 'running' was interrupted (killed, crashed, the machine stopped), and what
// it left in the data folder is nobody's. Each run starts by recording such
// runs as 'interrupted' and removing their leftover candidates, with a line in
// the run log (decision 0013).
import { randomUUID } from 'node:crypto';
import { appendFileSync, mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { openDb, sqlString, type Db } from '../db/duckdb';
import { buildCube } from '../metrics/cube';
import { createKeyMacros, createStore, mergeIntoStore, pseudonymiseIdsAndCheckReferences } from '../stages/deidentify';
import { checkInputFolder, discoverInputs, type IgnoredFile } from '../stages/discover';
import { checkDuplicateKeys, finishLoad, loadFile, prepareLoad, type LoadedFile } from '../stages/load';
import { prepareContract } from '../stages/checks';
import { loadConfig, type PipelineConfig } from './config';
import type { AuditProgress } from '../disclosure/audit/index';
import { SolverError } from '../disclosure/audit/workers';
import { removeLeftoverCandidates } from '../release/write';
import { publishRelease, type AuditStat, type PublishResult } from './publish';
import { sha256File } from '../release/history';

export const ANALYTICS_FILE = 'analytics.duckdb';
/** One JSON line per finished run, for people and log shippers; the same facts are in table runs. */
export const RUN_LOG_FILE = 'pipeline-runs.jsonl';

export type Stage = 'checksums' | 'load' | 'validate' | 'deidentify' | 'metrics' | 'release';
export interface Progress {
  stage: Stage;
  done: number;
  total: number;
  detail?: string;
  /** A finished step worth a line of its own where the output is no terminal (an audit's verdict). */
  step?: boolean;
}

export interface FileSummary {
  file: string;
  entity: string;
  sha256: string;
  bytes: number;
  rowsRead: number;
  accepted: number;
  quarantined: number;
  dropped: { column: string; kind: string }[];
}

export interface RunSummary {
  runId: string;
  startedAt: string;
  durationMs: number;
  stageMs: Partial<Record<Stage, number>>;
  inputDir: string;
  dataDir: string;
  files: FileSummary[];
  ignored: IgnoredFile[];
  cubeCells: number;
  quarantineSample: { file: string; line: number; column: string; reason: string }[];
  /** Quarantined rows by file, column and reason, most first (a row breaking two rules counts under each). */
  quarantineByReason: { file: string; column: string; reason: string; rows: number; firstLine: number }[];
  /** The dates this run accepted (decision 0015). */
  dates: { earliest: string; latest: string };
  /** The kept release in the history (releases/<id>/release.duckdb). */
  releasePath: string;
  /** Whether the run published it (false: held for `npm run release:publish`). */
  published: boolean;
  release: ReleaseSummary;
  /** Leftover candidates this run removed that no interrupted run's log line names (see recoverInterrupted). */
  removedLeftovers?: string[];
}

export interface ReleaseSummary {
  tables: number;
  cellsReleased: number;
  cellsSuppressed: number;
  primary: number;
  linked: number;
  complementary: number;
  /** Secondary cells the loop suppressed and pruning released again. */
  pruned: number;
  rounds: number;
  auditedQuantities: number;
  auditSeconds: number;
  /** Every audit of the run, loop rounds then pruning. */
  audits: AuditStat[];
}

export class PipelineError extends Error {}

export interface RunOptions {
  inputDir: string;
  dataDir: string;
  env?: NodeJS.ProcessEnv;
  onProgress?: (p: Progress) => void;
  /** Off only to show that the audit then refuses the release (tests). */
  complementarySuppression?: boolean;
  /** Keep the release without publishing it; default: the settings' holdReleases. */
  hold?: boolean;
}

/** An error text may quote a value from the data; the log file keeps none. */
function withoutQuotedValues(message: string): string {
  return message.replace(/"[^"\n]*"|'[^'\n]*'/g, '"…"').split('\n')[0]!;
}

export async function runPipeline(o: RunOptions): Promise<RunSummary> {
  const started = Date.now();
  const inputDir = resolve(o.inputDir);
  const dataDir = resolve(o.dataDir);
  checkInputFolder(inputDir);
  mkdirSync(dataDir, { recursive: true });
  const config: PipelineConfig = loadConfig(dataDir, o.env);
  const progress = o.onProgress ?? (() => {});
  const stageMs: RunSummary['stageMs'] = {};
  let stageStart = Date.now();
  const endStage = (s: Stage) => {
    stageMs[s] = Date.now() - stageStart;
    stageStart = Date.now();
  };

  // checkInputFolder has refused a folder without extract files
  const { files, ignored } = discoverInputs(inputDir);
  const tempDirectory = join(dataDir, '.duckdb-tmp');
  const db = await openStore(dataDir, { memoryLimit: config.memoryLimit, threads: config.threads, tempDirectory });

  // Checksums run on Node's side while DuckDB loads on its own threads.
  let hashed = 0;
  const checksums = Promise.all(
    files.map(async (f) => {
      const s = await sha256File(f.path);
      progress({ stage: 'checksums', done: ++hashed, total: files.length, detail: f.name });
      return s;
    }),
  );
  const runId = `${new Date(started).toISOString().replace(/[-:]/g, '').slice(0, 15)}-${randomUUID().slice(0, 8)}`;
  let removedLeftovers: string[] = [];
  try {
    await createStore(db);
    removedLeftovers = await recoverInterrupted(db, dataDir, runId);
    await db.run(`INSERT INTO runs VALUES (${sqlString(runId)}, now(), NULL, ${sqlString(inputDir)}, 'running', NULL, NULL)`);
    await createKeyMacros(db, config.secret);
    await prepareLoad(db);
    await prepareContract(db, config);

    const loaded: LoadedFile[] = [];
    for (const [i, f] of files.entries()) {
      progress({ stage: 'load', done: i, total: files.length, detail: f.name });
      loaded.push(await loadFile(db, i, f));
    }
    progress({ stage: 'load', done: files.length, total: files.length });
    endStage('load');

    progress({ stage: 'validate', done: 0, total: 2, detail: 'references' });
    await pseudonymiseIdsAndCheckReferences(db, loaded);
    progress({ stage: 'validate', done: 1, total: 2, detail: 'duplicate keys' });
    for (const f of loaded) await checkDuplicateKeys(db, f);
    await finishLoad(db, loaded);
    progress({ stage: 'validate', done: 2, total: 2 });
    endStage('validate');

    const sums = await checksums;
    endStage('checksums');
    await recordInputs(db, runId, loaded, sums);

    let merged = 0;
    await mergeIntoStore(db, loaded, (e) => progress({ stage: 'deidentify', done: merged++, total: 8, detail: e }));
    progress({ stage: 'deidentify', done: 8, total: 8 });
    await dropStaging(db, loaded);
    endStage('deidentify');

    const cubeCells = await buildCube(db, config, (done, total, detail) =>
      progress({ stage: 'metrics', done, total, detail }),
    );
    endStage('metrics');

    const quarantineSample = await db.all<RunSummary['quarantineSample'][number]>(`
      SELECT file, line::INTEGER AS line, "column", reason FROM quarantine WHERE run_id = ${sqlString(runId)}
      ORDER BY file, line LIMIT 20`);
    const quarantineByReason = await db.all<RunSummary['quarantineByReason'][number]>(`
      SELECT file, "column", reason, count(DISTINCT line)::INTEGER AS rows, min(line)::INTEGER AS "firstLine"
      FROM quarantine WHERE run_id = ${sqlString(runId)} GROUP BY ALL ORDER BY rows DESC, file, "column", reason`);
    const fileSummaries: FileSummary[] = loaded.map((f, i) => ({
      file: f.file.name,
      entity: f.file.entity,
      sha256: sums[i]!,
      bytes: f.file.bytes,
      rowsRead: f.rowsRead,
      accepted: f.accepted,
      quarantined: f.quarantined,
      dropped: f.dropped,
    }));

    progress({ stage: 'release', done: 0, total: 1, detail: 'release cube and suppression' });
    const [w] = await db.all<{ data_from: string | null; data_to: string | null }>(
      `SELECT data_from::VARCHAR AS data_from, data_to::VARCHAR AS data_to FROM data_window`,
    );
    const published: PublishResult = await publishRelease(
      db,
      dataDir,
      {
        release_id: runId,
        created_at: new Date().toISOString(),
        k: config.k,
        protection_level: config.protectionLevel,
        fiscal_year_start_month: config.fiscalYearStartMonth,
        data_from: w?.data_from ?? null,
        data_to: w?.data_to ?? null,
        input_checksums: JSON.stringify(fileSummaries.map((f) => ({ file: f.file, sha256: f.sha256, rows: f.rowsRead }))),
      },
      {
        k: config.k,
        protectionLevel: config.protectionLevel,
        instruments: config.instruments,
        complementary: o.complementarySuppression ?? true,
        pruneAudits: config.pruneAudits,
        threads: config.threads,
        publish: !(o.hold ?? config.holdReleases),
        keepUnpublishedReleases: config.keepUnpublishedReleases,
        ...releaseProgress(progress, config.pruneAudits),
      },
    ).catch((err) => {
      if (!(err instanceof SolverError)) throw err;
      throw new PipelineError(
        `the release stage stopped: ${err.message}. No release was written; the previous release (if any) is unchanged and still served. ` +
          'The solver fails like this mostly when a problem outgrows its memory: check the data window (the earliest and latest ' +
          "encounter dates; one date far outside the programs' period stretches it) and run again; if it fails again on the same input, report this message.",
        { cause: err },
      );
    });
    const releasePath = published.path;
    endStage('release');

    const summary: RunSummary = {
      runId,
      startedAt: new Date(started).toISOString(),
      durationMs: Date.now() - started,
      stageMs,
      inputDir,
      dataDir,
      files: fileSummaries,
      ignored,
      cubeCells,
      quarantineSample,
      quarantineByReason,
      dates: config.dates,
      releasePath,
      published: published.published,
      release: {
        tables: published.tables,
        cellsReleased: published.cellsReleased,
        cellsSuppressed: published.cellsSuppressed,
        primary: published.stats.primary,
        linked: published.stats.linked,
        complementary: published.stats.complementary,
        pruned: published.stats.pruned,
        rounds: published.rounds,
        auditedQuantities: published.audit.quantitiesChecked,
        auditSeconds: Math.round(published.audit.seconds * 10) / 10,
        audits: published.audits,
      },
      ...(removedLeftovers.length ? { removedLeftovers } : {}),
    };
    await db.run(`
      UPDATE runs SET finished_at = now(), status = 'succeeded', duration_ms = ${summary.durationMs},
        summary = ${sqlString(JSON.stringify({ ...summary, quarantineSample: undefined }))}
      WHERE run_id = ${sqlString(runId)};
      CHECKPOINT;`);
    appendFileSync(join(dataDir, RUN_LOG_FILE), JSON.stringify({ ...summary, quarantineSample: undefined, status: 'succeeded' }) + '\n');
    return summary;
  } catch (err) {
    appendFileSync(
      join(dataDir, RUN_LOG_FILE),
      JSON.stringify({
        runId,
        startedAt: new Date(started).toISOString(),
        durationMs: Date.now() - started,
        inputDir,
        status: 'failed',
        error: withoutQuotedValues((err as Error).message),
        ...(removedLeftovers.length ? { removedLeftovers } : {}),
      }) + '\n',
    );
    await db
      .run(`UPDATE runs SET finished_at = now(), status = 'failed', duration_ms = ${Date.now() - started} WHERE run_id = ${sqlString(runId)}`)
      .catch(() => {});
    throw err;
  } finally {
    db.close();
    rmSync(tempDirectory, { recursive: true, force: true });
  }
}

/** The analytics store, opened for writing; a clear error when another run holds it. */
async function openStore(dataDir: string, o: Parameters<typeof openDb>[1]): Promise<Db> {
  try {
    return await openDb(join(dataDir, ANALYTICS_FILE), o);
  } catch (err) {
    const message = (err as Error).message;
    if (!message.includes('Could not set lock on file')) throw err;
    const pid = /\(PID (\d+)\)/.exec(message)?.[1];
    throw new PipelineError(
      `another process has ${join(dataDir, ANALYTICS_FILE)} open${pid ? ` (process ${pid})` : ''}: most likely a pipeline run on the same data folder. ` +
        'Wait for it to finish and run again.',
      { cause: err },
    );
  }
}

/**
 * Runs the store still lists as 'running' were interrupted: this run holds
 * the store's lock, so none of them is going (see the top of this file). Each
 * is recorded as 'interrupted' in table runs and gets a line in the run log;
 * the candidates they left are removed, and the newest one's line names them.
 * Returns removed files no line names (no interrupted run to pin them on: a
 * data folder from before the runs table, or a store deleted by hand), for
 * this run's own line.
 */
async function recoverInterrupted(db: Db, dataDir: string, runId: string): Promise<string[]> {
  const stale = await db.all<{ run_id: string; started_at: string; input_dir: string }>(
    `SELECT run_id, strftime(started_at AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%S.%gZ') AS started_at, input_dir
     FROM runs WHERE status = 'running' ORDER BY started_at`,
  );
  const note = `stopped before it finished (its process ended: killed, crashed or the machine stopped); found by run ${runId}`;
  if (stale.length) {
    await db.run(`UPDATE runs SET status = 'interrupted', summary = ${sqlString(JSON.stringify({ note }))} WHERE status = 'running'; CHECKPOINT;`);
  }
  const removed = removeLeftoverCandidates(dataDir);
  stale.forEach((r, i) => {
    const newest = i === stale.length - 1;
    appendFileSync(
      join(dataDir, RUN_LOG_FILE),
      JSON.stringify({
        runId: r.run_id,
        startedAt: r.started_at,
        durationMs: null,
        inputDir: r.input_dir,
        status: 'interrupted',
        note,
        ...(newest && removed.length ? { removedLeftovers: removed } : {}),
      }) + '\n',
    );
  });
  return stale.length ? [] : removed;
}

async function recordInputs(db: Db, runId: string, loaded: LoadedFile[], sums: string[]): Promise<void> {
  const id = sqlString(runId);
  for (const [i, f] of loaded.entries()) {
    const file = sqlString(f.file.name);
    const sha = sqlString(sums[i]!);
    await db.run(`
      INSERT INTO input_files VALUES (${id}, ${file}, ${sqlString(f.file.entity)}, ${sha}, ${f.file.bytes},
        ${f.rowsRead}, ${f.accepted}, ${f.quarantined});
      DELETE FROM quarantine WHERE file = ${file} AND sha256 = ${sha};
      INSERT INTO quarantine SELECT ${file}, ${sha}, line, "column", reason, ${id}
        FROM load_problems WHERE file_index = ${f.index} ORDER BY line, "column";`);
    for (const d of f.dropped) {
      await db.run(`INSERT INTO dropped_columns VALUES (${id}, ${file}, ${sqlString(d.column)}, ${sqlString(d.kind)})`);
    }
  }
}

async function dropStaging(db: Db, loaded: LoadedFile[]): Promise<void> {
  for (const f of loaded) await db.run(`DROP TABLE IF EXISTS staged_${f.index}`);
  await db.run(`DROP TABLE IF EXISTS person_ids; DROP TABLE IF EXISTS staff_ids;
    DROP TABLE IF EXISTS known_person_ids; DROP TABLE IF EXISTS known_staff_ids;`);
}

/**
 * What the release stage says while it works: which audit (round of the loop,
 * or pruning step), how many protected quantities it has settled of how many,
 * and each audit's verdict as a step of its own.
 */
function releaseProgress(progress: (p: Progress) => void, pruneAudits: number) {
  let label = '';
  let audits = 0;
  const say = (detail: string, step = false) => progress({ stage: 'release', done: audits, total: audits + 1, detail, ...(step ? { step } : {}) });
  return {
    onRound: (round: number, suppressed: number, failures?: number) => {
      label = `audit round ${round}: ${suppressed} cells suppressed`;
      if (failures === undefined) return say(`${label}, auditing…`);
      audits++;
      say(`${label}, ${failures === 0 ? 'every count protected' : `${failures} counts too narrow`}`, true);
    },
    onPrune: (audit: number, releasing: number, failures?: number) => {
      const budget = Number.isFinite(pruneAudits) ? ` of at most ${pruneAudits}` : '';
      label = `pruning, audit ${audit}${budget}: releasing ${releasing} cells`;
      if (failures === undefined) return say(`${label}, auditing…`);
      audits++;
      say(`${label}: ${failures === 0 ? 'released' : `${failures} counts too narrow, retrying without the cells next to them`}`, true);
    },
    // The audit's first report comes as it starts (the candidate is written by then): a line of its own in a log.
    onAuditProgress: (a: AuditProgress) =>
      a.componentsDone === 0 && a.quantitiesSettled === 0
        ? say(`${label}, auditing ${a.quantities.toLocaleString('en-US')} quantities`, true)
        : say(`${label}, ${a.quantitiesSettled.toLocaleString('en-US')} of ${a.quantities.toLocaleString('en-US')} quantities settled`),
  };
}
