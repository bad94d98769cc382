// The release format: the one module app/ may import from pipelines/. It names
// the release file's tables and columns and the branded type of a released
// value. It imports nothing (no DuckDB, no pipeline code), so importing it
// cannot pull anything else of the pipeline into the web app.
//
// The release holds only what disclosure control let through: values of
// released cells, a status for every cell, and no contributor counts at all.

/**
 * The release being served: `DATA/release.duckdb`. Since the release history
 * (decision 0014) it is a pointer: a symbolic link to the current kept release,
 * `releases/<id>/release.duckdb`, swapped by an atomic rename. Every reader
 * opens it as before; the web app resolves it once per request and opens the
 * file it names. A regular file there (a data folder from before the history)
 * is served as it is.
 */
export const RELEASE_FILE = 'release.duckdb';

// ---------------------------------------------------------------------------
// The release history (decision 0014): every release the pipeline kept, each
// in a folder of its own under the data folder, never changed once written.

/** `DATA/releases/`: one folder per kept release, and the history's log. */
export const RELEASES_DIR = 'releases';
/** In a release's folder: what it is, where it came from, who kept it (JSON). */
export const RELEASE_RECORD_FILE = 'record.json';
/** In `releases/`: one JSON line per action on the history (kept, published, rolled back, cells removed). */
export const RELEASE_HISTORY_LOG = 'history.jsonl';

/** A release id names a folder: letters, digits, `.`, `_`, `-`; no path separators, not `.` or `..`. */
export const RELEASE_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** Where a kept release's cells file is, relative to the data folder: the pointer's target. */
export function keptReleaseFile(id: string): string {
  if (!RELEASE_ID_PATTERN.test(id)) throw new Error(`not a release id: ${JSON.stringify(id)}`);
  return `${RELEASES_DIR}/${id}/${RELEASE_FILE}`;
}

/** One row: the release as a whole. */
export const MANIFEST_TABLE = 'manifest';
export interface ReleaseManifest {
  release_id: string;
  created_at: string; // ISO 8601
  k: number;
  protection_level: number;
  fiscal_year_start_month: number;
  data_from: string | null; // first date covered, YYYY-MM-DD
  data_to: string | null; // last date covered
  input_checksums: string; // JSON: [{ file, sha256, rows }]
  /** JSON: { satisfaction, trust, recovery }, the instrument id behind each construct's scores (docs/metrics.md). */
  instruments: string;
  tables: number;
  cells_released: number;
  cells_suppressed: number;
  status: string; // human-readable: what this release holds
}

/**
 * The manifest row as every reader selects it: DuckDB hands BIGINT back as
 * bigint, so numbers are cast to DOUBLE and checked as integers by the reader.
 * At most two rows, so a reader can tell "one" from "more than one".
 */
const MANIFEST_COLUMN_KINDS = {
  release_id: 'text',
  created_at: 'text',
  k: 'number',
  protection_level: 'number',
  fiscal_year_start_month: 'number',
  data_from: 'text',
  data_to: 'text',
  input_checksums: 'text',
  instruments: 'text',
  tables: 'number',
  cells_released: 'number',
  cells_suppressed: 'number',
  status: 'text',
} as const satisfies Record<keyof ReleaseManifest, 'text' | 'number'>;
export const MANIFEST_SELECT_SQL = `SELECT ${Object.entries(MANIFEST_COLUMN_KINDS)
  .map(([name, kind]) => `CAST("${name}" AS ${kind === 'number' ? 'DOUBLE' : 'VARCHAR'}) AS "${name}"`)
  .join(', ')} FROM "${MANIFEST_TABLE}" LIMIT 2`;

/**
 * One row per released table: a metric at one period grain by one breakdown.
 * `table_id` is `metric:period_grain:dimension`; a table's margin is the
 * `total` table of the same metric and grain.
 */
export const CATALOG_TABLE = 'catalog';
export interface CatalogRow {
  table_id: string;
  metric: string;
  family: string;
  label: string;
  unit: string;
  kind: 'count' | 'total' | 'ratio' | 'share' | 'mean';
  privacy_unit: 'participant' | 'staff';
  period_grain: 'month' | 'quarter' | 'year';
  dimension: string;
  /** Values are published rounded to this many decimals. */
  decimals: number;
  margin_table_id: string | null;
}

