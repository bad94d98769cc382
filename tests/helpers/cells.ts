// A suppression-step cell of a count (value = contributors), for unit tests of disclosure control.
import { cellKeyOf, type Cell } from '../../pipelines/disclosure/cells';
import { metric } from '../../pipelines/metrics/catalog';
import { tableId as tableIdOf } from '../../pipelines/release/format';

export function countCell(metricId: string, grain: string, period: string, dimension: string, dimensionValue: string, n: number): Cell {
  const tableId = tableIdOf(metricId, grain, dimension);
  return {
    key: cellKeyOf(tableId, period, dimensionValue),
    tableId,
    def: metric(metricId),
    grain,
    period,
    dimension,
    dimensionValue,
    value: n,
    n,
    a: null,
    minObserved: null,
    maxObserved: null,
  };
}
