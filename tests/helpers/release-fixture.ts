// Writes a small release.duckdb for tests: the manifest table with the
// ReleaseManifest columns and one row, and the catalog, cells, periods and
// dimension_values tables (empty unless cells are given; the catalog, periods
// and breakdown values are derived from the cells). Column types are the ones a
// DuckDB writer would naturally pick (BIGINT counts, DATE periods, INTEGER
// decimals), so tests exercise the reader's casts as well.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { DEFAULT_INSTRUMENTS } from '../../pipelines/contract/instruments';
import {
  CATALOG_TABLE,
  CELLS_TABLE,
  DIMENSION_VALUES_TABLE,
  MANIFEST_TABLE,
  PERIODS_TABLE,
  RELEASE_FILE,
  tableId,
  type CatalogRow,
  type ReleaseManifest,
} from '../../pipelines/release/format';

export const fixtureManifest = (overrides: Partial<ReleaseManifest> = {}): ReleaseManifest => ({
  release_id: 'rel-2025-06-fixture',
  created_at: '2025-07-02T09:30:00Z',
  k: 11,
  protection_level: 3,
  fiscal_year_start_month: 7,
  data_from: '2024-07-01',
  data_to: '2025-06-30',
  input_checksums: JSON.stringify([{ file: 'participants.csv', sha256: 'a'.repeat(64), rows: 120 }]),
  instruments: JSON.stringify(DEFAULT_INSTRUMENTS),
  tables: 4,
  cells_released: 1234,
  cells_suppressed: 56,
  status: 'Test fixture: synthetic manifest only, no metric tables.',
  ...overrides,
});

export interface FixtureCell {
  metric: string;
  grain: CatalogRow['period_grain'];
  period: string; // 2025-03 | 2025-Q1 | 2025
  dimension: string;
  dimensionValue: string;
  /** null for a suppressed cell. */
  value: number | null;
  status?: 'released' | 'suppressed';
}

export interface WriteReleaseOptions {
  /** File name inside `dir`; defaults to release.duckdb. */
  fileName?: string;
  manifest?: Partial<ReleaseManifest>;
  cells?: FixtureCell[];
  /** Catalog fields per metric (defaults: a participant count with 0 decimals). */
  metrics?: Record<string, Partial<Pick<CatalogRow, 'family' | 'label' | 'unit' | 'kind' | 'privacy_unit' | 'decimals'>>>;
  /** Parent program of a site, for dimension_values. */
  siteProgram?: Record<string, string>;
  /** Periods the data covers only in part (default: every period is complete). */
  partialPeriods?: string[];
  /** Extra SQL run after the manifest is written (e.g. to break it on purpose). */
  extraSql?: string[];
}

