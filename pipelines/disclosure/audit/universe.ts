// What the release says exists: its tables with their metric models, the
// values of each breakdown (known ones from dimension_values, plus any a cell
// names), the site → program nesting, and which quantities live at which
// breakdowns and grains.
import { metric as catalogMetric } from '../../metrics/catalog';
import { Calendar, GRAIN_ORDER } from './periods';
import { METRIC_MODELS, quantitiesAt, type MetricModel, type Quantity } from './quantities';
import type { AuditCatalogRow, AuditCell, ReleaseData } from './read-release';

export interface Table {
  row: AuditCatalogRow;
  model: MetricModel;
  /** period → dimension value → cell */
  cells: Map<string, Map<string, AuditCell>>;
}

export interface Universe {
  calendar: Calendar;
  tables: Table[];
  /** Every value of a dimension: known ones and those only cells name, sorted. */
  values: Map<string, string[]>;
  /** Values listed in dimension_values (and 'all' of total): an absent cell there means no contributors. */
  known: Map<string, Set<string>>;
  /** site → its program; null when dimension_values lists the site without one. Missing: unknown. */
  siteParent: Map<string, string | null>;
  /** Quantity → breakdowns and grains it is modelled at. */
  quantityDims: Map<Quantity, Set<string>>;
  quantityGrains: Map<Quantity, string[]>;
}

export function buildUniverse(release: ReleaseData): Universe {
  const calendar = new Calendar(release.periods, release.fiscalYearStartMonth);
  const known = new Map<string, Set<string>>([['total', new Set(['all'])]]);
  const seen = new Map<string, Set<string>>([['total', new Set(['all'])]]);
  const siteParent = new Map<string, string | null>();
  const add = (m: Map<string, Set<string>>, d: string, v: string) => {
    let s = m.get(d);
    if (!s) m.set(d, (s = new Set()));
    s.add(v);
  };
  for (const dv of release.dimensionValues) {
    add(known, dv.dimension, dv.dimension_value);
    add(seen, dv.dimension, dv.dimension_value);
    if (dv.dimension === 'site') {
      const parent = dv.parent_dimension === 'program' ? dv.parent_value : null;
      if (siteParent.has(dv.dimension_value) && siteParent.get(dv.dimension_value) !== parent) {
        throw new Error(`release: site ${dv.dimension_value} is listed under two programs`);
      }
      siteParent.set(dv.dimension_value, parent);
      if (parent !== null) add(seen, 'program', parent);
    }
  }

  const tables = new Map<string, Table>();
  for (const row of release.catalog) {
    const model = METRIC_MODELS[row.metric];
    if (!model) throw new Error(`release: table ${row.table_id} is of metric ${row.metric}, which the audit does not model`);
    const def = catalogMetric(row.metric);
    if (def.kind !== row.kind) throw new Error(`release: table ${row.table_id} says kind ${row.kind}; the catalog says ${def.kind}`);
    if (!(GRAIN_ORDER as readonly string[]).includes(row.period_grain)) throw new Error(`release: table ${row.table_id} has grain ${row.period_grain}`);
    if (!Number.isFinite(row.decimals)) throw new Error(`release: table ${row.table_id} has no decimals`);
    if (row.dimension === 'total') {
      // fine: the only value is 'all'
    } else if (!(def.dimensions as readonly string[]).includes(row.dimension)) {
      throw new Error(`release: table ${row.table_id}: metric ${row.metric} has no breakdown ${row.dimension}`);
    }
    tables.set(row.table_id, { row, model, cells: new Map() });
  }
  for (const c of release.cells) {
    const t = tables.get(c.table_id)!;
    if (t.row.dimension === 'total' && c.dimension_value !== 'all') {
      throw new Error(`release: ${c.table_id} ${c.period}: a total cell with value '${c.dimension_value}' (expected 'all')`);
    }
    calendar.addUnknown(t.row.period_grain, c.period);
    let byValue = t.cells.get(c.period);
    if (!byValue) t.cells.set(c.period, (byValue = new Map()));
    if (byValue.has(c.dimension_value)) throw new Error(`release: ${c.table_id} ${c.period} ${c.dimension_value} appears twice`);
    byValue.set(c.dimension_value, c);
    add(seen, t.row.dimension, c.dimension_value);
  }

  const quantityDims = new Map<Quantity, Set<string>>();
  const grainSets = new Map<Quantity, Set<string>>();
  for (const t of tables.values()) {
    for (const { q, dimension } of quantitiesAt(t.model, t.row.dimension)) {
      let d = quantityDims.get(q);
      if (!d) quantityDims.set(q, (d = new Set(['total'])));
      d.add(dimension);
      let g = grainSets.get(q);
      if (!g) grainSets.set(q, (g = new Set()));
      g.add(t.row.period_grain);
    }
  }
  const quantityGrains = new Map<Quantity, string[]>();
  for (const [q, g] of grainSets) {
    // a hidden quarter links published months and years
    if (g.has('month') && g.has('year') && calendar.hasGrain('quarter')) g.add('quarter');
    quantityGrains.set(q, GRAIN_ORDER.filter((x) => g.has(x)));
  }

  const values = new Map<string, string[]>();
  for (const [d, s] of seen) values.set(d, [...s].sort());
  return { calendar, tables: [...tables.values()], values, known, siteParent, quantityDims, quantityGrains };
}
