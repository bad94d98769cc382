// Export throughput: the built app (server.mjs, production) on a release, a
// signed-in analyst of every program downloading, one at a time, the largest
// table of the release and the whole release, in each format; each figure the
// median of several runs, the formats interleaved run by run so that other
// work on the machine weighs on all of them alike. A download is timed from
// the request to its last byte: guards, audit entry, writing, zipping and
// streaming. rows/s counts released-table rows; MB/s counts the data files'
// bytes (manifest sizes, before zip compression) and, apart, the zip's bytes.
//
//   npm run bench:exports -- --data DIR [--runs 7]
//   (DIR holds release.duckdb; the app is built first)
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { query } from '../tests/helpers/pipeline';
import { seedAccounts, signIn } from '../tests/helpers/accounts';
import { startServer } from '../tests/e2e/server';

const { values: args } = parseArgs({ options: { data: { type: 'string' }, runs: { type: 'string', default: '7' } } });
if (!args.data) throw new Error('usage: npm run bench:exports -- --data DIR [--runs 7]');
const ROOT = path.resolve(import.meta.dirname, '..');
const dataDir = path.resolve(args.data);
const runs = Number(args.runs);
const FORMATS = ['csv', 'parquet', 'arrow'] as const;

console.error('building the app…');
execFileSync(process.execPath, [path.join(ROOT, 'node_modules/@remix-run/dev/dist/cli.js'), 'vite:build'], { cwd: ROOT, stdio: 'ignore', env: { ...process.env, NODE_ENV: 'production' } });

const release = path.join(dataDir, 'release.duckdb');
const [largest] = await query<{ table_id: string; n: number }>(release, 'SELECT table_id, count(*)::INTEGER AS n FROM cells GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 1');
const [all] = await query<{ n: number; t: number }>(release, 'SELECT count(*)::INTEGER AS n, count(DISTINCT table_id)::INTEGER AS t FROM cells');
const TARGETS = [
  { name: `largest table (${largest!.table_id}, ${largest!.n.toLocaleString('en-US')} rows)`, search: `table=${encodeURIComponent(largest!.table_id)}`, rows: largest!.n },
  { name: `whole release (${all!.t} tables, ${all!.n.toLocaleString('en-US')} rows)`, search: 'all=1', rows: all!.n },
];

// A signed-in analyst of every program, in a scratch app store (the data folder is left as it was).
const scratch = mkdtempSync(path.join(tmpdir(), 'peer-outcomes-bench-exports-'));
const ANALYST = { email: 'bench-analyst@example.org', password: 'bench analyst password', roles: ['analyst' as const], programs: ['*'] };
await seedAccounts(scratch, [ANALYST]);
const server = await startServer(dataDir, 30_000, { PEER_OUTCOMES_APP_STORE: path.join(scratch, 'app.duckdb') });
const cookie = (await signIn(server.url, ANALYST.email, ANALYST.password)).jar.header();

async function download(search: string): Promise<{ ms: number; zip: Buffer }> {
  const t0 = performance.now();
  const response = await fetch(`${server.url}/exports/download?${search}`, { headers: { Cookie: cookie } });
  if (response.status !== 200) throw new Error(`${search}: HTTP ${response.status} ${await response.text()}`);
  const zip = Buffer.from(await response.arrayBuffer());
  return { ms: performance.now() - t0, zip };
}

/** The data files' bytes, from the zip's manifest (read with Info-ZIP). */
function dataBytes(zip: Buffer): number {
  const file = path.join(scratch, 'sample.zip');
  writeFileSync(file, zip);
  const manifest = JSON.parse(execFileSync('/usr/bin/unzip', ['-p', file, 'manifest.json'], { encoding: 'utf8' })) as { tables: { bytes: number }[] };
  return manifest.tables.reduce((n, t) => n + t.bytes, 0);
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

try {
  const results: { target: string; format: string; rows: number; ms: number[]; data: number; zip: number }[] = [];
  for (const target of TARGETS) {
    const byFormat = new Map<string, { ms: number[]; data: number; zip: number }>();
    for (const format of FORMATS) {
      const warm = await download(`format=${format}&${target.search}`); // the snapshot, the route modules, the JIT
      byFormat.set(format, { ms: [], data: dataBytes(warm.zip), zip: warm.zip.length });
    }
    for (let r = 0; r < runs; r++) {
      for (const format of FORMATS) byFormat.get(format)!.ms.push((await download(`format=${format}&${target.search}`)).ms);
    }
    for (const format of FORMATS) results.push({ target: target.name, format, rows: target.rows, ...byFormat.get(format)! });
  }
  console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${(totalmem() / 2 ** 30).toFixed(1)} GB, Node ${process.version}`);
  console.log(`release: ${dataDir}; ${runs} runs per figure (median), formats interleaved\n`);
  console.log('| export | format | median ms (min–max) | rows/s | data MB | data MB/s | zip MB | zip MB/s |');
  console.log('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const r of results) {
    const s = median(r.ms) / 1000;
    console.log(
      `| ${r.target} | ${r.format} | ${median(r.ms).toFixed(0)} (${Math.min(...r.ms).toFixed(0)}–${Math.max(...r.ms).toFixed(0)}) | ${Math.round(r.rows / s).toLocaleString('en-US')} | ${(r.data / 1e6).toFixed(2)} | ${(r.data / 1e6 / s).toFixed(1)} | ${(r.zip / 1e6).toFixed(2)} | ${(r.zip / 1e6 / s).toFixed(1)} |`,
    );
  }
} finally {
  await server.stop();
  rmSync(scratch, { recursive: true, force: true });
}