/** Writes a release file into `dir` and returns its path. The writer is closed on return. */
export async function writeReleaseFixture(dir: string, options: WriteReleaseOptions = {}): Promise<string> {
  const file = path.join(dir, options.fileName ?? RELEASE_FILE);
  rmSync(file, { force: true });
  const m = fixtureManifest(options.manifest);
  const instance = await DuckDBInstance.create(file);
  const connection = await instance.connect();
  try {
    await connection.run(`CREATE TABLE ${MANIFEST_TABLE} (
      release_id VARCHAR NOT NULL,
      created_at VARCHAR NOT NULL,
      k INTEGER NOT NULL,
      protection_level DOUBLE NOT NULL,
      fiscal_year_start_month INTEGER NOT NULL,
      data_from DATE,
      data_to DATE,
      input_checksums VARCHAR NOT NULL,
      instruments VARCHAR NOT NULL,
      tables INTEGER NOT NULL,
      cells_released BIGINT NOT NULL,
      cells_suppressed BIGINT NOT NULL,
      status VARCHAR NOT NULL
    )`);
    const prepared = await connection.prepare(
      `INSERT INTO ${MANIFEST_TABLE} VALUES ($1, $2, $3, $4, $5, CAST($6 AS DATE), CAST($7 AS DATE), $8, $9, $10, $11, $12, $13)`,
    );
    prepared.bind([
      m.release_id,
      m.created_at,
      m.k,
      m.protection_level,
      m.fiscal_year_start_month,
      m.data_from,
      m.data_to,
      m.input_checksums,
      m.instruments,
      m.tables,
      BigInt(m.cells_released),
      BigInt(m.cells_suppressed),
      m.status,
    ]);
    await prepared.run();
    await writeFormatTables(connection, options);
    for (const sql of options.extraSql ?? []) await connection.run(sql);
    await connection.run('CHECKPOINT');
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
  return file;
}

/** A fresh temporary directory, removed by the returned cleanup function. */
export function makeTempDir(prefix = 'peer-outcomes-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

const q = (v: string | number | boolean | null) =>
  v === null ? 'NULL' : typeof v === 'string' ? `'${v.replaceAll("'", "''")}'` : String(v);
const values = (rows: (string | number | boolean | null)[][]) => rows.map((r) => `(${r.map(q).join(', ')})`).join(', ');

/** First and last day of a period written the release's way. */
export function periodBounds(period: string): [string, string] {
  const pad = (n: number) => String(n).padStart(2, '0');
  const last = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();
  let m = /^(\d{4})-(\d{2})$/.exec(period);
  if (m) {
    const [y, mo] = [Number(m[1]), Number(m[2])];
    return [`${y}-${pad(mo)}-01`, `${y}-${pad(mo)}-${pad(last(y, mo))}`];
  }
  m = /^(\d{4})-Q([1-4])$/.exec(period);
  if (m) {
    const [y, qn] = [Number(m[1]), Number(m[2])];
    return [`${y}-${pad(qn * 3 - 2)}-01`, `${y}-${pad(qn * 3)}-${pad(last(y, qn * 3))}`];
  }
  if (/^\d{4}$/.test(period)) return [`${period}-01-01`, `${period}-12-31`];
  throw new Error(`not a release period: ${period}`);
}

async function writeFormatTables(
  connection: Awaited<ReturnType<DuckDBInstance['connect']>>,
  options: WriteReleaseOptions,
): Promise<void> {
  const cells = options.cells ?? [];
  await connection.run(`CREATE TABLE ${CATALOG_TABLE} (table_id VARCHAR, metric VARCHAR, family VARCHAR, label VARCHAR,
    unit VARCHAR, kind VARCHAR, privacy_unit VARCHAR, period_grain VARCHAR, dimension VARCHAR, decimals INTEGER, margin_table_id VARCHAR)`);
  await connection.run(`CREATE TABLE ${CELLS_TABLE} (table_id VARCHAR, metric VARCHAR, period_grain VARCHAR, period VARCHAR,
    dimension VARCHAR, dimension_value VARCHAR, value DOUBLE, status VARCHAR)`);
  await connection.run(`CREATE TABLE ${PERIODS_TABLE} (period_grain VARCHAR, period VARCHAR, period_start DATE, period_end DATE, complete BOOLEAN)`);
  await connection.run(`CREATE TABLE ${DIMENSION_VALUES_TABLE} (dimension VARCHAR, dimension_value VARCHAR, parent_dimension VARCHAR, parent_value VARCHAR)`);
  if (cells.length === 0) return;

  const id = (c: FixtureCell) => tableId(c.metric, c.grain, c.dimension);
  const tables = new Map(cells.map((c) => [id(c), c]));
  await connection.run(`INSERT INTO ${CATALOG_TABLE} VALUES ${values(
    [...tables].map(([tid, c]) => {
      const m = options.metrics?.[c.metric] ?? {};
      return [tid, c.metric, m.family ?? 'reach_engagement', m.label ?? c.metric, m.unit ?? 'people', m.kind ?? 'count',
        m.privacy_unit ?? 'participant', c.grain, c.dimension, m.decimals ?? 0, c.dimension === 'total' ? null : tableId(c.metric, c.grain, 'total')];
    }),
  )}`);
  await connection.run(`INSERT INTO ${CELLS_TABLE} VALUES ${values(
    cells.map((c) => [id(c), c.metric, c.grain, c.period, c.dimension, c.dimensionValue, c.value, c.status ?? (c.value === null ? 'suppressed' : 'released')]),
  )}`);
  const periods = new Map(cells.map((c) => [`${c.grain}:${c.period}`, c]));
  await connection.run(`INSERT INTO ${PERIODS_TABLE} VALUES ${values(
    [...periods.values()].map((c) => [c.grain, c.period, ...periodBounds(c.period), !(options.partialPeriods ?? []).includes(c.period)]),
  )}`);
  const dims = new Map(cells.filter((c) => c.dimension !== 'total').map((c) => [`${c.dimension}:${c.dimensionValue}`, c]));
  if (dims.size > 0) {
    await connection.run(`INSERT INTO ${DIMENSION_VALUES_TABLE} VALUES ${values(
      [...dims.values()].map((c) => {
        const parent = c.dimension === 'site' ? (options.siteProgram?.[c.dimensionValue] ?? null) : null;
        return [c.dimension, c.dimensionValue, parent === null ? null : 'program', parent];
      }),
    )}`);
  }
}
