// The release format: the one module app/ may import from pipelines/. It names
// the release file's tables and columns and the branded type of a released
// value. It imports nothing (no DuckDB, no pipeline code), so importing it
// cannot pull anything else of the pipeline into the web app.

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
 * A value that came out of disclosure control. Only the release reader can
 * make one; a chart, report or export takes this type, never a bare number.
 */
declare const released: unique symbol;
export type ReleasedValue =
  | { readonly status: 'released'; readonly value: number; readonly [released]: true }
  | { readonly status: 'suppressed'; readonly [released]: true };
