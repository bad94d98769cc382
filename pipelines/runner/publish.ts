// Publish: disclosure control and the audit, then the release. Primary
// suppression first; then candidate → audit → complements, until the audit
// finds every suppressed cell protected. Only then is the candidate renamed
// into place; if disclosure control cannot get there, the run fails and the
// previous release keeps serving.
import type { Db } from '../db/duckdb';
import { auditRelease, type AuditResult } from '../disclosure/audit/index';
import { cellKeyOf, isEmpty, loadCube, type Cell } from '../disclosure/cells';
import type { Structure } from '../disclosure/neighbours';
import { Suppression, type SuppressionStats } from '../disclosure/suppress';
import type { ReleaseManifest } from '../release/format';
import { buildReleaseCube } from '../release/catalog';
import { candidatePath, discard, promote, writeCandidate } from '../release/write';

export class DisclosureError extends Error {}

const fmt = (n: number) => n.toLocaleString('en-US');

export interface PublishOptions {
  k: number;
  protectionLevel: number;
  /** Off only to show that the audit then refuses the release (tests). */
  complementary?: boolean;
  maxRounds?: number;
  /** Before each audit (failures undefined) and after it. */
  onRound?: (round: number, suppressed: number, failures?: number) => void;
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
  manifestBase: Omit<ReleaseManifest, 'tables' | 'cells_released' | 'cells_suppressed' | 'status'>,
  o: PublishOptions,
): Promise<PublishResult> {
  await buildReleaseCube(db);
  const cells = (await loadCube(db)).filter((c) => !isEmpty(c));
  const suppression = new Suppression(cells, await loadStructure(db), o.k, o.protectionLevel, o.complementary !== false);
  const tables = new Set(cells.map((c) => c.tableId)).size;
  const maxRounds = o.maxRounds ?? 60;
  for (let round = 1; ; round++) {
    const suppressed = suppression.suppressedCells();
    const stats = suppression.stats();
    const manifest: ReleaseManifest = {
      ...manifestBase,
      tables,
      cells_released: cells.length - suppressed.length,
      cells_suppressed: suppressed.length,
      status:
        `${fmt(tables)} tables, ${fmt(cells.length - suppressed.length)} cells released and ${fmt(suppressed.length)} suppressed ` +
        `(${fmt(stats.primary)} fewer than ${o.k} people or otherwise disclosive, ${fmt(stats.linked + stats.complementary)} to protect them); ` +
        `audited: no suppressed count can be narrowed below ${o.protectionLevel}.`,
    };
    const candidate = candidatePath(dataDir);
    try {
      await writeCandidate(db, candidate, manifest, suppressed.map(asSuppressed));
      o.onRound?.(round, suppressed.length);
      const audit = await auditRelease(candidate, { protectionLevel: o.protectionLevel });
      o.onRound?.(round, suppressed.length, audit.failures.length);
      if (audit.failures.length === 0) {
        return {
          path: promote(candidate, dataDir),
          stats,
          audit,
          cellsReleased: manifest.cells_released,
          cellsSuppressed: manifest.cells_suppressed,
          tables,
          rounds: round,
        };
      }
      discard(candidate);
      const first = audit.failures[0]!;
      const where = `${first.table_id} ${first.period} ${first.dimension_value} (${first.quantity} within ${first.min}..${first.max})`;
      if (o.complementary === false) {
        throw new DisclosureError(
          `the audit refused the release: ${audit.failures.length} suppressed values can be narrowed below ${o.protectionLevel}, e.g. ${where}. ` +
            'Complementary suppression is off. The previous release (if any) is unchanged.',
        );
      }
      if (round >= maxRounds || !suppression.addComplements(
        audit.failures.map((f) => ({ cellKey: cellKeyOf(f.table_id, f.period, f.dimension_value), quantity: f.quantity })),
      )) {
        throw new DisclosureError(
          `disclosure control could not protect every suppressed value after ${round} rounds ` +
            `(${audit.failures.length} still too narrow, e.g. ${where}). No release was written; the previous release (if any) is unchanged.`,
        );
      }
    } catch (err) {
      discard(candidate);
      throw err;
    }
  }
}
