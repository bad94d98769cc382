// Reads the release file the way any outsider could: READ-ONLY, the five
// public tables and nothing else. The audit never sees the cube, the store or
// a contributor count; what it learns is what an attacker with the file learns.
import { DuckDBInstance } from '@duckdb/node-api';
import { z } from 'zod';
import { instrument, type InstrumentChoice } from '../../contract/instruments';
import {
  CATALOG_TABLE,
  CELLS_TABLE,
  DIMENSION_VALUES_TABLE,
  MANIFEST_TABLE,
  PERIODS_TABLE,
} from '../../release/format';

export interface AuditCatalogRow {
  table_id: string;
  metric: string;
  kind: string;
  period_grain: string;
  dimension: string;
  decimals: number;
}

export interface AuditCell {
  table_id: string;
  period: string;
  dimension_value: string;
  value: number | null;
  status: 'released' | 'suppressed';
}

export interface AuditPeriod {
  period_grain: string;
  period: string;
  period_start: string; // YYYY-MM-DD
  period_end: string;
}

export interface AuditDimensionValue {
  dimension: string;
  dimension_value: string;
  parent_dimension: string | null;
  parent_value: string | null;
}

export interface ReleaseData {
  fiscalYearStartMonth: number;
  /** The instrument behind each construct's scores: the metric definitions the release publishes under. */
  instruments: InstrumentChoice;
  dataTo: string | null;
  catalog: AuditCatalogRow[];
  cells: AuditCell[];
  periods: AuditPeriod[];
  dimensionValues: AuditDimensionValue[];
}

const str = (v: unknown, what: string): string => {
  if (typeof v !== 'string') throw new Error(`release: ${what} is not text (${JSON.stringify(v)})`);
  return v;
};
const optStr = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
const num = (v: unknown, what: string): number => {
  const n = typeof v === 'number' ? v : typeof v === 'string' ? Number(v) : NaN;
  if (!Number.isFinite(n)) throw new Error(`release: ${what} is not a number (${JSON.stringify(v)})`);
  return n;
};

const Instruments = z.object({ satisfaction: z.string(), trust: z.string(), recovery: z.string() }).strict();

function parseInstruments(v: unknown): InstrumentChoice {
  let json: unknown;
  try {
    json = JSON.parse(str(v, 'manifest.instruments'));
  } catch (err) {
    throw new Error(`release: manifest.instruments is not JSON (${(err as Error).message})`);
  }
  const parsed = Instruments.safeParse(json);
  if (!parsed.success) throw new Error(`release: manifest.instruments: ${z.prettifyError(parsed.error)}`);
  for (const [construct, id] of Object.entries(parsed.data)) {
    if (instrument(id).construct !== construct) throw new Error(`release: instrument ${id} does not measure ${construct}`);
  }
  return parsed.data;
}

export async function readRelease(path: string): Promise<ReleaseData> {
  const instance = await DuckDBInstance.create(path, { access_mode: 'READ_ONLY' });
  try {
    const conn = await instance.connect();
    try {
      const all = async (sql: string) => (await conn.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[];
      const [manifest] = await all(
        `SELECT fiscal_year_start_month::INTEGER AS fy, data_to::VARCHAR AS data_to, instruments FROM ${MANIFEST_TABLE} LIMIT 1`,
      );
      if (!manifest) throw new Error('release: the manifest table is empty');
      const instruments = parseInstruments(manifest.instruments);
      const fy = num(manifest.fy, 'manifest.fiscal_year_start_month');
      if (!Number.isInteger(fy) || fy < 1 || fy > 12) throw new Error(`release: fiscal_year_start_month ${fy} is not a month`);

      const catalog = (await all(
        `SELECT table_id, metric, kind, period_grain, dimension, decimals::INTEGER AS decimals FROM ${CATALOG_TABLE}`,
      )).map((r) => ({
        table_id: str(r.table_id, 'catalog.table_id'),
        metric: str(r.metric, 'catalog.metric'),
        kind: str(r.kind, 'catalog.kind'),
        period_grain: str(r.period_grain, 'catalog.period_grain'),
        dimension: str(r.dimension, 'catalog.dimension'),
        decimals: num(r.decimals, 'catalog.decimals'),
      }));

      const byTable = new Map(catalog.map((c) => [c.table_id, c]));
      if (byTable.size !== catalog.length) throw new Error('release: the catalog lists a table_id twice');

      const cells = (await all(
        `SELECT table_id, metric, period_grain, period, dimension, dimension_value, value::DOUBLE AS value, status FROM ${CELLS_TABLE}`,
      )).map((r): AuditCell => {
        const table_id = str(r.table_id, 'cells.table_id');
        const t = byTable.get(table_id);
        if (!t) throw new Error(`release: cell of table ${table_id}, which the catalog does not list`);
        if (r.metric !== t.metric || r.period_grain !== t.period_grain || r.dimension !== t.dimension) {
          throw new Error(`release: a cell of ${table_id} names metric/grain/dimension ${String(r.metric)}/${String(r.period_grain)}/${String(r.dimension)}`);
        }
        const status = str(r.status, 'cells.status');
        if (status !== 'released' && status !== 'suppressed') throw new Error(`release: cell status '${status}'`);
        const value = r.value === null || r.value === undefined ? null : num(r.value, `value of a ${table_id} cell`);
        const period = str(r.period, 'cells.period');
        const dimension_value = str(r.dimension_value, 'cells.dimension_value');
        if ((status === 'released') !== (value !== null)) {
          throw new Error(`release: ${table_id} ${period} ${dimension_value}: status ${status} with value ${String(value)} (value is NULL exactly when suppressed)`);
        }
        return { table_id, period, dimension_value, value, status };
      });

      const periods = (await all(
        `SELECT period_grain, period, period_start::VARCHAR AS s, period_end::VARCHAR AS e FROM ${PERIODS_TABLE}`,
      )).map((r) => ({
        period_grain: str(r.period_grain, 'periods.period_grain'),
        period: str(r.period, 'periods.period'),
        period_start: str(r.s, 'periods.period_start').slice(0, 10),
        period_end: str(r.e, 'periods.period_end').slice(0, 10),
      }));

      const dimensionValues = (await all(
        `SELECT dimension, dimension_value, parent_dimension, parent_value FROM ${DIMENSION_VALUES_TABLE}`,
      )).map((r) => ({
        dimension: str(r.dimension, 'dimension_values.dimension'),
        dimension_value: str(r.dimension_value, 'dimension_values.dimension_value'),
        parent_dimension: optStr(r.parent_dimension),
        parent_value: optStr(r.parent_value),
      }));

      return {
        fiscalYearStartMonth: fy,
        instruments,
        dataTo: manifest.data_to === null || manifest.data_to === undefined ? null : String(manifest.data_to).slice(0, 10),
        catalog,
        cells,
        periods,
        dimensionValues,
      };
    } finally {
      conn.closeSync();
    }
  } finally {
    instance.closeSync();
  }
}
