// A funder report: one program in one quarter or fiscal year, with the prior
// period and the same period a year earlier beside it. Everything is looked up
// in the release snapshot; the only derived value is a change between two
// released values (app/lib/change.ts), made by the component that shows it.
import type { ReleasedValue } from '../../pipelines/release/format';
import { definitionOf } from '~/dashboard/definitions';
import { periodLabel } from '~/dashboard/labels';
import { direction, FOLLOW_UP_METRICS, KPI_METRICS, page, type Direction } from '~/dashboard/pages';
import { formatDate, formatNumber } from '~/lib/format';
import { tableId, type ReleaseSnapshot } from '~/release/snapshot.server';

export type ReportGrain = 'quarter' | 'year';
export const REPORT_GRAINS: readonly ReportGrain[] = ['quarter', 'year'];

/** Below this many participants served, the report says its shares move a lot with one or two people. */
export const FEW_PEOPLE = 50;

/** How many periods the trend charts reach back, the report's own included. */
const TREND_LENGTH: Record<ReportGrain, number> = { quarter: 8, year: 5 };

export interface ReportPeriod {
  grain: ReportGrain;
  period: string;
  /** "FY2025 Q2 (Oct–Dec 2024)" */
  label: string;
  short: string;
  complete: boolean;
}

export interface MetricRef {
  metric: string;
  label: string;
  unit: string;
  decimals: number;
  kind: string;
  direction: Direction;
}

export interface ReportRow extends MetricRef {
  current: ReleasedValue | null;
  /** Released values of the comparison periods, in the order of `Report.comparisons`. */
  compared: (ReleasedValue | null)[];
  /** Plain words when the current value is missing (a suppressed one says so itself, and the legend why). */
  note: string | null;
}

export interface TrendPoint {
  period: string;
  label: string;
  value: ReleasedValue | null;
}

export interface ReportSection {
  id: string;
  title: string;
  intro: string;
  rows: ReportRow[];
  trend: (MetricRef & { points: TrendPoint[] }) | null;
  bySite: { title: string; metrics: MetricRef[]; rows: { site: string; values: (ReleasedValue | null)[] }[] } | null;
}

export interface Report {
  program: string;
  period: ReportPeriod;
  comparisons: ReportPeriod[];
  release: { id: string; createdAt: string; k: number; dataFrom: string | null; dataTo: string | null; fiscalYearStartMonth: number };
  summary: ReportRow[];
  notes: string[];
  sections: ReportSection[];
  /**
   * What each measure tells, in plain words (app/dashboard/definitions.ts). Not
   * how it is computed as well: with both, the definitions outgrew their page
   * and the report its six Letter pages.
   */
  definitions: { metric: string; label: string; plain: string | null }[];
}

// The sections show the dashboard pages' metrics, in their order; reach is engagement's first two.
const REACH = ['participants_served', 'new_enrollments'];

const SECTIONS: readonly { id: string; title: string; intro: string; metrics: readonly string[]; trend: string; bySite?: readonly string[] }[] = [
  {
    id: 'reach',
    title: 'Reach',
    intro: 'How many people the program served and how many enrolled.',
    metrics: REACH,
    trend: 'participants_served',
    bySite: REACH,
  },
  {
    id: 'engagement',
    title: 'Engagement',
    intro: 'How often people met their peer specialist, and who stayed.',
    metrics: page('engagement').metrics.filter((m) => !REACH.includes(m)),
    trend: 'retention_90d',
  },
  {
    id: 'satisfaction',
    title: 'Satisfaction and trust',
    intro: 'How satisfied participants were, and how much they trusted their peer specialist.',
    metrics: page('satisfaction').metrics,
    trend: 'satisfaction_positive',
  },
  {
    id: 'recovery',
    title: 'Recovery outcomes',
    intro: 'Change in recovery scores from intake to follow-up, and the goals participants set and reached.',
    metrics: page('recovery').metrics,
    trend: 'recovery_reliable_improvement',
  },
  {
    id: 'standards',
    title: 'Professional standards',
    intro: 'Supervision, ethics training and incidents, counted over the program’s staff rather than its participants.',
    metrics: page('standards').metrics,
    trend: 'ethics_training_current',
  },
];

/** "2024-07-01" → "Jul 2024": the month's own period label. */
const monthYear = (isoDate: string) => periodLabel(isoDate.slice(0, 7));

/** The report periods of the release, newest first: fiscal years and their quarters. */
export function reportPeriods(release: ReleaseSnapshot): ReportPeriod[] {
  const fiscal = release.manifest.fiscal_year_start_month !== 1;
  return REPORT_GRAINS.flatMap((grain) =>
    release.periods(grain).map((p) => {
      const name = fiscal ? `FY${periodLabel(p.period)}` : periodLabel(p.period);
      return {
        grain,
        period: p.period,
        label: `${name} (${monthYear(p.period_start)} – ${monthYear(p.period_end)})`,
        short: name,
        complete: p.complete,
      };
    }),
  ).sort((a, b) => (a.grain === b.grain ? b.period.localeCompare(a.period) : a.grain === 'year' ? -1 : 1));
}

