// Dashboard load benchmark: the built app (server.mjs, production) on a
// release, 20 concurrent keep-alive clients per page for a fixed time, and
// the trivial health route measured in the same run for the ratio. Also the
// server's peak resident memory under that load, the server's CPU time per
// response (user + system, from /proc: less sensitive than latency to other
// jobs on a shared machine), each page's HTML size, and its client JavaScript
// (gzip) from the build's asset manifest.
//
//   npm run bench:dashboard -- --data DIR [--seconds 10] [--connections 20]
//   (DIR holds release.duckdb; the app is built first)
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import { cpus, tmpdir, totalmem } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { DuckDBInstance } from '@duckdb/node-api';
import { seedAccounts, signIn } from '../tests/helpers/accounts';
import { startServer } from '../tests/e2e/server';

const { values: args } = parseArgs({
  options: { data: { type: 'string' }, seconds: { type: 'string', default: '10' }, connections: { type: 'string', default: '20' } },
});
if (!args.data) throw new Error('usage: npm run bench:dashboard -- --data DIR [--seconds 10] [--connections 20]');
const ROOT = path.resolve(import.meta.dirname, '..');
const dataDir = path.resolve(args.data);
const seconds = Number(args.seconds);
const connections = Number(args.connections);

console.error('building the app…');
execFileSync(process.execPath, [path.join(ROOT, 'node_modules/@remix-run/dev/dist/cli.js'), 'vite:build'], { cwd: ROOT, stdio: 'ignore', env: { ...process.env, NODE_ENV: 'production' } });

// A program of the release, for a program view with its sites.
const db = await DuckDBInstance.create(path.join(dataDir, 'release.duckdb'), { access_mode: 'READ_ONLY' });
const conn = await db.connect();
const rows = (await conn.runAndReadAll("SELECT dimension_value AS p FROM dimension_values WHERE dimension = 'program' ORDER BY 1 LIMIT 1")).getRowObjectsJson();
const cells = Number((await conn.runAndReadAll('SELECT count(*)::DOUBLE AS n FROM cells')).getRowObjectsJson()[0]?.n);
conn.closeSync();
db.closeSync();
const program = encodeURIComponent(String(rows[0]?.p ?? ''));

const PAGES: [string, string, string][] = [
  ['health route', '/healthz', ''],
  ['overview', '/dashboard', 'routes/dashboard._index'],
  ['engagement', '/dashboard/engagement', 'routes/dashboard.engagement'],
  ['engagement, a program by site', `/dashboard/engagement?program=${program}&by=site`, 'routes/dashboard.engagement'],
  ['satisfaction & trust', '/dashboard/satisfaction', 'routes/dashboard.satisfaction'],
  ['recovery', '/dashboard/recovery', 'routes/dashboard.recovery'],
  ['standards, by program', '/dashboard/standards?by=program', 'routes/dashboard.standards'],
  ['equity', '/dashboard/equity?by=race_ethnicity', 'routes/dashboard.equity'],
  ['about', '/dashboard/about', 'routes/dashboard.about'],
];

// Pages need a signed-in program manager of every program: one is made in a
// scratch app store (the data folder is left as it was), and every request
// carries its session. Each page view then also writes its audit entry, as in
// production.
const scratch = mkdtempSync(path.join(tmpdir(), 'peer-outcomes-bench-'));
const MANAGER = { email: 'bench@example.org', password: 'bench manager password', roles: ['program_manager' as const], programs: ['*'] };
await seedAccounts(scratch, [MANAGER]);
const server = await startServer(dataDir, 30_000, { PEER_OUTCOMES_APP_STORE: path.join(scratch, 'app.duckdb') });
const cookie = (await signIn(server.url, MANAGER.email, MANAGER.password)).jar.header();
const { port } = new URL(server.url);
const agent = new http.Agent({ keepAlive: true, maxSockets: connections });

