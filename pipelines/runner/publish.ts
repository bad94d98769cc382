// Publish: disclosure control and the audit, then the release. Primary
// suppression first; then candidate → audit → complements, until the audit
// finds every suppressed cell protected. Only then is the candidate renamed
// into place; if disclosure control cannot get there, the run fails and the
// previous release keeps serving.
import type { InstrumentChoice } from '../contract/instruments';
import type { Db } from '../db/duckdb';
import { auditRelease, type AuditResult } from '../disclosure/audit/index';
import { cellKeyOf, isEmpty, loadCube, type Cell } from '../disclosure/cells';
import type { Structure } from '../disclosure/neighbours';
import { Suppression, type SuppressionStats } from '../disclosure/suppress';
import type { ReleaseManifest } from '../release/format';
import { buildReleaseCube } from '../release/catalog';
import { candidatePath, discard, promote, writeCandidate } from '../release/write';
import { pruneRelease } from './prune';

export class DisclosureError extends Error {}

const fmt = (n: number) => n.toLocaleString('en-US');

export interface PublishOptions {
  k: number;
  protectionLevel: number;
  /** The instruments behind the scores (the manifest names the same). */
  instruments: InstrumentChoice;
  /** Off only to show that the audit then refuses the release (tests). */
  complementary?: boolean;
  maxRounds?: number;
  /** Before each audit (failures undefined) and after it. */
  onRound?: (round: number, suppressed: number, failures?: number) => void;
  /** Audits spent on releasing unneeded secondary cells after the loop passed; 0 turns pruning off. */
  pruneAudits?: number;
  /** Before each pruning audit (failures undefined) and after it. */
  onPrune?: (audit: number, releasing: number, failures?: number) => void;
}

export interface PublishResult {
  path: string;
  stats: SuppressionStats;
  audit: AuditResult;
  cellsReleased: number;
  cellsSuppressed: number;
  tables: number;
  rounds: number;
}

export async function loadStructure(db: Db): Promise<Structure> {
  const sites = await db.all<{ site: string; program: string }>(`SELECT site, program FROM site_program`);
  const periods = await db.all<{ period_grain: string; period: string; period_start: string; period_end: string }>(
    `SELECT period_grain, period, period_start::VARCHAR AS period_start, period_end::VARCHAR AS period_end FROM periods`,
  );
  return {
    siteProgram: new Map(sites.map((s) => [s.site, s.program])),
    periods: periods.map((p) => ({ grain: p.period_grain, period: p.period, start: p.period_start, end: p.period_end })),
  };
}

const asSuppressed = (c: Cell) => ({
  metric: c.def.id,
  grain: c.grain,
  period: c.period,
  dimension: c.dimension,
  dimensionValue: c.dimensionValue,
});

export async function publishRelease(
  db: Db,
  dataDir: string,
  manifestBase: Omit<ReleaseManifest, 'tables' | 'cells_released' | 'cells_suppressed' | 'status' | 'instruments'>,
  o: PublishOptions,
): Promise<PublishResult> {
  await buildReleaseCube(db);
  const cells = (await loadCube(db)).filter((c) => !isEmpty(c));
  const suppression = new Suppression(cells, await loadStructure(db), o.k, o.protectionLevel, o.complementary !== false, o.instruments);
  const tables = new Set(cells.map((c) => c.tableId)).size;
  const maxRounds = o.maxRounds ?? 60;

  /** Writes and audits a candidate with `suppressed`; the caller promotes or discards it. */
  const attempt = async (suppressed: Cell[], stats: SuppressionStats) => {
    const manifest: ReleaseManifest = {
      ...manifestBase,
      instruments: JSON.stringify(o.instruments),
      tables,
      cells_released: cells.length - suppressed.length,
      cells_suppressed: suppressed.length,
      status:
        `${fmt(tables)} tables, ${fmt(cells.length - suppressed.length)} cells released and ${fmt(suppressed.length)} suppressed ` +
        `(${fmt(stats.primary)} fewer than ${o.k} people or otherwise disclosive, ${fmt(suppressed.length - stats.primary)} to protect them); ` +
        `audited: no suppressed count can be narrowed below ${o.protectionLevel}.`,
    };
    const path = candidatePath(dataDir);
    try {
      await writeCandidate(db, path, manifest, suppressed.map(asSuppressed));
      return { path, manifest, audit: await auditRelease(path, { protectionLevel: o.protectionLevel }) };
    } catch (err) {
      discard(path);
      throw err;
    }
  };

  let passed: Awaited<ReturnType<typeof attempt>> | undefined;
  let round = 1;
  for (; ; round++) {
    const suppressed = suppression.suppressedCells();
    o.onRound?.(round, suppressed.length);
    const a = await attempt(suppressed, suppression.stats());
    o.onRound?.(round, suppressed.length, a.audit.failures.length);
    if (a.audit.failures.length === 0) {
      passed = a;
      break;
    }
    discard(a.path);
    const first = a.audit.failures[0]!;
    const where = `${first.table_id} ${first.period} ${first.dimension_value} (${first.quantity} within ${first.min}..${first.max})`;
    if (o.complementary === false) {
      throw new DisclosureError(
        `the audit refused the release: ${a.audit.failures.length} suppressed values can be narrowed below ${o.protectionLevel}, e.g. ${where}. ` +
          'Complementary suppression is off. The previous release (if any) is unchanged.',
      );
    }
    if (round >= maxRounds || !suppression.addComplements(
      a.audit.failures.map((f) => ({ cellKey: cellKeyOf(f.table_id, f.period, f.dimension_value), quantity: f.quantity })),
    )) {
      throw new DisclosureError(
        `disclosure control could not protect every suppressed value after ${round} rounds ` +
          `(${a.audit.failures.length} still too narrow, e.g. ${where}). No release was written; the previous release (if any) is unchanged.`,
      );
    }
  }

  passed = await pruneRelease(suppression, passed, attempt, o);
  return {
    path: promote(passed.path, dataDir),
    stats: suppression.stats(),
    audit: passed.audit,
    cellsReleased: passed.manifest.cells_released,
    cellsSuppressed: passed.manifest.cells_suppressed,
    tables,
    rounds: round,
  };
}
