// Growth of disclosure control: for each synth scale (seed 42), the real
// pipeline (demo secret, pruning at its default) in a child process of its
// own, and a markdown table of what the release stage did and what it cost
// against all the other stages together, per release cell. Wall and CPU time
// both: the machine is shared, so wall time alone says little about the code;
// the load average at the start and end of each run says how shared.
// Results: docs/BENCHMARKS.md ("Growth of disclosure control").
//
//   npm run bench:growth -- [--scales tiny,skewed,demo,statewide,statewide2x] [--out DIR] [--seed 42]
//
// DIR (default data/growth) keeps each scale's synthetic input between runs
// (DIR/<scale>-seed<N>/input) and the JSON of every run (DIR/growth-*.json);
// the pipeline's data folder is made fresh for each run and removed after.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { runPipeline, type Progress, type RunSummary } from '../pipelines/runner/run';
import type { ReleaseSummary } from '../pipelines/runner/run';
import { generate, SCALE_NAMES, type ScaleName } from '../pipelines/synth/index';

/** One audit as the run summary reports it (`release.audits`: loop rounds, then pruning). */
type AuditStat = ReleaseSummary['audits'][number];

interface Measured {
  scale: ScaleName;
  people: number;
  cubeCells: number;
  releaseCells: number;
  primary: number;
  secondary: number;
  pruned: number;
  audits: number;
  /** From `release.audits` when the summary has it. */
  lpSolves?: number;
  largestComponent?: { rows: number; vars: number };
  componentsFromMemory?: number;
  releaseS: number;
  otherS: number;
  releaseCpuS: number;
  otherCpuS: number;
  maxRssMiB: number;
  load: { start: number; end: number };
}

const { values: args } = parseArgs({
  options: {
    scales: { type: 'string', default: 'tiny,skewed,demo' },
    out: { type: 'string', default: join('data', 'growth') },
    seed: { type: 'string', default: '42' },
    child: { type: 'string' }, // internal: the scale a child process runs
    input: { type: 'string' },
  },
});

const cpuSeconds = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1e6;

