// Publish: the release cube, disclosure control (pipelines/disclosure/protect.ts:
// primary suppression, candidate → audit → complements, pruning), each
// candidate written as a release file for the audit to read. Only the last
// candidate that passed is kept in the release history, and published unless
// held (pipelines/release/history.ts); if disclosure control cannot get there,
// the run fails and the previous release keeps serving.
import type { InstrumentChoice } from '../contract/instruments';
import type { Db } from '../db/duckdb';
import { auditRelease, type AuditOptions, type AuditResult } from '../disclosure/audit/index';
import { cellKeyOf, isEmpty, loadCube, type Cell } from '../disclosure/cells';
import type { Structure } from '../disclosure/neighbours';
import { Suppression, type SuppressionStats } from '../disclosure/suppress';
import type { ReleaseManifest } from '../release/format';
import { buildReleaseCube } from '../release/catalog';
import { keepRelease, osActor } from '../release/history';
import { candidatePath, discard, writeCandidate } from '../release/write';
import { DisclosureError, protect, type ProtectOptions } from '../disclosure/protect';

export { DisclosureError };

const fmt = (n: number) => n.toLocaleString('en-US');

export interface PublishOptions extends ProtectOptions {
  k: number;
  /** The instruments behind the scores (the manifest names the same). */
  instruments: InstrumentChoice;
  /** Publish the kept release (default), or hold it for `npm run release:publish`. */
  publish?: boolean;
  /** Retention: never-published releases whose cells file is kept (default: all). */
  keepUnpublishedReleases?: number;
}

export interface PublishResult {
  /** The kept release's cells file in the history. */
  path: string;
  /** Whether it is now the release served (false: held). */
  published: boolean;
  stats: SuppressionStats;
  audit: AuditResult;
  cellsReleased: number;
  cellsSuppressed: number;
  tables: number;
  rounds: number;
  /** Every audit the run made, loop rounds then pruning. */
  audits: AuditStat[];
}

export type AuditStat = Pick<AuditResult, 'lpSolves' | 'components' | 'largestComponent' | 'componentsFromMemory' | 'seconds'>;

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

  /** Writes and audits a candidate with `suppressed`; the caller promotes or discards it. */
  const attempt = async (suppressed: Cell[], stats: SuppressionStats, audit: Pick<AuditOptions, 'memory' | 'onProgress' | 'threads'>) => {
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
      return { path, manifest, audit: await auditRelease(path, { protectionLevel: o.protectionLevel, ...audit }) };
    } catch (err) {
      discard(path);
      throw err;
    }
  };

  const { passed, rounds, audits } = await protect(suppression, attempt, (a) => discard(a.path), o);
  const kept = await keepRelease(dataDir, passed.path, passed.manifest, {
    publish: o.publish,
    by: osActor('pipeline'),
    keepUnpublished: o.keepUnpublishedReleases,
  }).finally(() => discard(passed.path)); // already moved when kept; removed when not
  return {
    path: kept.file,
    published: kept.published,
    stats: suppression.stats(),
    audit: passed.audit,
    cellsReleased: passed.manifest.cells_released,
    cellsSuppressed: passed.manifest.cells_suppressed,
    tables,
    rounds,
    audits: audits.map((a) => ({
      lpSolves: a.lpSolves,
      components: a.components,
      largestComponent: a.largestComponent,
      componentsFromMemory: a.componentsFromMemory,
      seconds: Math.round(a.seconds * 10) / 10,
    })),
  };
}
