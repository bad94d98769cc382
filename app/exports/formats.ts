// The export formats, as the page offers them and the download names them.
// Pure data: the page (browser) and the writers (server) share it.
import { safeFileName } from '~/lib/responses';
import { CSV_FORMS, SUPPRESSED_MARKER, type CsvForm } from '../../pipelines/release/format';

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

/** The two forms of a CSV file (the `csv` search parameter; decision 0009): for spreadsheets by default, byte-exact for scripts. */
export const CSV_FORM_INFO: Record<CsvForm, { label: string; short: string; encoding: string }> = {
  bom: {
    label: 'With byte-order mark, for Excel and other spreadsheets',
    short: 'with byte-order mark',
    encoding: 'UTF-8 with a byte-order mark (the bytes EF BB BF before the header), so that Excel reads accented names and dashes right; CRLF line ends (RFC 4180)',
  },
  plain: {
    label: 'Without byte-order mark, for scripts (byte-exact UTF-8)',
    short: 'without byte-order mark',
    encoding: 'UTF-8 without a byte-order mark, byte-exact for scripts and database loaders; CRLF line ends (RFC 4180)',
  },
};

/** The `csv` search parameter: absent or empty is the default (`bom`); null when it names no form. */
export function readCsvForm(param: string | null | undefined): CsvForm | null {
  if (param === null || param === undefined || param === '') return 'bom';
  return (CSV_FORMS as readonly string[]).includes(param) ? (param as CsvForm) : null;
}

/** What a data file's manifest says of its encoding. */
export function encodingOf(format: ExportFormat, csvForm: CsvForm): string {
  return format === 'csv' ? CSV_FORM_INFO[csvForm].encoding : `text as UTF-8, as ${FORMAT_INFO[format].label} stores it`;
}

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
