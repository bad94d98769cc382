// What a page shows for one metric: its trend for the chosen program or site
// and, when asked, its breakdown. Every value is a cell of a released table,
// looked up, never computed. Where the release does not have the exact table
// (a site by month, a staff metric by site), the nearest released one is used
// and the section says so.
import type { ReleasedValue } from '../../pipelines/release/format';
import { GRAINS, tableId, type MetricInfo, type ReleaseSnapshot } from '~/release/snapshot.server';
import { compareValues, dimensionLabel, GRAIN_LABELS, periodLabel, valueLabel, type Grain } from './labels';
import { direction, FOLLOW_UP_METRICS, type Direction } from './pages';
import { metricScale, releaseScales, type MetricScale } from './scales.server';
import type { Scope } from './view.server';
import type { View } from './view';

export interface MetricView {
  id: string;
  label: string;
  unit: string;
  kind: string;
  decimals: number;
  privacyUnit: string;
  direction: Direction;
  /** The axis every chart of the metric uses, and its scale in words. */
  scale: MetricScale;
}

export interface PeriodView {
  period: string;
  label: string;
  partial: boolean;
}

/** A released value, or null where the release has no cell (nobody was in it). */
export interface Point extends PeriodView {
  value: ReleasedValue | null;
}

export interface BreakdownView {
  /** Set when the breakdown is released at a coarser grain than the view's. */
  note: string | null;
  dimension: string;
  dimensionLabel: string;
  tableId: string;
  grain: Grain;
  periods: PeriodView[];
  rows: { value: string; label: string; cells: (ReleasedValue | null)[] }[];
  /**
   * The whole the groups belong to (all programs, or the program of the sites),
   * one value per period: only a whole the account may see, never all programs
   * for an account assigned some of them.
   */
  reference: { label: string; tableId: string; dimensionValue: string; cells: (ReleasedValue | null)[] } | null;
}

/** A released count behind a share or ratio, where the release has the very count its denominator is. */
export interface Base {
  label: string;
  tableId: string;
  cells: (ReleasedValue | null)[];
}

export interface TrendSection {
  /** The section's anchor on its page. */
  id: string;
  title: string;
  metric: MetricView;
  scopeLabel: string;
  /** Why what is shown differs from what was asked (grain, scope, follow-up). */
  notes: string[];
  trend: { tableId: string; grain: Grain; dimensionValue: string; points: Point[]; base: Base | null } | null;
  breakdown: BreakdownView | null;
}

export function metricView(release: ReleaseSnapshot, m: MetricInfo): MetricView {
  return {
    id: m.id,
    label: m.label,
    unit: m.unit,
    kind: m.kind,
    decimals: m.decimals,
    privacyUnit: m.privacyUnit,
    direction: direction(m.id, m.kind),
    scale: metricScale(m, releaseScales(release.manifest.instruments)),
  };
}

/**
 * Denominators the release publishes as a metric of their own, for the same
 * group and period: the number of people behind these values. No other share
 * or mean has its count in the release (it holds no contributor counts), so
 * none is shown for them.
 */
const BASES: Record<string, string> = {
  satisfaction_response_rate: 'participants_served',
  encounters_per_participant: 'participants_served',
};

function baseOf(release: ReleaseSnapshot, metric: string, grain: Grain, dimension: string, value: string, periods: PeriodView[]): Base | null {
  const of = BASES[metric];
  const info = of ? release.metric(of) : undefined;
  if (!of || !info || !release.hasTable(tableId(of, grain, dimension))) return null;
  const table = tableId(of, grain, dimension);
  return { label: info.label, tableId: table, cells: periods.map((p) => release.cell(table, p.period, value) ?? null) };
}

const coarserOrEqual = (g: Grain) => GRAINS.slice(GRAINS.indexOf(g));

/** The grain to show `metric` by `dimension` at: the asked one, else the nearest coarser one the release has. */
export function grainFor(release: ReleaseSnapshot, metric: string, dimension: string, asked: Grain): Grain | null {
  return coarserOrEqual(asked).find((g) => release.hasTable(tableId(metric, g, dimension))) ?? null;
}

/** Periods of `grain` that overlap the view's range (given at the view's grain), up to the table's last period. */
export function periodsInRange(release: ReleaseSnapshot, view: View, grain: Grain, table: string): PeriodView[] {
  const asked = release.periods(view.grain);
  const start = asked.find((p) => p.period === view.from)?.period_start ?? '';
  const end = asked.find((p) => p.period === view.to)?.period_end ?? '';
  const lastWithData = release.lastPeriod(table);
  return release
    .periods(grain)
    .filter((p) => p.period_end >= start && p.period_start <= end && p.period <= lastWithData)
    .map((p) => ({ period: p.period, label: periodLabel(p.period), partial: !p.complete }));
}

