// Hand-made release files for the audit tests: the five release tables
// (manifest, catalog, cells, periods, dimension_values) from plain arrays.
import { rmSync } from 'node:fs';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { DEFAULT_INSTRUMENTS, type InstrumentChoice } from '../../pipelines/contract/instruments';
import { metric } from '../../pipelines/metrics/catalog';
import {
  CATALOG_TABLE,
  CELLS_TABLE,
  DIMENSION_VALUES_TABLE,
  MANIFEST_TABLE,
  PERIODS_TABLE,
} from '../../pipelines/release/format';

export interface HandTable {
  metric: string;
  grain: 'month' | 'quarter' | 'year';
  dimension: string;
  decimals?: number;
  /** [period, dimension value ('all' for total), value or null when suppressed] */
  cells: [string, string, number | null][];
}

export interface HandRelease {
  fiscalYearStartMonth?: number;
  /** Calendar months the data window touches (YYYY-MM); periods are derived as the pipeline does. */
  months: string[];
  dataTo?: string;
  /** The manifest's instruments; the defaults unless given. */
  instruments?: InstrumentChoice;
  tables: HandTable[];
  /** [dimension, value, parent program (sites)] */
  dimensionValues?: [string, string, string?][];
}

/** Decimals as docs/privacy-model.md says values are published. */
export function defaultDecimals(metricId: string): number {
  const m = metric(metricId);
  if (m.unit === 'people' || m.unit === 'encounters') return 0;
  if (m.unit === 'proportion') return 3;
  if (m.unit === 'hours' || m.unit === 'days') return 1;
  return 2;
}

const lastDay = (ym: string) => {
  const [y, m] = ym.split('-').map(Number) as [number, number];
  return `${ym}-${String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, '0')}`;
};

/** Periods of the months as periods.sql makes them: quarters and years span only their covered months. */
export function periodsOf(months: string[], fy = 1): { grain: string; period: string; start: string; end: string }[] {
  const spans = new Map<string, { grain: string; months: string[] }>();
  for (const ym of months) {
    const [y, m] = ym.split('-').map(Number) as [number, number];
    const fyear = fy > 1 && m >= fy ? y + 1 : y;
    const q = Math.floor(((m - fy + 12) % 12) / 3) + 1;
    for (const [grain, period] of [['month', ym], ['quarter', `${fyear}-Q${q}`], ['year', `${fyear}`]] as const) {
      const s = spans.get(period) ?? { grain, months: [] };
      s.months.push(ym);
      spans.set(period, s);
    }
  }
  return [...spans].map(([period, s]) => {
    const sorted = s.months.sort();
    return { grain: s.grain, period, start: `${sorted[0]}-01`, end: lastDay(sorted[sorted.length - 1]!) };
  });
}

const lit = (v: string | number | null | boolean) =>
  v === null ? 'NULL' : typeof v === 'number' || typeof v === 'boolean' ? String(v) : `'${v.replaceAll("'", "''")}'`;

export async function writeHandRelease(dir: string, r: HandRelease, fileName = 'release.duckdb'): Promise<string> {
  const file = path.join(dir, fileName);
  rmSync(file, { force: true });
  const fy = r.fiscalYearStartMonth ?? 1;
  const periods = periodsOf(r.months, fy);
  const sortedMonths = [...r.months].sort();
  const instance = await DuckDBInstance.create(file);
  const conn = await instance.connect();
  const insert = async (table: string, rows: (string | number | null | boolean)[][]) => {
    for (let i = 0; i < rows.length; i += 500) {
      const chunk = rows.slice(i, i + 500);
      await conn.run(`INSERT INTO ${table} VALUES ${chunk.map((row) => `(${row.map(lit).join(', ')})`).join(', ')}`);
    }
  };
  try {
    await conn.run(`CREATE TABLE ${MANIFEST_TABLE} (release_id VARCHAR, created_at VARCHAR, k INTEGER, protection_level DOUBLE,
      fiscal_year_start_month INTEGER, data_from DATE, data_to DATE, input_checksums VARCHAR, instruments VARCHAR, tables INTEGER,
      cells_released BIGINT, cells_suppressed BIGINT, status VARCHAR)`);
    const cells = r.tables.flatMap((t) => t.cells);
    await conn.run(`INSERT INTO ${MANIFEST_TABLE} VALUES ('hand', '2025-07-01T00:00:00Z', 11, 11, ${fy},
      '${sortedMonths[0]}-01', '${r.dataTo ?? lastDay(sortedMonths[sortedMonths.length - 1]!)}', '[]',
      ${lit(JSON.stringify(r.instruments ?? DEFAULT_INSTRUMENTS))}, ${r.tables.length},
      ${cells.filter((c) => c[2] !== null).length}, ${cells.filter((c) => c[2] === null).length}, 'hand-made test release')`);

    await conn.run(`CREATE TABLE ${CATALOG_TABLE} (table_id VARCHAR, metric VARCHAR, family VARCHAR, label VARCHAR, unit VARCHAR,
      kind VARCHAR, privacy_unit VARCHAR, period_grain VARCHAR, dimension VARCHAR, decimals INTEGER, margin_table_id VARCHAR)`);
    await conn.run(`CREATE TABLE ${CELLS_TABLE} (table_id VARCHAR, metric VARCHAR, period_grain VARCHAR, period VARCHAR,
      dimension VARCHAR, dimension_value VARCHAR, value DOUBLE, status VARCHAR)`);
    const catalogRows: (string | number | null)[][] = [];
    const cellRows: (string | number | null)[][] = [];
    for (const t of r.tables) {
      const m = metric(t.metric);
      const id = `${t.metric}:${t.grain}:${t.dimension}`;
      catalogRows.push([id, t.metric, m.family, m.label, m.unit, m.kind, m.privacyUnit, t.grain, t.dimension,
        t.decimals ?? defaultDecimals(t.metric), t.dimension === 'total' ? null : `${t.metric}:${t.grain}:total`]);
      for (const [period, value, v] of t.cells) {
        cellRows.push([id, t.metric, t.grain, period, t.dimension, value, v, v === null ? 'suppressed' : 'released']);
      }
    }
    await insert(CATALOG_TABLE, catalogRows);
    await insert(CELLS_TABLE, cellRows);

    await conn.run(`CREATE TABLE ${PERIODS_TABLE} (period_grain VARCHAR, period VARCHAR, period_start DATE, period_end DATE, complete BOOLEAN)`);
    await insert(PERIODS_TABLE, periods.map((p) => [p.grain, p.period, p.start, p.end, false]));
    await conn.run(`CREATE TABLE ${DIMENSION_VALUES_TABLE} (dimension VARCHAR, dimension_value VARCHAR, parent_dimension VARCHAR, parent_value VARCHAR)`);
    await insert(DIMENSION_VALUES_TABLE, (r.dimensionValues ?? []).map(([d, v, p]) => [d, v, p ? 'program' : null, p ?? null]));
    await conn.run('CHECKPOINT');
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
  return file;
}