/** The child: one pipeline run, its figures as one JSON line on stdout. */
async function child(scale: ScaleName, inputDir: string): Promise<void> {
  const dataDir = mkdtempSync(join(resolve(args.out!), `.run-${scale}-`));
  const loadStart = loadavg()[0]!;
  const cpu0 = process.cpuUsage();
  // CPU at the last progress event before the release stage's first: the
  // stage boundary, give or take two small queries.
  let cpuBeforeRelease = cpu0;
  let inRelease = false;
  let rounds = 0;
  let pruneAudits = 0;
  let said = '';
  const onProgress = (p: Progress) => {
    if (p.stage !== 'release') {
      cpuBeforeRelease = process.cpuUsage();
      return;
    }
    inRelease = true;
    const d = p.detail ?? '';
    rounds = Math.max(rounds, Number(/^audit round (\d+)/.exec(d)?.[1] ?? 0));
    pruneAudits = Math.max(pruneAudits, Number(/^pruning, audit (\d+)/.exec(d)?.[1] ?? 0));
    // One line per audit step, not per settled quantity.
    const line = d.replace(/, [\d,]+ of [\d,]+ quantities settled$/, '');
    if (line !== said) process.stderr.write(`  ${scale}: ${(said = line)}\n`);
  };
  let summary: RunSummary;
  try {
    summary = await runPipeline({
      inputDir,
      dataDir,
      env: { ...process.env, PEER_OUTCOMES_DEMO: '1', PEER_OUTCOMES_SECRET: undefined, PEER_OUTCOMES_PRUNE_AUDITS: undefined },
      onProgress,
    });
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
  const cpuEnd = process.cpuUsage();
  if (!inRelease) cpuBeforeRelease = cpuEnd;
  const r = summary.release;
  const audits = (r as { audits?: AuditStat[] }).audits;
  const releaseMs = summary.stageMs.release ?? 0;
  const otherMs = Object.entries(summary.stageMs).reduce((a, [s, ms]) => a + (s === 'release' ? 0 : (ms ?? 0)), 0);
  const m: Measured = {
    scale,
    people: summary.files.find((f) => f.entity === 'participants')?.accepted ?? 0,
    cubeCells: summary.cubeCells,
    releaseCells: r.cellsReleased + r.cellsSuppressed,
    primary: r.primary,
    secondary: r.cellsSuppressed - r.primary,
    pruned: r.pruned,
    audits: audits?.length ?? r.rounds + pruneAudits,
    ...(audits && {
      lpSolves: audits.reduce((a, x) => a + x.lpSolves, 0),
      largestComponent: audits.map((x) => x.largestComponent).reduce((a, b) => (b.rows * b.vars > a.rows * a.vars ? b : a), { rows: 0, vars: 0 }),
      componentsFromMemory: audits.reduce((a, x) => a + x.componentsFromMemory, 0),
    }),
    releaseS: releaseMs / 1000,
    otherS: otherMs / 1000,
    releaseCpuS: cpuSeconds(cpuEnd) - cpuSeconds(cpuBeforeRelease),
    otherCpuS: cpuSeconds(cpuBeforeRelease) - cpuSeconds(cpu0),
    maxRssMiB: process.resourceUsage().maxRSS / 1024,
    load: { start: loadStart, end: loadavg()[0]! },
  };
  process.stdout.write(JSON.stringify(m) + '\n');
}

function runChild(scale: ScaleName, inputDir: string): Promise<Measured> {
  return new Promise((ok, fail) => {
    const p = spawn(
      process.execPath,
      ['--import', 'tsx', import.meta.filename, '--child', scale, '--input', inputDir, '--out', args.out!],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    p.stdout.on('data', (b: Buffer) => (out += b.toString('utf8')));
    p.on('error', fail);
    p.on('close', (code) => {
      if (code !== 0) return fail(new Error(`${scale}: the pipeline run failed (exit ${code})`));
      ok(JSON.parse(out.trim().split('\n').pop()!) as Measured);
    });
  });
}

const int = (n: number) => n.toLocaleString('en-US');
const s1 = (n: number) => n.toFixed(1);

function table(rows: readonly Measured[]): string {
  const head = [
    'scale', 'people', 'cube cells', 'release cells', 'primary', 'secondary', 'pruned', 'audits', 'LP solves',
    'largest component (rows × vars)', 'release s (CPU s)', 'other stages s (CPU s)', 'ratio wall (CPU)', 'ms per release cell', 'load avg start/end',
  ];
  const lines = rows.map((m) => [
    m.scale,
    int(m.people),
    int(m.cubeCells),
    int(m.releaseCells),
    int(m.primary),
    int(m.secondary),
    int(m.pruned),
    int(m.audits),
    m.lpSolves === undefined ? 'n/a' : int(m.lpSolves),
    m.largestComponent ? `${int(m.largestComponent.rows)} × ${int(m.largestComponent.vars)}` : 'n/a',
    `${s1(m.releaseS)} (${s1(m.releaseCpuS)})`,
    `${s1(m.otherS)} (${s1(m.otherCpuS)})`,
    `${s1(m.releaseS / m.otherS)}× (${s1(m.releaseCpuS / m.otherCpuS)}×)`,
    ((m.releaseS * 1000) / m.releaseCells).toFixed(2),
    `${s1(m.load.start)} / ${s1(m.load.end)}`,
  ]);
  return [head, head.map(() => '---'), ...lines].map((l) => `| ${l.join(' | ')} |`).join('\n');
}

async function main(): Promise<void> {
  const seed = Number(args.seed);
  if (args.child) return child(args.child as ScaleName, args.input!);
  const scales = args.scales!.split(',').map((s) => s.trim());
  const unknown = scales.filter((s) => !(SCALE_NAMES as readonly string[]).includes(s));
  if (unknown.length > 0) throw new Error(`unknown scale ${unknown.join(', ')}; one of ${SCALE_NAMES.join(', ')}`);
  const out = resolve(args.out!);
  mkdirSync(out, { recursive: true });
  const machine = { cpus: cpus().length, model: cpus()[0]?.model, memoryGiB: +(totalmem() / 2 ** 30).toFixed(1), node: process.version };
  const resultFile = join(out, `growth-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  const rows: Measured[] = [];
  for (const scale of scales as ScaleName[]) {
    const inputDir = join(out, `${scale}-seed${seed}`, 'input');
    if (!existsSync(join(inputDir, 'synth-manifest.json'))) {
      process.stderr.write(`${scale}: generating the input (seed ${seed}) in ${inputDir}…\n`);
      await generate({ scale, seed, outDir: inputDir });
    }
    process.stderr.write(`${scale}: running the pipeline (load average ${s1(loadavg()[0]!)})…\n`);
    const m = await runChild(scale, inputDir);
    rows.push(m);
    process.stderr.write(`${scale}: release stage ${s1(m.releaseS)} s, the rest ${s1(m.otherS)} s\n`);
    // After each scale, so a long run cut short keeps what it measured.
    writeFileSync(resultFile, JSON.stringify({ seed, machine, rows }, null, 2) + '\n');
  }
  process.stdout.write(`${machine.cpus} × ${machine.model}, ${machine.memoryGiB} GiB, Node ${machine.node}; seed ${seed}\n\n${table(rows)}\n`);
}

await main();
