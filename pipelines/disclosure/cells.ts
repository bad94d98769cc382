// The metric cube in memory, as disclosure control sees it: one Cell per cube
// row, keyed by table (metric:grain:dimension), period and breakdown value.
import type { Db } from '../db/duckdb';
import { metric, type MetricDef } from '../metrics/catalog';
import { tableId as tableIdOf } from '../release/format';

export interface Cell {
  /** table id, period and breakdown value joined by \u0001 (names cannot hold control characters). */
  key: string;
  tableId: string;
  def: MetricDef;
  grain: string;
  period: string;
  dimension: string;
  dimensionValue: string;
  value: number | null;
  /** Distinct contributors (n). */
  n: number;
  /** People in the numerator of a share, or of a ratio with a people numerator (a). */
  a: number | null;
  minObserved: number | null;
  maxObserved: number | null;
}

export const cellKeyOf = (tableId: string, period: string, dimensionValue: string) => `${tableId}\u0001${period}\u0001${dimensionValue}`;

export async function loadCube(db: Db): Promise<Cell[]> {
  const rows = await db.all<{
    metric: string;
    period_grain: string;
    period: string;
    dimension: string;
    dimension_value: string;
    value: number | null;
    contributors: number;
    numerator_contributors: number | null;
    min_observed: number | null;
    max_observed: number | null;
  }>(`SELECT metric, period_grain, period, dimension, dimension_value, value, contributors,
        numerator_contributors, min_observed::DOUBLE AS min_observed, max_observed::DOUBLE AS max_observed
      FROM release_cube ORDER BY metric, period_grain, dimension, period, dimension_value`);
  return rows.map((r) => {
    const tableId = tableIdOf(r.metric, r.period_grain, r.dimension);
    return {
      key: cellKeyOf(tableId, r.period, r.dimension_value),
      tableId,
      def: metric(r.metric),
      grain: r.period_grain,
      period: r.period,
      dimension: r.dimension,
      dimensionValue: r.dimension_value,
      value: r.value === null ? null : Number(r.value),
      n: Number(r.contributors),
      a: r.numerator_contributors === null ? null : Number(r.numerator_contributors),
      minObserved: r.min_observed,
      maxObserved: r.max_observed,
    };
  });
}

/**
 * Cells the release leaves out: nobody behind them and no value (a share or
 * mean over nobody). Counts of zero stay: 0 is publishable.
 */
export function isEmpty(c: Cell): boolean {
  return c.n === 0 && c.value === null;
}
