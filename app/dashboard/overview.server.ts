// The overview: one tile per key metric for the latest complete period that
// has it, with the prior period and a short trend; and the few things that
// need attention, found by comparing released values only.
import type { ReleasedValue } from '../../pipelines/release/format';
import { tableId, type ReleaseSnapshot } from '~/release/snapshot.server';
import { changeBetween, formatChange } from '~/lib/change';
import { formatValue } from '~/lib/format';
import { ATTENTION_METRICS, direction, KPI_METRICS, page, PAGES } from './pages';
import { periodLabel, valueLabel, type Grain } from './labels';
import { grainFor, metricView, scopeFor, type MetricView, type Point } from './sections.server';
import { viewSearch, type View } from './view';
import type { Scope } from './view.server';

export interface KpiTile {
  metric: MetricView;
  tableId: string;
  /** The grain of the tile's period: tiles of one overview may show a month, a quarter or a year. */
  grain: Grain;
  scopeLabel: string;
  dimensionValue: string;
  note: string | null;
  current: Point | null;
  prior: Point | null;
  /** The last periods up to the current one, for the sparkline. */
  spark: Point[];
}

export interface AttentionItem {
  text: string;
  href: string;
  /** Size of the gap, for ordering: percentage points or percent. */
  size: number;
}

const SPARK_PERIODS = 8;
const GAP_POINTS = 0.05; // 5 percentage points
const DROP_SHARE = 0.1; // 10 %

function kpiTile(release: ReleaseSnapshot, view: View, scope: Scope, metricId: string): KpiTile | null {
  const info = release.metric(metricId);
  if (!info) return null;
  const scoped = scopeFor(release, metricId, scope, view.program);
  const grain = grainFor(release, metricId, scoped.scope.dimension, 'month');
  if (grain === null) return null;
  const table = tableId(metricId, grain, scoped.scope.dimension);
  const periods = release.periods(grain);
  const at = (i: number): Point | null => {
    const p = periods[i];
    if (!p) return null;
    const value = release.cell(table, p.period, scoped.scope.value);
    return value ? { period: p.period, label: periodLabel(p.period), partial: !p.complete, value } : null;
  };
  let index = -1;
  for (let i = periods.length - 1; i >= 0; i--) {
    if (periods[i]?.complete && release.cell(table, periods[i]!.period, scoped.scope.value)) {
      index = i;
      break;
    }
  }
  const spark: Point[] = [];
  for (let i = Math.max(0, index - SPARK_PERIODS + 1); i <= index; i++) {
    const p = periods[i]!;
    spark.push({ period: p.period, label: periodLabel(p.period), partial: !p.complete, value: release.cell(table, p.period, scoped.scope.value) ?? null });
  }
  return {
    metric: metricView(release, info),
    tableId: table,
    grain,
    scopeLabel: scoped.scope.label,
    dimensionValue: scoped.scope.value,
    note: scoped.note,
    current: index >= 0 ? at(index) : null,
    // A partial period (the data starts or ends inside it) is no fair comparison.
    prior: index >= 1 && periods[index - 1]!.complete ? (at(index - 1) ?? { ...periodPoint(periods[index - 1]!.period), value: null }) : null,
    spark,
  };
}

/** A scope inside a sentence: a program's name as it is, "all programs" in lower case. */
const scopeText = (label: string) => (label === 'All programs' ? 'all programs' : label);

const periodPoint = (period: string) => ({ period, label: periodLabel(period), partial: false });

export function kpiTiles(release: ReleaseSnapshot, view: View, scope: Scope): KpiTile[] {
  return KPI_METRICS.map((m) => kpiTile(release, view, scope, m)).filter((t): t is KpiTile => t !== null);
}

const released = (v: ReleasedValue | null | undefined): number | null => (v && v.status === 'released' ? v.value : null);

/** A tile whose latest value moved the wrong way by more than the thresholds. */
function adverseMoves(tiles: KpiTile[], view: View): AttentionItem[] {
  const items: AttentionItem[] = [];
  for (const t of tiles) {
    const change = changeBetween(t.current?.value, t.prior?.value);
    if (change.kind !== 'available' || t.metric.direction === 'neither') continue;
    const sign = t.metric.direction === 'higher' ? -1 : 1;
    // Proportions move in percentage points; other measures relative to the prior value.
    const worse = sign * (t.metric.unit === 'proportion' ? change.delta : (change.relative ?? 0));
    if (worse < (t.metric.unit === 'proportion' ? GAP_POINTS : DROP_SHARE)) continue;
    items.push({
      text: `${t.metric.label} for ${scopeText(t.scopeLabel)} moved the wrong way in ${t.current?.label}: ${formatChange(change, t.metric.unit, t.metric.decimals, t.metric.kind)} against ${t.prior?.label}.`,
      href: pageHref(t.metric.id, view, {}),
      size: worse * 100,
    });
  }
  return items;
}

function pageHref(metric: string, view: View, changes: Partial<Record<'program' | 'site' | 'grain' | 'by', string | null>>): string {
  const target = PAGES.find((p) => p.family && p.metrics.includes(metric)) ?? page('overview');
  return `${target.path}${viewSearch({ program: view.program, site: view.site, grain: view.grain }, changes)}#${metric}`;
}

/**
 * Programs (or, within a program, its sites) whose latest complete quarter is
 * behind the whole by at least 5 percentage points on an outcome. Both values
 * are released cells of the same quarter.
 */
function laggingGroups(release: ReleaseSnapshot, view: View, scope: Scope): AttentionItem[] {
  if (scope.dimension === 'site') return [];
  const dimension = scope.dimension === 'total' ? 'program' : 'site';
  const items: AttentionItem[] = [];
  for (const metric of ATTENTION_METRICS) {
    const info = release.metric(metric);
    if (!info || info.unit !== 'proportion') continue;
    const grain: Grain = 'quarter';
    const whole = tableId(metric, grain, scope.dimension);
    const parts = tableId(metric, grain, dimension);
    if (!release.hasTable(whole) || !release.hasTable(parts)) continue;
    const latest = [...release.periods(grain)].reverse().find((p) => p.complete && released(release.cell(whole, p.period, scope.value)) !== null);
    if (!latest) continue;
    const reference = released(release.cell(whole, latest.period, scope.value))!;
    const sign = direction(metric, info.kind) === 'lower' ? -1 : 1;
    for (const v of release.values(dimension)) {
      if (dimension === 'site' && v.parent_value !== scope.value) continue;
      const value = released(release.cell(parts, latest.period, v.dimension_value));
      if (value === null) continue;
      const gap = sign * (reference - value);
      if (gap < GAP_POINTS) continue;
      const m = metricView(release, info);
      items.push({
        text: `${valueLabel(dimension, v.dimension_value)}: ${m.label.toLowerCase()} ${formatValue(value, m.unit, m.decimals)} in ${periodLabel(latest.period)}, against ${formatValue(reference, m.unit, m.decimals)} for ${scopeText(scope.label)}.`,
        href: pageHref(metric, view, dimension === 'program' ? { program: v.dimension_value, site: null, grain } : { site: v.dimension_value, grain }),
        size: gap * 100,
      });
    }
  }
  return items;
}

export function attentionItems(release: ReleaseSnapshot, view: View, scope: Scope, tiles: KpiTile[], limit = 6): AttentionItem[] {
  return [...adverseMoves(tiles, view), ...laggingGroups(release, view, scope)].sort((a, b) => b.size - a.size).slice(0, limit);
}