// ---------------------------------------------------------------------------
// Table ids and breakdown values: how the release names a table and in which
// order a breakdown's values are listed. The pipeline writes them and the web
// app reads them, so each is said once, here.

/** A table's id, `metric:period_grain:dimension`; each part is a code without a colon. */
export function tableId(metric: string, grain: string, dimension: string): string {
  for (const part of [metric, grain, dimension]) {
    if (part === '' || part.includes(':')) throw new Error(`not a part of a table id: ${JSON.stringify(part)}`);
  }
  return `${metric}:${grain}:${dimension}`;
}

/** The parts of a table id; throws on anything tableId() would not have made. */
export function parseTableId(id: string): { metric: string; period_grain: string; dimension: string } {
  const [metric, period_grain, dimension, ...rest] = id.split(':');
  if (!metric || !period_grain || !dimension || rest.length > 0) throw new Error(`not a table id (metric:period_grain:dimension): ${JSON.stringify(id)}`);
  return { metric, period_grain, dimension };
}

/** tableId() as a SQL expression over three SQL expressions (the release writer builds ids inside DuckDB). */
export function tableIdSql(metric: string, grain: string, dimension: string): string {
  return `${metric} || ':' || ${grain} || ':' || ${dimension}`;
}

/**
 * The values of each coded breakdown in their natural order (bands from
 * youngest or most; the contract's own order for its enumerations). The data
 * contract takes its enumerations from here, and the dashboard lists values
 * in this order; program and site names are data, listed by name.
 */
export const DIMENSION_VALUE_ORDER = {
  age_band: ['under_18', '18-24', '25-34', '35-44', '45-54', '55-64', '65-74', '75-89', '90+'],
  gender: ['woman', 'man', 'nonbinary', 'another', 'unknown'],
  race_ethnicity: [
    'american_indian_alaska_native',
    'asian',
    'black',
    'hispanic_latino',
    'native_hawaiian_pacific_islander',
    'white',
    'multiracial',
    'another',
    'unknown',
  ],
  modality: ['in_person', 'phone', 'video', 'text', 'group'],
  consistency_band: ['weekly', 'regular', 'sporadic'],
  trust_band: ['high', 'not_high'],
  incident_category: ['confidentiality', 'boundary', 'dual_relationship', 'conflict_of_interest', 'other'],
} as const;

/**
 * One row per cell of a released table. `value` is NULL exactly when
 * `status` is 'suppressed'. A cell that is absent has no contributors.
 */
export const CELLS_TABLE = 'cells';
export type CellStatus = 'released' | 'suppressed';
export interface CellRow {
  table_id: string;
  metric: string;
  period_grain: string;
  period: string; // 2025-03 | 2025-Q1 | 2025
  dimension: string;
  dimension_value: string; // 'all' for total
  value: number | null;
  status: CellStatus;
}

/** The periods the release covers; `complete` when the data covers every day. */
export const PERIODS_TABLE = 'periods';
export interface PeriodRow {
  period_grain: string;
  period: string;
  period_start: string;
  period_end: string;
  complete: boolean;
}

/** Every breakdown value, with its parent where breakdowns nest (site → program). */
export const DIMENSION_VALUES_TABLE = 'dimension_values';
export interface DimensionValueRow {
  dimension: string;
  dimension_value: string;
  parent_dimension: string | null;
  parent_value: string | null;
}

/**
 * A value that came out of disclosure control. Only the release reader can
 * make one; a chart, report or export takes this type, never a bare number.
 */
declare const released: unique symbol;
export type ReleasedValue =
  | { readonly status: 'released'; readonly value: number; readonly [released]: true }
  | { readonly status: 'suppressed'; readonly [released]: true };

// ---------------------------------------------------------------------------
// The long-form export encoding, shared by `npm run release:export` and the
// web app's exports so both write the same bytes for the same cell.

/** The columns of every exported data file (CSV, Parquet, Arrow), in order. */
export const EXPORT_COLUMNS = ['table_id', 'metric', 'period_grain', 'period', 'dimension', 'dimension_value', 'value', 'status'] as const;

