// Builds the app once before the end-to-end tests, so they always run against
// the current source (never a stale build/) and work from a fresh clone; and,
// alongside, the demo release the dashboard tests read (tests/helpers/cached-run.ts).
// PEER_OUTCOMES_E2E_SKIP_BUILD=1 reuses an existing app build (for quick local reruns).

import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { ensureDemoRelease } from '../helpers/cached-run';

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '../..');
export const SERVER_BUILD = path.join(ROOT, 'build/server/index.js');

export default async function setup(): Promise<void> {
  await Promise.all([buildApp(), ensureDemoRelease()]);
}

async function buildApp(): Promise<void> {
  if (process.env.PEER_OUTCOMES_E2E_SKIP_BUILD === '1') {
    if (!existsSync(SERVER_BUILD)) {
      throw new Error(`PEER_OUTCOMES_E2E_SKIP_BUILD=1 but there is no build at ${SERVER_BUILD}; run npm run build.`);
    }
    return;
  }
  const cli = path.join(ROOT, 'node_modules/@remix-run/dev/dist/cli.js');
  const started = Date.now();
  try {
    await run(process.execPath, [cli, 'vite:build'], {
      cwd: ROOT,
      env: { ...process.env, NODE_ENV: 'production' },
      maxBuffer: 16 * 1024 * 1024,
    });
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(`The app build (remix vite:build) failed before the e2e tests:\n${e.stderr || e.stdout || e.message}`);
  }
  console.log(`[e2e] built the app in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
