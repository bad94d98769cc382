// Test helpers for pipeline runs: temp folders, a synthetic input, read-only queries.
import { DuckDBInstance } from '@duckdb/node-api';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generate, type SynthResult } from '../../pipelines/synth/index';
import { runPipeline, type RunSummary } from '../../pipelines/runner/run';

/**
 * Demo mode, pruning off: each pruning audit costs seconds on a tiny run (tens of seconds on
 * the demo), and these runs test the rest of the pipeline. Pruning has its own tests
 * (disclosure-prune.test.ts), and the attack suite sets a budget to attack a pruned release.
 */
export const DEMO_ENV: NodeJS.ProcessEnv = { ...process.env, PEER_OUTCOMES_DEMO: '1', PEER_OUTCOMES_SECRET: undefined, PEER_OUTCOMES_PRUNE_AUDITS: '0' };

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `po-${prefix}-`));
}

export async function synthTiny(seed = 7): Promise<{ dir: string; synth: SynthResult }> {
  const dir = tempDir('input');
  const synth = await generate({ scale: 'tiny', seed, outDir: dir });
  return { dir, synth };
}

export function run(inputDir: string, dataDir: string, env: NodeJS.ProcessEnv = DEMO_ENV): Promise<RunSummary> {
  return runPipeline({ inputDir, dataDir, env });
}

/** Rows of a query against a DuckDB file opened read-only, or ':memory:' (closed afterwards). */
export async function query<T = Record<string, unknown>>(file: string, sql: string): Promise<T[]> {
  const db = await DuckDBInstance.create(file, file === ':memory:' ? {} : { access_mode: 'READ_ONLY' });
  const conn = await db.connect();
  try {
    return (await conn.runAndReadAll(sql)).getRowObjectsJson() as T[];
  } finally {
    conn.closeSync();
    db.closeSync();
  }
}