/** The periods a report compares with: the one before, and for a quarter the same quarter a year earlier. */
function comparisonsOf(all: ReportPeriod[], period: ReportPeriod): ReportPeriod[] {
  const same = all.filter((p) => p.grain === period.grain).sort((a, b) => a.period.localeCompare(b.period));
  const i = same.findIndex((p) => p.period === period.period);
  const found: ReportPeriod[] = [];
  const prior = same[i - 1];
  found.push(prior ?? { ...period, period: '', label: 'no earlier period in this release', short: 'Prior period' });
  if (period.grain === 'quarter') {
    const yearEarlier = `${Number(period.period.slice(0, 4)) - 1}${period.period.slice(4)}`;
    found.push(same.find((p) => p.period === yearEarlier) ?? { ...period, period: '', label: 'not in this release', short: 'A year earlier' });
  }
  return found;
}

function metricRef(release: ReleaseSnapshot, metric: string): MetricRef | null {
  const m = release.metric(metric);
  if (!m) return null;
  return { metric, label: m.label, unit: m.unit, decimals: m.decimals, kind: m.kind, direction: direction(metric, m.kind) };
}

export function buildReport(release: ReleaseSnapshot, program: string, period: ReportPeriod): Report {
  const all = reportPeriods(release);
  const comparisons = comparisonsOf(all, period);
  const k = release.k;
  const value = (metric: string, p: string, dimension = 'program', v = program): ReleasedValue | null =>
    p ? (release.cell(tableId(metric, period.grain, dimension), p, v) ?? null) : null;

  const row = (ref: MetricRef): ReportRow => {
    const current = value(ref.metric, period.period);
    let note: string | null = null;
    if (!current && FOLLOW_UP_METRICS.has(ref.metric)) note = 'Not available yet: the follow-up of this period is not complete.';
    else if (!current) note = 'No one was counted in this period.';
    return { ...ref, current, compared: comparisons.map((c) => value(ref.metric, c.period)), note };
  };
  const refs = (ids: readonly string[]) => ids.map((id) => metricRef(release, id)).filter((r): r is MetricRef => r !== null);

  const sections: ReportSection[] = SECTIONS.map((s) => {
    const trendRef = metricRef(release, s.trend);
    const periods = all.filter((p) => p.grain === period.grain && p.period <= period.period).sort((a, b) => a.period.localeCompare(b.period));
    const siteRefs = s.bySite ? refs(s.bySite) : [];
    const sites = release.values('site').filter((v) => v.parent_value === program).map((v) => v.dimension_value);
    return {
      id: s.id,
      title: s.title,
      intro: s.intro,
      rows: refs(s.metrics).map(row),
      trend: trendRef
        ? { ...trendRef, points: periods.slice(-TREND_LENGTH[period.grain]).map((p) => ({ period: p.period, label: p.short, value: value(s.trend, p.period) })) }
        : null,
      bySite:
        siteRefs.length > 0 && sites.length > 0 && siteRefs.some((r) => release.hasTable(tableId(r.metric, period.grain, 'site')))
          ? {
              title: `${siteRefs.map((r) => r.label).join(' and ')} by site`,
              metrics: siteRefs,
              rows: sites.map((site) => ({ site, values: siteRefs.map((r) => value(r.metric, period.period, 'site', site)) })),
            }
          : null,
    };
  });

  const summary = refs(KPI_METRICS).map(row);
  const inReport = sections.flatMap((s) => s.rows);
  const notes: string[] = [];
  if (!period.complete) notes.push(`This period is not over in the data: the release runs to ${release.manifest.data_to ? formatDate(release.manifest.data_to) : 'an earlier date'}, so its figures are partial.`);
  const served = value('participants_served', period.period);
  if (served?.status === 'released' && served.value < FEW_PEOPLE) {
    notes.push(`The program served ${formatNumber(served.value)} people in this period. With so few, one or two people move a percentage by several points: read changes with care.`);
  }
  const suppressed = inReport.filter((r) => r.current?.status === 'suppressed');
  if (suppressed.length > 0) {
    notes.push(
      `${suppressed.length === 1 ? 'One figure is' : `${suppressed.length} figures are`} suppressed (${suppressed.map((r) => r.label.toLowerCase()).join('; ')}): each rests on fewer than ${k} people, or would let such a figure be worked out from the others. Suppressed is never zero.`,
    );
  }
  const waiting = inReport.filter((r) => !r.current && FOLLOW_UP_METRICS.has(r.metric));
  if (waiting.length > 0) {
    notes.push(`${waiting.map((r) => r.label).join(', ')}: not available yet for this period, because not everyone who started in it has been followed up long enough.`);
  }
  if (comparisons.some((c) => !c.period)) notes.push('Some comparisons are missing because the release does not reach back that far.');

  const m = release.manifest;
  return {
    program,
    period,
    comparisons,
    release: { id: m.release_id, createdAt: m.created_at, k, dataFrom: m.data_from, dataTo: m.data_to, fiscalYearStartMonth: m.fiscal_year_start_month },
    summary,
    notes,
    sections,
    definitions: [...new Map(inReport.map((r) => [r.metric, r])).values()].map((r) => {
      const d = definitionOf(r.metric);
      return { metric: r.metric, label: r.label, plain: d?.plain ?? null };
    }),
  };
}
