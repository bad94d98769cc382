// The export page's preview: exactly what the download will carry, table by
// table (its rows as the chosen format writes them: CSV text neutralised, the
// value as the plain number or the marker), and the manifest's header. Built
// from the same ExportTables as the download, so the two cannot differ.
import type { ProgramAccess } from '~/auth/guards.server';
import { dimensionLabel, GRAIN_LABELS } from '~/dashboard/labels';
import type { ReleaseSnapshot } from '~/release/snapshot.server';
import { neutraliseFormula, plainDecimal, type CatalogRow, type CsvForm } from '../../pipelines/release/format';
import { dataFileName, FORMAT_INFO, PREVIEW_ROWS, zipFileName, type ExportFormat } from './formats';
import { manifestHeader } from './manifest.server';
import { exportTable, exportTotals } from './scope.server';

export interface PreviewTable {
  file: string;
  label: string;
  breakdown: string;
  unit: string;
  rows: number;
  released: number;
  suppressed: number;
  /** table_id, metric, period_grain, dimension: the same on every row of the file. */
  fixed: [string, string, string, string];
  /** period, dimension_value, value (null: suppressed), status. */
  first: [string, string, string | null, string][];
}

export interface Preview {
  tables: PreviewTable[];
  totals: { tables: number; rows: number; released: number; suppressed: number };
  manifest: { label: string; value: string }[];
  filename: string;
}

export function breakdownText(t: Pick<CatalogRow, 'period_grain' | 'dimension'>): string {
  return `${GRAIN_LABELS[t.period_grain]} · ${dimensionLabel(t.dimension)}`;
}

export function buildPreview(release: ReleaseSnapshot, access: ProgramAccess, tables: readonly CatalogRow[], format: ExportFormat, csvForm: CsvForm): Preview {
  // Only CSV is read by spreadsheets; the typed formats carry text as it is.
  const text = format === 'csv' ? neutraliseFormula : (s: string) => s;
  const exported = tables.map((def) => exportTable(release, access, def));
  const previews = exported.map((t): PreviewTable => {
    const def = t.def;
    return {
      file: dataFileName(def, format),
      label: def.label,
      breakdown: breakdownText(def),
      unit: def.unit,
      rows: t.rows.length,
      released: t.released,
      suppressed: t.suppressed,
      fixed: [text(def.table_id), text(def.metric), text(def.period_grain), text(def.dimension)],
      first: t.rows
        .slice(0, PREVIEW_ROWS)
        .map((r) => [text(r.period), text(r.dimension_value), r.value.status === 'released' ? plainDecimal(r.value.value) : null, r.value.status]),
    };
  });
  const head = manifestHeader(release, access, format, csvForm, new Date());
  return {
    tables: previews,
    totals: exportTotals(exported),
    manifest: [
      { label: 'release_id', value: head.release_id },
      { label: 'release_created_at', value: head.release_created_at },
      { label: 'k', value: String(head.k) },
      { label: 'protection_level', value: String(head.protection_level) },
      { label: 'generated_at', value: 'the moment of the download' },
      { label: 'format', value: `${head.format} (${FORMAT_INFO[format].label})` },
      { label: 'encoding', value: head.encoding },
      { label: 'scope', value: head.scope },
      { label: 'columns', value: head.columns },
      { label: 'suppressed', value: head.suppressed },
      {
        label: 'tables',
        value: 'per file: table id, metric, label, unit, kind, privacy unit, grain, breakdown, decimals, the metric’s definition, rows, cells released and suppressed, bytes and sha256 (computed while the file is written; manifest.json comes last in the zip)',
      },
    ],
    filename: zipFileName(release.id, format),
  };
}