/** The scope a metric can be shown for: a staff metric has no sites, so a site's program stands in. */
export function scopeFor(release: ReleaseSnapshot, metric: string, scope: Scope, programOf: string | null): { scope: Scope; note: string | null } {
  if (scope.dimension === 'site' && release.grainsOf(metric, 'site').length === 0 && programOf) {
    return {
      scope: { dimension: 'program', value: programOf, label: programOf },
      note: `Not released by site; showing ${programOf}, the program ${scope.label} belongs to.`,
    };
  }
  return { scope, note: null };
}

/** Says so when the table stops before the range does. */
function endNote(release: ReleaseSnapshot, metric: string, periods: PeriodView[], view: View, grain: Grain): string | null {
  const last = periods[periods.length - 1];
  const askedEnd = release.periods(view.grain).find((p) => p.period === view.to)?.period_end ?? '';
  const lastEnd = last ? (release.periods(grain).find((p) => p.period === last.period)?.period_end ?? '') : '';
  if (!last || lastEnd >= askedEnd) return null;
  return FOLLOW_UP_METRICS.has(metric)
    ? `Released up to ${last.label}: later periods are not yet followed up for long enough.`
    : `Released up to ${last.label}.`;
}

export function trendSection(release: ReleaseSnapshot, view: View, scope: Scope, metricId: string): TrendSection | null {
  const info = release.metric(metricId);
  if (!info) return null;
  const notes: string[] = [];
  const scoped = scopeFor(release, metricId, scope, view.program);
  if (scoped.note) notes.push(scoped.note);
  const s = scoped.scope;

  const grain = grainFor(release, metricId, s.dimension, view.grain);
  let trend: TrendSection['trend'] = null;
  if (grain === null) {
    notes.push(`Not released for ${s.label} at this grain.`);
  } else {
    if (grain !== view.grain) notes.push(`Released by ${release.grainsOf(metricId, s.dimension).map((g) => GRAIN_LABELS[g].toLowerCase()).join(' and ')} only; shown by ${grain}.`);
    const table = tableId(metricId, grain, s.dimension);
    const periods = periodsInRange(release, view, grain, table);
    const end = endNote(release, metricId, periods, view, grain);
    if (end) notes.push(end);
    trend = {
      tableId: table,
      grain,
      dimensionValue: s.value,
      points: periods.map((p) => ({ ...p, value: release.cell(table, p.period, s.value) ?? null })),
      base: baseOf(release, metricId, grain, s.dimension, s.value, periods),
    };
  }

  let breakdown: BreakdownView | null = null;
  if (view.by) {
    breakdown = breakdownView(release, view, s, metricId, view.by);
    if (!breakdown) notes.push(`Not released by ${dimensionLabel(view.by).toLowerCase()}${s.dimension === 'total' ? '' : ` for ${s.label}`}.`);
  }
  return { id: metricId, title: info.label, metric: metricView(release, info), scopeLabel: s.label, notes, trend, breakdown };
}

/**
 * The metric by `dimension` over the view's range; within a program, only its
 * sites, or the programs the account may compare it with (`scope.peers`).
 */
export function breakdownView(release: ReleaseSnapshot, view: View, scope: Scope, metricId: string, dimension: string): BreakdownView | null {
  if (scope.dimension === 'site') return null;
  const peers = scope.dimension === 'program' && dimension === 'program' ? (scope.peers ?? []) : null;
  if (scope.dimension === 'program' && dimension !== 'site' && !peers?.length) return null;
  const grain = grainFor(release, metricId, dimension, view.grain);
  if (grain === null) return null;
  const table = tableId(metricId, grain, dimension);
  const periods = periodsInRange(release, view, grain, table);
  const values = release
    .values(dimension)
    .filter((v) => (peers ? peers.includes(v.dimension_value) : scope.dimension !== 'program' || v.parent_value === scope.value))
    .map((v) => v.dimension_value)
    .sort(compareValues(dimension));
  const rows = values
    .map((value) => ({ value, label: valueLabel(dimension, value), cells: periods.map((p) => release.cell(table, p.period, value) ?? null) }))
    .filter((row) => row.cells.some((c) => c !== null));
  const note = grain === view.grain ? null : `By ${dimensionLabel(dimension).toLowerCase()} the release has ${grain}s only; shown by ${grain}, for every ${grain} that overlaps the range.`;
  // Programs side by side have no whole the account may see; sites have their program, groups all programs.
  const whole = tableId(metricId, grain, scope.dimension);
  const reference = peers || !release.hasTable(whole)
    ? null
    : { label: scope.label, tableId: whole, dimensionValue: scope.value, cells: periods.map((p) => release.cell(whole, p.period, scope.value) ?? null) };
  return { note, dimension, dimensionLabel: dimensionLabel(dimension), tableId: table, grain, periods, rows, reference };
}
