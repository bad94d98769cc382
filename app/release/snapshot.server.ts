// One release, held in memory: its manifest, catalog, periods, breakdown
// values and every cell, indexed for lookups. The release is small (thousands
// to a few hundred thousand cells) and never changes once written (a new
// release is a new file), so a page is a handful of map lookups, never a query
// (docs/decisions/0007-dashboard-over-a-release-snapshot.md).
//
// Nothing here computes a statistic: the class only finds released values.
import {
  tableId,
  type CatalogRow,
  type DimensionValueRow,
  type PeriodRow,
  type ReleasedValue,
  type ReleaseManifest,
} from '../../pipelines/release/format';

import type { Grain } from '~/dashboard/labels';
export type { Grain };
export const GRAINS: readonly Grain[] = ['month', 'quarter', 'year'];

export interface ReleasedCell {
  readonly period: string;
  readonly dimensionValue: string;
  readonly value: ReleasedValue;
}

export interface MetricInfo {
  readonly id: string;
  readonly family: string;
  readonly label: string;
  readonly unit: string;
  readonly kind: CatalogRow['kind'];
  readonly privacyUnit: CatalogRow['privacy_unit'];
  readonly decimals: number;
}

// The release format's, passed on so the dashboard's modules find it with the snapshot they look it up in.
export { tableId };

export class ReleaseSnapshot {
  private readonly byTable = new Map<string, readonly ReleasedCell[]>();
  /** table → period → breakdown value → value: lookups with the release's own strings, no key built per lookup. */
  private readonly byCell = new Map<string, Map<string, Map<string, ReleasedValue>>>();
  private readonly lastPeriodByTable = new Map<string, string>();
  private readonly catalogById = new Map<string, CatalogRow>();
  private readonly metricsById = new Map<string, MetricInfo>();
  private readonly periodsByGrain = new Map<string, readonly PeriodRow[]>();
  private readonly valuesByDimension = new Map<string, readonly DimensionValueRow[]>();

  constructor(
    readonly manifest: ReleaseManifest,
    readonly catalog: readonly CatalogRow[],
    periods: readonly PeriodRow[],
    dimensionValues: readonly DimensionValueRow[],
    /** Cells grouped by table, each group in period and breakdown order. */
    cells: ReadonlyMap<string, readonly ReleasedCell[]>,
  ) {
    for (const row of catalog) {
      this.catalogById.set(row.table_id, row);
      if (!this.metricsById.has(row.metric)) {
        this.metricsById.set(row.metric, {
          id: row.metric,
          family: row.family,
          label: row.label,
          unit: row.unit,
          kind: row.kind,
          privacyUnit: row.privacy_unit,
          decimals: row.decimals,
        });
      }
    }
    for (const [id, list] of cells) {
      this.byTable.set(id, list);
      const byPeriod = new Map<string, Map<string, ReleasedValue>>();
      let last = '';
      for (const c of list) {
        let byValue = byPeriod.get(c.period);
        if (!byValue) byPeriod.set(c.period, (byValue = new Map()));
        byValue.set(c.dimensionValue, c.value);
        if (c.period > last) last = c.period;
      }
      this.byCell.set(id, byPeriod);
      this.lastPeriodByTable.set(id, last);
    }
    for (const p of periods) push(this.periodsByGrain, p.period_grain, p);
    for (const v of dimensionValues) push(this.valuesByDimension, v.dimension, v);
  }

  get id(): string {
    return this.manifest.release_id;
  }

  get k(): number {
    return this.manifest.k;
  }

  hasTable(id: string): boolean {
    return this.catalogById.has(id);
  }

  metric(id: string): MetricInfo | undefined {
    return this.metricsById.get(id);
  }

  metrics(): MetricInfo[] {
    return [...this.metricsById.values()];
  }

  /** The cells of one table, in period and breakdown order; empty when the release has no such table. */
  table(id: string): readonly ReleasedCell[] {
    return this.byTable.get(id) ?? [];
  }

  /** A cell's released value, or undefined when the release has no such cell (nobody behind it). */
  cell(table: string, period: string, dimensionValue: string): ReleasedValue | undefined {
    return this.byCell.get(table)?.get(period)?.get(dimensionValue);
  }

  /** The latest period with a cell in the table ('' when it has none); period ids of one grain sort in time order. */
  lastPeriod(table: string): string {
    return this.lastPeriodByTable.get(table) ?? '';
  }

  /** The periods of a grain, oldest first. */
  periods(grain: string): readonly PeriodRow[] {
    return this.periodsByGrain.get(grain) ?? [];
  }

  /** The values of a breakdown, in the release's order (by name). */
  values(dimension: string): readonly DimensionValueRow[] {
    return this.valuesByDimension.get(dimension) ?? [];
  }

  /** The grains at which the release has `metric` broken down by `dimension`. */
  grainsOf(metric: string, dimension: string): Grain[] {
    return GRAINS.filter((g) => this.hasTable(tableId(metric, g, dimension)));
  }

}

function push<T>(map: Map<string, readonly T[]>, key: string, item: T): void {
  const list = map.get(key) as T[] | undefined;
  if (list) list.push(item);
  else map.set(key, [item]);
}
