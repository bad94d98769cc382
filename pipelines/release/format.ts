// The release format: the one module app/ may import from pipelines/. It names
// the release file's tables and columns and the branded type of a released
// value. It imports nothing (no DuckDB, no pipeline code), so importing it
// cannot pull anything else of the pipeline into the web app.
//
// The release holds only what disclosure control let through: values of
// released cells, a status for every cell, and no contributor counts at all.

export const RELEASE_FILE = 'release.duckdb';

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
  tables: number;
  cells_released: number;
  cells_suppressed: number;
  status: string; // human-readable: what this release holds
}

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
