// Disclosure control benchmark: on an analytics store the pipeline built,
// our audit-driven suppression against the naive baseline (next-smallest cell
// in each row and column), both audited by the same LP attacker.
//
//   npm run bench:disclosure -- --data DIR   (DIR holds analytics.duckdb)
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { openDb } from '../pipelines/db/duckdb';
import { auditRelease } from '../pipelines/disclosure/audit/index';
import { isEmpty, loadCube } from '../pipelines/disclosure/cells';
import { buildReleaseCube } from '../pipelines/release/catalog';
import { loadConfig } from '../pipelines/runner/config';
import { loadStructure, publishRelease } from '../pipelines/runner/publish';
import { candidatePath, discard, writeCandidate } from '../pipelines/release/write';
import { baselineSuppression } from './baseline-suppression';

const { values: args } = parseArgs({ options: { data: { type: 'string' }, 'no-baseline': { type: 'boolean' } } });
if (!args.data) throw new Error('usage: npm run bench:disclosure -- --data DIR [--no-baseline]');

// Work on a copy: the benchmark must not replace the folder's release.
const work = mkdtempSync(join(tmpdir(), 'po-bench-disclosure-'));
cpSync(join(resolve(args.data), 'analytics.duckdb'), join(work, 'analytics.duckdb'));
// the store's own configuration (instruments, k): the audit must know what the cube was computed with
const config = loadConfig(resolve(args.data), { ...process.env, PEER_OUTCOMES_DEMO: '1' });
const db = await openDb(join(work, 'analytics.duckdb'), { memoryLimit: config.memoryLimit, threads: config.threads, tempDirectory: join(work, '.tmp') });
try {
  await buildReleaseCube(db);
  const cells = (await loadCube(db)).filter((c) => !isEmpty(c));
  const manifest = {
    release_id: 'bench',
    created_at: new Date().toISOString(),
    k: config.k,
    protection_level: config.protectionLevel,
    fiscal_year_start_month: config.fiscalYearStartMonth,
    data_from: null,
    data_to: null,
    input_checksums: '[]',
  };

  const t0 = performance.now();
  const ours = await publishRelease(db, work, manifest, { k: config.k, protectionLevel: config.protectionLevel, pruneAudits: config.pruneAudits,
    instruments: config.instruments,
    onPrune: (n, releasing, failures) => failures !== undefined && process.stderr.write(`prune audit ${n}: ${releasing} cells, ${failures} failures, ${((performance.now() - t0) / 1000).toFixed(0)} s\n`),
  });
  const oursSeconds = (performance.now() - t0) / 1000;
  const people = (keys: Set<string>) => cells.filter((c) => keys.has(c.key)).reduce((a, c) => a + c.n, 0);
  const total = cells.reduce((a, c) => a + c.n, 0);

  // The baseline's audit takes minutes and its figures do not change with ours: --no-baseline skips it.
  const baseline = args['no-baseline'] ? undefined : await runBaseline();
  async function runBaseline() {
    const t1 = performance.now();
    const base = baselineSuppression(cells, await loadStructure(db), config.k);
    const baseSeconds = (performance.now() - t1) / 1000;
    const candidate = candidatePath(work);
    const byKey = new Map(cells.map((c) => [c.key, c]));
    await writeCandidate(db, candidate, { ...manifest, instruments: JSON.stringify(config.instruments), tables: 0, cells_released: 0, cells_suppressed: base.size, status: 'baseline' },
      [...base].map((k) => byKey.get(k)!).map((c) => ({ metric: c.def.id, grain: c.grain, period: c.period, dimension: c.dimension, dimensionValue: c.dimensionValue })));
    const baseAudit = await auditRelease(candidate, { protectionLevel: config.protectionLevel });
    discard(candidate);

    return {
      suppressed: base.size,
      secondary: base.size - ours.stats.primary,
      contributorShareSuppressed: +(people(base) / total).toFixed(4),
      seconds: +baseSeconds.toFixed(2),
      auditFailures: baseAudit.failures.length,
      auditSeconds: +baseAudit.seconds.toFixed(1),
    };
  }

  const primary = ours.stats.primary;
  const result = {
    cells: cells.length,
    k: config.k,
    protectionLevel: config.protectionLevel,
    ours: {
      suppressed: ours.cellsSuppressed,
      primary,
      // beyond primary: the rest of the primary cells' bundles, and complements (with their bundles)
      secondary: ours.stats.linked + ours.stats.complementary,
      linked: ours.stats.linked,
      complementary: ours.stats.complementary,
      // suppressed by the loop, released again by pruning (counted in none of the above)
      pruned: ours.stats.pruned,
      pruneAudits: config.pruneAudits,
      rounds: ours.rounds,
      contributorShareSuppressed: +(ours.stats.suppressedContributors / total).toFixed(4),
      seconds: +oursSeconds.toFixed(1),
      lastAudit: { quantities: ours.audit.quantitiesChecked, lpSolves: ours.audit.lpSolves, seconds: +ours.audit.seconds.toFixed(1), failures: ours.audit.failures.length },
    },
    baseline,
  };
  process.stdout.write(JSON.stringify(result, null, 2) + '\n');
} finally {
  db.close();
  rmSync(work, { recursive: true, force: true });
}
