// manifest.json of an export: what the zip holds and how to check it. The
// page's preview shows the same header fields (manifestHeader) before anything
// is downloaded; each file's bytes and sha256 are known only once it has been
// written, so the manifest is the zip's last entry.
import type { ProgramAccess } from '~/auth/guards.server';
import type { ReleaseSnapshot } from '~/release/snapshot.server';
import { EXPORT_COLUMNS, type CatalogRow, type CsvForm } from '../../pipelines/release/format';
import { dataFileName, encodingOf, FORMAT_INFO, type ExportFormat } from './formats';
import { scopeText, type ExportTable } from './scope.server';

export interface ManifestHeader {
  release_id: string;
  release_created_at: string;
  k: number;
  protection_level: number;
  generated_at: string;
  format: ExportFormat;
  /** The data files' encoding: for CSV, whether they start with UTF-8's byte-order mark. */
  encoding: string;
  scope: string;
  columns: string;
  suppressed: string;
}

export interface ManifestTable {
  file: string;
  table_id: string;
  metric: string;
  label: string;
  unit: string;
  kind: CatalogRow['kind'];
  privacy_unit: CatalogRow['privacy_unit'];
  period_grain: CatalogRow['period_grain'];
  dimension: string;
  decimals: number;
  definition: string | null;
  rows: number;
  cells_released: number;
  cells_suppressed: number;
  bytes: number;
  sha256: string;
}

export type ExportManifest = ManifestHeader & { tables: ManifestTable[] };

export function manifestHeader(release: ReleaseSnapshot, access: ProgramAccess, format: ExportFormat, csvForm: CsvForm, generatedAt: Date): ManifestHeader {
  return {
    release_id: release.manifest.release_id,
    release_created_at: release.manifest.created_at,
    k: release.manifest.k,
    protection_level: release.manifest.protection_level,
    generated_at: generatedAt.toISOString(),
    format,
    encoding: encodingOf(format, csvForm),
    scope: scopeText(access),
    columns: `${EXPORT_COLUMNS.join(', ')} (status: released | suppressed)`,
    suppressed: FORMAT_INFO[format].suppressed,
  };
}

export function manifestTable(
  table: ExportTable,
  format: ExportFormat,
  definition: string | null,
  file: { bytes: number; sha256: string },
): ManifestTable {
  const d = table.def;
  return {
    file: dataFileName(d, format),
    table_id: d.table_id,
    metric: d.metric,
    label: d.label,
    unit: d.unit,
    kind: d.kind,
    privacy_unit: d.privacy_unit,
    period_grain: d.period_grain,
    dimension: d.dimension,
    decimals: d.decimals,
    definition,
    rows: table.rows.length,
    cells_released: table.released,
    cells_suppressed: table.suppressed,
    bytes: file.bytes,
    sha256: file.sha256,
  };
}
