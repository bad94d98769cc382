// Starts the production server (server.mjs on the built app) for a test.

import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';

const ROOT = path.resolve(import.meta.dirname, '../..');

export interface RunningServer {
  url: string;
  pid: number;
  output(): string;
  stop(): Promise<void>;
}

/** Node flags of the production server: the same as in package.json's start script. */
const SERVER_NODE_FLAGS = ['--max-old-space-size=256'];

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((resolve) => child.once('exit', () => resolve()));
}

/** The session secret of test servers (never a deployment's). */
export const TEST_SESSION_SECRET = 'e2e-test-session-secret-0123456789abcdef';

export async function startServer(dataDir: string, timeoutMs = 30_000, env: Record<string, string> = {}): Promise<RunningServer> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  // The heap cap of `npm start`: without it V8 lets the heap of 20 concurrent
  // renders grow to several hundred MB before collecting.
  const child = spawn(process.execPath, [...SERVER_NODE_FLAGS, path.join(ROOT, 'server.mjs')], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PORT: String(port),
      HOST: '127.0.0.1',
      PEER_OUTCOMES_DATA: dataDir,
      PEER_OUTCOMES_APP_STORE: '',
      SESSION_SECRET: TEST_SESSION_SECRET,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout?.on('data', (chunk: Buffer) => (log += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString()));

  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited(child);
    clearTimeout(timer);
  };

  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`the server exited with code ${child.exitCode} before answering:\n${log}`);
    }
    try {
      const response = await fetch(`${url}/healthz`);
      if (response.ok) return { url, pid: child.pid!, output: () => log, stop };
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await stop();
  throw new Error(`the server did not answer /healthz within ${timeoutMs} ms:\n${log}`);
}

/** Headless Chromium as the end-to-end tests drive it (Debian's chromium unless CHROMIUM_PATH says otherwise). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}
