// The export formats, as the page offers them and the download names them.
// Pure data: the page (browser) and the writers (server) share it.
import { safeFileName } from '~/lib/responses';
import { SUPPRESSED_MARKER } from '../../pipelines/release/format';

export const EXPORT_FORMATS = ['csv', 'parquet', 'arrow'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const FORMAT_INFO: Record<ExportFormat, { label: string; ext: string; suppressed: string }> = {
  csv: {
    label: 'CSV',
    ext: 'csv',
    suppressed: `value holds the text "${SUPPRESSED_MARKER}" and status is "suppressed"; a suppressed value is never written as 0 or left blank`,
  },
  parquet: {
    label: 'Parquet',
    ext: 'parquet',
    suppressed: 'value is NULL and status is "suppressed": a DOUBLE column cannot hold text, so the status column is the explicit marker; a suppressed value is never written as 0',
  },
  arrow: {
    label: 'Arrow IPC',
    ext: 'arrow',
    suppressed: 'value is null and status is "suppressed": a Float64 column cannot hold text, so the status column is the explicit marker; a suppressed value is never written as 0',
  },
};

/** Rows of each table the export page's preview shows; the rest is counted. */
export const PREVIEW_ROWS = 25;

/** A data file's name inside the zip: `<metric>.<grain>.<dimension>.<ext>`. */
export function dataFileName(table: { metric: string; period_grain: string; dimension: string }, format: ExportFormat): string {
  return `${table.metric}.${table.period_grain}.${table.dimension}.${FORMAT_INFO[format].ext}`;
}

/** The download's file name, as the page shows it and the download names it. */
export function zipFileName(releaseId: string, format: ExportFormat): string {
  return safeFileName(`peer-outcomes_${releaseId}_${format}.zip`);
}
