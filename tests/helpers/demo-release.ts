// The demo release that the dashboard's end-to-end tests read and the attack
// suite attacks: synthetic demo data (seed 42) through the real pipeline, as
// `npm run demo` builds it (pruning with its default budget). Built once into
// .cache/e2e-demo and rebuilt whenever the pipeline's source or the lock file
// changes; a lock folder keeps two test processes from building it at once.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '../..');
export const DEMO_DATA_DIR = path.join(ROOT, '.cache/e2e-demo');
export const DEMO_RELEASE = path.join(DEMO_DATA_DIR, 'release.duckdb');
/** The synthetic extracts the release was built from (the attack suite's ground truth). */
export const DEMO_INPUT_DIR = path.join(DEMO_DATA_DIR, 'input');
const STAMP = path.join(DEMO_DATA_DIR, 'source.sha256');
const LOCK = `${DEMO_DATA_DIR}.lock`;

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

const fresh = (stamp: string) => existsSync(DEMO_RELEASE) && existsSync(STAMP) && readFileSync(STAMP, 'utf8') === stamp;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The lock folder, taken; or false while a live process holds it (a dead holder's lock is broken). */
function takeLock(): boolean {
  try {
    mkdirSync(LOCK);
    writeFileSync(path.join(LOCK, 'pid'), String(process.pid));
    return true;
  } catch {
    const pid = Number(existsSync(path.join(LOCK, 'pid')) ? readFileSync(path.join(LOCK, 'pid'), 'utf8') : NaN);
    if (Number.isInteger(pid) && !alive(pid)) rmSync(LOCK, { recursive: true, force: true });
    return false;
  }
}

export async function ensureDemoRelease(): Promise<void> {
  mkdirSync(path.dirname(DEMO_DATA_DIR), { recursive: true });
  const stamp = sourceHash();
  while (!fresh(stamp)) {
    if (!takeLock()) {
      await sleep(500);
      continue;
    }
    try {
      if (!fresh(stamp)) await build(stamp);
    } finally {
      rmSync(LOCK, { recursive: true, force: true });
    }
  }
}

async function build(stamp: string): Promise<void> {
  rmSync(DEMO_DATA_DIR, { recursive: true, force: true });
  mkdirSync(DEMO_DATA_DIR, { recursive: true });
  const tsx = path.join(ROOT, 'node_modules/tsx/dist/cli.mjs');
  const env: NodeJS.ProcessEnv = { ...process.env, PEER_OUTCOMES_DEMO: '1' };
  delete env.PEER_OUTCOMES_SECRET; // demo mode's own key
  delete env.PEER_OUTCOMES_K;
  delete env.PEER_OUTCOMES_PRUNE_AUDITS; // the default budget, as `npm run demo`: the attacks need released-again cells
  const started = Date.now();
  const input = DEMO_INPUT_DIR;
  try {
    await run(process.execPath, [tsx, 'pipelines/cli/synth.ts', '--scale', 'demo', '--seed', '42', '--out', input], { cwd: ROOT, env, maxBuffer: 64 * 1024 * 1024 });
    await run(process.execPath, [tsx, 'pipelines/cli/pipeline.ts', '--input', input, '--data', DEMO_DATA_DIR], { cwd: ROOT, env, maxBuffer: 64 * 1024 * 1024 });
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(`Building the demo release for the tests failed:\n${e.stderr || e.stdout || e.message}`);
  }
  writeFileSync(STAMP, stamp);
  console.log(`[tests] built the demo release in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
