// Pipeline benchmark: the whole pipeline's wall time as a ratio to DuckDB's
// own typed load of the same files (CREATE TABLE … AS SELECT * FROM
// read_csv(…) with the contract's column types, every file, nothing else),
// both measured in this run, each in a child process of its own so peak
// memory (max RSS) is the run's alone. Results: docs/BENCHMARKS.md.
//
//   npm run bench:pipeline -- [--scale statewide] [--seed 1] [--input DIR] [--repeat 2]
import { DuckDBInstance } from '@duckdb/node-api';
import { execFileSync, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readSync, rmSync, statSync } from 'node:fs';
import { cpus, totalmem, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { CONTRACT } from '../pipelines/contract/entities';
import { duckType } from '../pipelines/stages/checks';
import { discoverInputs } from '../pipelines/stages/discover';
import { loadConfig } from '../pipelines/runner/config';
import { runPipeline } from '../pipelines/runner/run';
import { generate, type ScaleName } from '../pipelines/synth/index';

const { values: args } = parseArgs({
  options: {
    scale: { type: 'string', default: 'statewide' },
    seed: { type: 'string', default: '1' },
    input: { type: 'string' },
    repeat: { type: 'string', default: '2' },
    child: { type: 'string' }, // internal: 'load' | 'pipeline'
    data: { type: 'string' },
  },
});

function firstLine(path: string): string {
  const buf = Buffer.alloc(1 << 16);
  const fd = openSync(path, 'r');
  const n = readSync(fd, buf, 0, buf.length, 0);
  closeSync(fd);
  return buf.subarray(0, n).toString('utf8').split(/\r?\n/)[0]!;
}

/** The baseline: a typed CTAS per file, nothing else. */
async function typedLoad(inputDir: string, dataDir: string): Promise<void> {
  const config = loadConfig(dataDir, { ...process.env, PEER_OUTCOMES_DEMO: '1' });
  const db = await DuckDBInstance.create(join(dataDir, 'baseline.duckdb'), {
    memory_limit: config.memoryLimit,
    threads: String(config.threads),
    temp_directory: join(dataDir, '.tmp'),
  });
  const conn = await db.connect();
  for (const [i, f] of discoverInputs(inputDir).files.entries()) {
    const header = firstLine(f.path).split(',');
    const spec = CONTRACT[f.entity].columns;
    const types = header.map((h) => {
      const c = spec.find((s) => s.name === h);
      return `'${h}': '${c ? duckType(c) : 'VARCHAR'}'`;
    });
    await conn.run(
      `CREATE TABLE t${i} AS SELECT * FROM read_csv('${f.path}', header = true, columns = {${types.join(', ')}}, ignore_errors = true)`,
    );
  }
  conn.closeSync();
  db.closeSync();
}

async function child(kind: string, inputDir: string, dataDir: string): Promise<void> {
  const t0 = performance.now();
  if (kind === 'load') await typedLoad(inputDir, dataDir);
  else await runPipeline({ inputDir, dataDir, env: { ...process.env, PEER_OUTCOMES_DEMO: '1' } });
  const ms = performance.now() - t0;
  // maxRSS is in KiB; DuckDB's memory is this process's memory.
  process.stdout.write(JSON.stringify({ ms, maxRssMiB: process.resourceUsage().maxRSS / 1024 }) + '\n');
}

function measure(kind: 'load' | 'pipeline', inputDir: string): { ms: number; maxRssMiB: number } {
  const dataDir = mkdtempSync(join(tmpdir(), `po-bench-${kind}-`));
  try {
    const r = spawnSync(process.execPath, ['--import', 'tsx', import.meta.filename, '--child', kind, '--input', inputDir, '--data', dataDir], {
      encoding: 'utf8',
      maxBuffer: 1 << 24,
    });
    if (r.status !== 0) throw new Error(`${kind} failed: ${r.stderr}`);
    return JSON.parse(r.stdout.trim().split('\n').pop()!);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  if (args.child) return child(args.child, args.input!, args.data!);
  let inputDir = args.input ? resolve(args.input) : resolve('data', `${args.scale}-seed${args.seed}`, 'input');
  if (!existsSync(join(inputDir, 'encounters.csv'))) {
    process.stderr.write(`generating ${args.scale} input in ${inputDir}…\n`);
    const t = performance.now();
    await generate({ scale: args.scale as ScaleName, seed: Number(args.seed), outDir: inputDir });
    process.stderr.write(`  synth: ${((performance.now() - t) / 1000).toFixed(1)} s\n`);
  }
  const files = discoverInputs(inputDir).files;
  const bytes = files.reduce((a, f) => a + statSync(f.path).size, 0);
  const encounterRows = Number(execFileSync('wc', ['-l', join(inputDir, 'encounters.csv')], { encoding: 'utf8' }).split(' ')[0]) - 1;
  process.stderr.write(`input: ${files.length} files, ${(bytes / 2 ** 20).toFixed(0)} MiB, ${encounterRows.toLocaleString('en-US')} encounter rows\n`);

  const repeat = Number(args.repeat);
  const rows: { round: number; load: { ms: number; maxRssMiB: number }; pipeline: { ms: number; maxRssMiB: number } }[] = [];
  for (let round = 1; round <= repeat; round++) {
    // Interleaved, so drift on a shared machine hits both sides alike.
    const load = measure('load', inputDir);
    const pipeline = measure('pipeline', inputDir);
    rows.push({ round, load, pipeline });
    process.stderr.write(
      `round ${round}: typed load ${(load.ms / 1000).toFixed(2)} s (max RSS ${load.maxRssMiB.toFixed(0)} MiB), ` +
        `pipeline ${(pipeline.ms / 1000).toFixed(2)} s (max RSS ${pipeline.maxRssMiB.toFixed(0)} MiB), ratio ${(pipeline.ms / load.ms).toFixed(2)}\n`,
    );
  }
  const best = (k: 'load' | 'pipeline') => Math.min(...rows.map((r) => r[k].ms));
  const result = {
    machine: { cpus: cpus().length, model: cpus()[0]?.model, memoryGiB: +(totalmem() / 2 ** 30).toFixed(1), node: process.version },
    input: { dir: inputDir, files: files.length, mib: +(bytes / 2 ** 20).toFixed(0), encounterRows },
    rounds: rows,
    bestLoadS: +(best('load') / 1000).toFixed(2),
    bestPipelineS: +(best('pipeline') / 1000).toFixed(2),
    ratioOfBest: +(best('pipeline') / best('load')).toFixed(2),
    peakPipelineRssMiB: Math.max(...rows.map((r) => r.pipeline.maxRssMiB)),
  };
  process.stdout.write(JSON.stringify(result, null, 2) + '\n');
}

await main();