let lastBytes = 0;
function get(urlPath: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const req = http.get({ host: '127.0.0.1', port, path: urlPath, agent, headers: { Cookie: cookie } }, (res) => {
      let bytes = 0;
      res.on('data', (chunk: Buffer) => (bytes += chunk.length));
      res.on('end', () => {
        lastBytes = bytes;
        if (res.statusCode === 200) resolve(performance.now() - t0);
        else reject(new Error(`${urlPath}: HTTP ${res.statusCode}`));
      });
    });
    req.on('error', reject);
  });
}

function rssMb(): number {
  const status = readFileSync(`/proc/${server.pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

/** CPU time the server process has used, in ms (user + system; clock ticks of 10 ms). */
function cpuMs(): number {
  const fields = readFileSync(`/proc/${server.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

async function load(urlPath: string, forSeconds: number) {
  const latencies: number[] = [];
  const cpu0 = cpuMs();
  const end = performance.now() + forSeconds * 1000;
  let peak = 0;
  const sampler = setInterval(() => (peak = Math.max(peak, rssMb())), 100);
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < end) latencies.push(await get(urlPath));
    }),
  );
  clearInterval(sampler);
  const cpuPerResponse = (cpuMs() - cpu0) / latencies.length;
  latencies.sort((a, b) => a - b);
  const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]!;
  return { n: latencies.length, rps: latencies.length / forSeconds, p50: q(0.5), p95: q(0.95), p99: q(0.99), peakRss: Math.max(peak, rssMb()), cpuPerResponse, htmlKb: lastBytes / 1024 };
}

/** Gzipped JavaScript a page loads: the client entry, the root, the dashboard layout, the route, and their imports. */
async function clientJsKb(routeId: string): Promise<number> {
  const build = (await import(path.join(ROOT, 'build/server/index.js'))) as { assets: { entry: { module: string; imports: string[] }; routes: Record<string, { module: string; imports?: string[] }> } };
  const { assets } = build;
  const files = new Set<string>([assets.entry.module, ...assets.entry.imports]);
  for (const id of ['root', 'routes/dashboard', routeId]) {
    const r = assets.routes[id];
    if (!r) continue;
    files.add(r.module);
    for (const f of r.imports ?? []) files.add(f);
  }
  let bytes = 0;
  for (const f of files) bytes += gzipSync(readFileSync(path.join(ROOT, 'build/client', f))).length;
  return bytes / 1024;
}

try {
  for (const [, urlPath] of PAGES) await load(urlPath, 1); // warm up: the snapshot, the route modules, the JIT
  const results = [];
  for (const [name, urlPath, routeId] of PAGES) {
    results.push({ name, urlPath, ...(await load(urlPath, seconds)), js: routeId ? await clientJsKb(routeId) : null });
  }
  const health = results[0]!;
  const healthAgain = await load('/healthz', seconds); // drift check: health at the start and the end
  console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${(totalmem() / 2 ** 30).toFixed(1)} GB, Node ${process.version}`);
  console.log(`release: ${dataDir} (${cells.toLocaleString('en-US')} cells); ${connections} concurrent clients, ${seconds} s per page\n`);
  console.log('| page | requests/s | p50 ms | p95 ms | p95 ÷ health p95 | p99 ms | server CPU ms per response | peak RSS MB | HTML kB | client JS kB gzip |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const r of results) {
    console.log(
      `| ${r.name} | ${r.rps.toFixed(0)} | ${r.p50.toFixed(1)} | ${r.p95.toFixed(1)} | ${(r.p95 / health.p95).toFixed(1)} | ${r.p99.toFixed(1)} | ${r.cpuPerResponse.toFixed(2)} | ${r.peakRss.toFixed(0)} | ${r.htmlKb.toFixed(0)} | ${r.js === null ? '–' : r.js.toFixed(1)} |`,
    );
  }
  console.log(`\nhealth route again at the end: p95 ${healthAgain.p95.toFixed(1)} ms (start ${health.p95.toFixed(1)} ms)`);
} finally {
  agent.destroy();
  await server.stop();
  rmSync(scratch, { recursive: true, force: true });
}
