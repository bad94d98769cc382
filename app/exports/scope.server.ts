// What an account may export: exactly what the dashboard would show it, decided
// here and nowhere else. Whole access (every program) → every table of the
// release's catalog, every cell. Otherwise only tables by program (the rows of
// its programs) and by site (the rows of its programs' sites): the total,
// modality, band and demographic tables are all programs together, which an
// account of some programs never sees (app/dashboard/view.server.ts), and the
// sum of its programs is not a released cell.
import type { ProgramAccess } from '~/auth/guards.server';
import type { ReleaseSnapshot } from '~/release/snapshot.server';
import type { CatalogRow, ReleasedValue } from '../../pipelines/release/format';

/** One row of an exported data file: the release's long form, its value still a ReleasedValue. */
export interface ExportRow {
  readonly table_id: string;
  readonly metric: string;
  readonly period_grain: string;
  readonly period: string;
  readonly dimension: string;
  readonly dimension_value: string;
  readonly value: ReleasedValue;
}

export interface ExportTable {
  readonly def: CatalogRow;
  readonly rows: readonly ExportRow[];
  readonly released: number;
  readonly suppressed: number;
}

/** Breakdowns an account of some programs may export, each limited to its programs. */
const SCOPED_DIMENSIONS = new Set(['program', 'site']);

/** The catalog rows `access` may export, in catalog order. */
export function exportableTables(release: ReleaseSnapshot, access: ProgramAccess): CatalogRow[] {
  return access.whole ? [...release.catalog] : release.catalog.filter((t) => SCOPED_DIMENSIONS.has(t.dimension));
}

/** `scope` of the manifest and the audit entry. */
export function scopeText(access: ProgramAccess): string {
  return access.whole ? 'all programs' : access.programs.join('; ');
}

/** Whether a breakdown value of `dimension` belongs to the programs of `access`. */
function rowFilter(release: ReleaseSnapshot, access: ProgramAccess, dimension: string): (value: string) => boolean {
  if (access.whole) return () => true;
  const programs = new Set(access.programs);
  if (dimension === 'program') return (v) => programs.has(v);
  if (dimension === 'site') {
    const mine = new Set(release.values('site').filter((s) => s.parent_value !== null && programs.has(s.parent_value)).map((s) => s.dimension_value));
    return (v) => mine.has(v);
  }
  return () => false; // never reached: exportableTables offers no other breakdown
}

/** Rows and cells of several tables together: the audit entry's and the preview's totals. */
export function exportTotals(tables: readonly ExportTable[]): { tables: number; rows: number; released: number; suppressed: number } {
  return {
    tables: tables.length,
    rows: tables.reduce((n, t) => n + t.rows.length, 0),
    released: tables.reduce((n, t) => n + t.released, 0),
    suppressed: tables.reduce((n, t) => n + t.suppressed, 0),
  };
}

/** A table's rows that `access` may export, in the release's order, with their counts. */
export function exportTable(release: ReleaseSnapshot, access: ProgramAccess, def: CatalogRow): ExportTable {
  const keep = rowFilter(release, access, def.dimension);
  const rows: ExportRow[] = [];
  let released = 0;
  for (const cell of release.table(def.table_id)) {
    if (!keep(cell.dimensionValue)) continue;
    rows.push({
      table_id: def.table_id,
      metric: def.metric,
      period_grain: def.period_grain,
      period: cell.period,
      dimension: def.dimension,
      dimension_value: cell.dimensionValue,
      value: cell.value,
    });
    if (cell.value.status === 'released') released++;
  }
  return { def, rows, released, suppressed: rows.length - released };
}
