// The demo release the dashboard's end-to-end tests read: synthetic demo data
// (seed 42) through the real pipeline, built once into .cache/e2e-demo and
// rebuilt whenever the pipeline's source or the lock file changes.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '../..');
export const DEMO_DATA_DIR = path.join(ROOT, '.cache/e2e-demo');
export const DEMO_RELEASE = path.join(DEMO_DATA_DIR, 'release.duckdb');
const STAMP = path.join(DEMO_DATA_DIR, 'source.sha256');

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : [path.join(dir, e.name)]))
    .sort();
}

/** A hash of everything that decides the demo release's content. */
function sourceHash(): string {
  const hash = createHash('sha256');
  for (const file of [...files(path.join(ROOT, 'pipelines')), path.join(ROOT, 'package-lock.json')]) {
    hash.update(path.relative(ROOT, file)).update('\0').update(readFileSync(file)).update('\0');
  }
  return hash.digest('hex');
}

export async function ensureDemoRelease(): Promise<void> {
  const stamp = sourceHash();
  if (existsSync(DEMO_RELEASE) && existsSync(STAMP) && readFileSync(STAMP, 'utf8') === stamp) return;
  rmSync(DEMO_DATA_DIR, { recursive: true, force: true });
  mkdirSync(DEMO_DATA_DIR, { recursive: true });
  const tsx = path.join(ROOT, 'node_modules/tsx/dist/cli.mjs');
  const env: NodeJS.ProcessEnv = { ...process.env, PEER_OUTCOMES_DEMO: '1' };
  delete env.PEER_OUTCOMES_SECRET; // demo mode's own key
  delete env.PEER_OUTCOMES_K;
  env.PEER_OUTCOMES_PRUNE_AUDITS = '0'; // the dashboard tests need a release, not a pruned one: minutes saved on every pipeline change
  const started = Date.now();
  const input = path.join(DEMO_DATA_DIR, 'input');
  try {
    await run(process.execPath, [tsx, 'pipelines/cli/synth.ts', '--scale', 'demo', '--seed', '42', '--out', input], { cwd: ROOT, env, maxBuffer: 64 * 1024 * 1024 });
    await run(process.execPath, [tsx, 'pipelines/cli/pipeline.ts', '--input', input, '--data', DEMO_DATA_DIR], { cwd: ROOT, env, maxBuffer: 64 * 1024 * 1024 });
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(`Building the demo release for the e2e tests failed:\n${e.stderr || e.stdout || e.message}`);
  }
  rmSync(input, { recursive: true, force: true });
  writeFileSync(STAMP, stamp);
  console.log(`[e2e] built the demo release in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
