// npm run pipeline -- --input DIR --data DIR [--hold]
// Loads the extracts in DIR, de-identifies them into DATA/analytics.duckdb,
// computes the metric cube, keeps the audited release in DATA/releases/<id>/
// and publishes it as DATA/release.duckdb (--hold, or holdReleases in the
// settings: keep it only). On a fatal error, a message saying what to do and
// an exit code (failure.ts); a summary at the end.
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { runPipeline, type Progress, type RunSummary } from '../runner/run';
import { describeFailure, EXIT } from './failure';
import { osActor } from '../release/history';
import { progressBar } from './progress';
import { recordedText, recordReleaseAction } from './release-trail';

const Args = z.object({
  input: z.string({ error: '--input DIR is required: the folder with the extract files' }).min(1),
  data: z.string({ error: '--data DIR is required: where analytics.duckdb and release.duckdb go' }).min(1),
});

const USAGE = 'usage: npm run pipeline -- --input DIR --data DIR [--hold]';

function fmt(n: number): string {
  return n.toLocaleString('en-US');
}

function printSummary(s: RunSummary): void {
  const out = process.stdout;
  out.write(`\nRun ${s.runId} finished in ${(s.durationMs / 1000).toFixed(1)} s\n`);
  out.write(`  stages: ${Object.entries(s.stageMs).map(([k, v]) => `${k} ${(v! / 1000).toFixed(1)} s`).join(', ')}\n\n`);
  const w = Math.max(...s.files.map((f) => f.file.length), 4);
  out.write(`  ${'file'.padEnd(w)}  ${'read'.padStart(11)}  ${'accepted'.padStart(11)}  ${'quarantined'.padStart(11)}\n`);
  for (const f of s.files) {
    out.write(`  ${f.file.padEnd(w)}  ${fmt(f.rowsRead).padStart(11)}  ${fmt(f.accepted).padStart(11)}  ${fmt(f.quarantined).padStart(11)}\n`);
  }
  const dropped = s.files.flatMap((f) => f.dropped.map((d) => ({ ...d, file: f.file })));
  const byKind = (k: string) => [...new Set(dropped.filter((d) => d.kind === k).map((d) => `${d.column} (${d.file})`))];
  if (dropped.length) {
    out.write('\n  columns not loaded:\n');
    const ids = byKind('identifier');
    if (ids.length) out.write(`    direct identifiers, dropped unread: ${ids.join(', ')}\n`);
    const derived = byKind('derived_then_dropped');
    if (derived.length) out.write(`    reduced to what the contract keeps, then dropped: ${derived.join(', ')}\n`);
    const other = byKind('not_in_contract');
    if (other.length) out.write(`    not in the contract, dropped unread: ${other.join(', ')}\n`);
  }
  for (const i of s.ignored) out.write(`  ignored ${i.name}: ${i.reason}\n`);
  const q = s.files.reduce((a, f) => a + f.quarantined, 0);
  if (q > 0) {
    out.write(`\n  ${fmt(q)} rows quarantined (table quarantine in analytics.duckdb), by reason:\n`);
    for (const r of s.quarantineByReason) {
      out.write(`    ${fmt(r.rows).padStart(9)}  ${r.file} ${r.column}: ${r.reason} (first: line ${r.firstLine})\n`);
    }
  }
  out.write(`  dates accepted: ${s.dates.earliest} to ${s.dates.latest} (the extract date)\n`);
  const r = s.release;
  out.write(
    `\n  metric cube: ${fmt(s.cubeCells)} cells\n` +
      `  release: ${fmt(r.tables)} tables, ${fmt(r.cellsReleased)} cells released, ${fmt(r.cellsSuppressed)} suppressed ` +
      `(${fmt(r.primary)} primary, ${fmt(r.linked)} with them, ${fmt(r.complementary)} complementary; ` +
      `${fmt(r.pruned)} released again by pruning)\n` +
      `  audit: ${fmt(r.auditedQuantities)} suppressed counts, none narrower than the protection level ` +
      `(${r.rounds} round${r.rounds === 1 ? '' : 's'}, the last ${r.auditSeconds} s)\n` +
      `  kept: ${s.releasePath}\n` +
      (s.published
        ? `  published: now served as ${s.dataDir}/release.duckdb\n`
        : `  held, not published: npm run release:publish -- --id ${s.runId} --data ${s.dataDir}\n`),
  );
}

async function main(): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ options: { input: { type: 'string' }, data: { type: 'string' }, hold: { type: 'boolean' }, help: { type: 'boolean' } } });
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n${USAGE}\n`);
    return EXIT.usage;
  }
  if (parsed.values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const args = Args.safeParse(parsed.values);
  if (!args.success) {
    process.stderr.write(`${args.error.issues.map((i) => i.message).join('\n')}\n${USAGE}\n`);
    return EXIT.usage;
  }
  const bar = progressBar(process.stderr);
  try {
    const summary = await runPipeline({
      inputDir: args.data.input,
      dataDir: args.data.data,
      hold: parsed.values.hold,
      onProgress: (p: Progress) => bar.update(p.stage, p.done, p.total, p.detail, p.step),
    });
    bar.done();
    printSummary(summary);
    if (summary.published) {
      const recorded = await recordReleaseAction({ action: 'release.published', id: summary.runId, by: osActor('pipeline'), dataDir: summary.dataDir });
      process.stdout.write(`  ${recordedText(recorded)}\n`);
    }
    return EXIT.ok;
  } catch (e) {
    bar.done();
    const failure = describeFailure(e);
    process.stderr.write(`${failure.text}\n`);
    return failure.exitCode;
  }
}

process.exitCode = await main();