/**
 * What a CSV's `value` column holds for a suppressed cell: a word, never 0 or
 * blank (a blank reads as "missing" and a spreadsheet may sum it as 0). Typed
 * formats (Parquet, Arrow) cannot hold text in a number column: there `value`
 * is NULL and the `status` column, `suppressed`, is the marker.
 */
export const SUPPRESSED_MARKER = 'suppressed';

/**
 * UTF-8's byte-order mark. Excel opens a CSV as UTF-8 only when the file
 * starts with it; without it, it reads the bytes in the computer's legacy code
 * page and "—", "é" or "Ñ" turn into mojibake. A reader that takes RFC 4180 to
 * the byte (a script, a database's loader) may instead read the mark as part
 * of the first column's name. So CSV for people starts with it, and the
 * byte-exact form is one choice away (decision 0009).
 */
export const UTF8_BOM = '\uFEFF';

/** A CSV's two forms: `bom` (UTF-8 with the byte-order mark, for spreadsheets; the default) or `plain` (byte-exact UTF-8, for scripts). */
export const CSV_FORMS = ['bom', 'plain'] as const;
export type CsvForm = (typeof CSV_FORMS)[number];

/** How a CSV file begins: the byte-order mark in the `bom` form, then the header line (RFC 4180 with CRLF line ends). */
export function csvHeader(columns: readonly string[], form: CsvForm): string {
  return `${form === 'bom' ? UTF8_BOM : ''}${csvRecord(columns)}`;
}

/** One CSV line (CRLF-terminated) of text fields, each neutralised and quoted (csvText). */
export function csvRecord(fields: readonly string[]): string {
  return `${fields.map(csvText).join(',')}\r\n`;
}

/**
 * Text a spreadsheet would run as a formula gets a leading apostrophe, which
 * spreadsheets show as text (OWASP, "CSV injection"): a leading = + - @, tab
 * or carriage return, also after leading spaces (some importers trim them),
 * and the full-width ＝ ＋ － ＠ (some normalise them to ASCII).
 */
export function neutraliseFormula(s: string): string {
  return /^[\t\r]|^ *[=+\-@\uFF1D\uFF0B\uFF0D\uFF20]/.test(s) ? `'${s}` : s;
}

/** A text field of a CSV line: neutralised, then quoted when it holds a comma, quote, CR or LF. */
export function csvText(s: string): string {
  const safe = neutraliseFormula(s);
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/**
 * A number as plain decimal text: never exponent notation (1e-7, 1e21), never
 * a thousands separator, and exactly the double it was (the digits are
 * JavaScript's shortest round-trip form with the decimal point moved).
 */
export function plainDecimal(x: number): string {
  if (!Number.isFinite(x)) throw new Error(`not a finite number: ${x}`);
  const s = String(x);
  const e = s.indexOf('e');
  if (e < 0) return s;
  const sign = s.startsWith('-') ? '-' : '';
  const mantissa = s.slice(sign.length, e);
  const exponent = Number(s.slice(e + 1));
  const point = mantissa.indexOf('.');
  const digits = mantissa.replace('.', '');
  const at = (point < 0 ? mantissa.length : point) + exponent; // where the point goes in `digits`
  if (at <= 0) return `${sign}0.${'0'.repeat(-at)}${digits}`;
  if (at >= digits.length) return `${sign}${digits}${'0'.repeat(at - digits.length)}`;
  return `${sign}${digits.slice(0, at)}.${digits.slice(at)}`;
}

/** One CSV line (CRLF-terminated) of a cell: text neutralised and quoted, the value as a plain number or the marker. */
export function csvLine(c: CellRow): string {
  let value: string;
  if (c.status === 'suppressed') value = SUPPRESSED_MARKER;
  else if (c.value === null) throw new Error(`released cell without a value in ${c.table_id} ${c.period} ${c.dimension_value}`);
  else value = plainDecimal(c.value);
  return `${csvText(c.table_id)},${csvText(c.metric)},${csvText(c.period_grain)},${csvText(c.period)},${csvText(c.dimension)},${csvText(c.dimension_value)},${value},${csvText(c.status)}\r\n`;
}
