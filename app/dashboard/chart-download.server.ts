// A dashboard chart taken away: its released cells as CSV, or a picture of it
// as SVG. The chart is found again the way its page found it (the same
// loaders over the same URL parameters, behind the same guards), so a
// download holds exactly the cells the page shows, for exactly the programs
// the page would show, and every download is an `export` in the audit trail.
import type { AppLoadContext, LoaderFunctionArgs } from '@remix-run/node';
import { z } from 'zod';
import { recordEvent } from '~/audit/record.server';
import { requireProgramAccess, requireRole, type ProgramAccess } from '~/auth/guards.server';
import { csvRow } from '~/exports/data-files.server';
import { scopeText, type ExportRow } from '~/exports/scope.server';
import { unitText } from '~/lib/format';
import { plainResponse } from '~/lib/responses';
import type { ReleaseSnapshot } from '~/release/snapshot.server';
import { csvHeader, EXPORT_COLUMNS, type CatalogRow, type ReleasedValue } from '../../pipelines/release/format';
import { equityPage } from './equity.server';
import { dimensionLabel } from './labels';
import { loadRelease } from './load.server';
import type { PageId } from './pages';
import type { MetricView, PeriodView, TrendSection } from './sections.server';
import { relationshipSections, trendPage } from './trend-page.server';

/** One line (or bar) of a chart: one breakdown value of one released table, across the chart's periods. */
export interface ChartSeries {
  label: string;
  table: CatalogRow;
  dimensionValue: string;
  values: (ReleasedValue | null)[];
  /** The whole the groups belong to, drawn for comparison (dashed), not one of the groups. */
  reference?: boolean;
}

export interface DownloadableChart {
  /** The chart's title as the page gives it. */
  title: string;
  /** Scope, unit and grain, as the card's meta line says them. */
  subtitle: string;
  metric: MetricView;
  periods: PeriodView[];
  series: ChartSeries[];
}

const Query = z.object({
  page: z.enum(['engagement', 'satisfaction', 'recovery', 'standards', 'equity']),
  chart: z.string().trim().min(1).max(200),
  part: z.enum(['trend', 'breakdown']),
});
export type ChartQuery = z.infer<typeof Query>;

/** A series of the released table `tableId`, or none when the release has no such table. */
function series(release: ReleaseSnapshot, tableId: string, s: Omit<ChartSeries, 'table'>): ChartSeries[] {
  const table = release.catalog.find((r) => r.table_id === tableId);
  return table ? [{ ...s, table }] : [];
}

function fromSection(release: ReleaseSnapshot, s: TrendSection, part: ChartQuery['part']): DownloadableChart | null {
  const unit = unitText(s.metric.unit);
  if (part === 'trend') {
    const t = s.trend;
    if (!t) return null;
    return {
      title: `${s.metric.label}, ${s.scopeLabel}`,
      subtitle: `${s.scopeLabel} · ${unit} · by ${t.grain}`,
      metric: s.metric,
      periods: t.points.map(({ period, label, partial }) => ({ period, label, partial })),
      series: [
        ...series(release, t.tableId, { label: s.scopeLabel, dimensionValue: t.dimensionValue, values: t.points.map((p) => p.value) }),
        // The count of people behind a share, as the page shows it under the chart: in the data, not on the image's axis.
        ...(t.base ? series(release, t.base.tableId, { label: t.base.label, dimensionValue: t.dimensionValue, values: t.base.cells }) : []),
      ],
    };
  }
  const b = s.breakdown;
  if (!b || b.rows.length === 0) return null;
  return {
    title: `${s.metric.label} by ${b.dimensionLabel.toLowerCase()}`,
    subtitle: `${s.scopeLabel} · ${unit} · by ${b.grain}`,
    metric: s.metric,
    periods: b.periods,
    series: [
      ...b.rows.flatMap((r) => series(release, b.tableId, { label: r.label, dimensionValue: r.value, values: r.cells })),
      ...(b.reference ? series(release, b.reference.tableId, { label: b.reference.label, dimensionValue: b.reference.dimensionValue, values: b.reference.cells, reference: true }) : []),
    ],
  };
}

/** The chart `q` names on its page for this URL's view, or null when the page has no such chart. */
export function findChart(release: ReleaseSnapshot, url: URL, access: ProgramAccess, q: ChartQuery): DownloadableChart | null {
  if (q.page === 'equity') {
    if (q.part !== 'breakdown') return null;
    const eq = equityPage(release, url, access);
    const row = eq.rows.find((r) => r.metric.id === q.chart && r.released);
    if (!row || !eq.dimension) return null;
    return {
      title: `${row.metric.label} by ${dimensionLabel(eq.dimension).toLowerCase()}, ${eq.year.label}`,
      subtitle: `All programs · ${unitText(row.metric.unit)} · ${eq.year.label}`,
      metric: row.metric,
      periods: [{ period: eq.year.period, label: eq.year.label, partial: false }],
      series: [
        ...eq.groups.flatMap((g, i) => series(release, row.tableId, { label: g.label, dimensionValue: g.value, values: [row.cells[i] ?? null] })),
        ...series(release, row.totalTableId, { label: 'All programs', dimensionValue: 'all', values: [row.total], reference: true }),
      ],
    };
  }
  const page = trendPage(release, url, q.page as PageId, access);
  const sections = q.page === 'satisfaction' ? [...page.sections, ...relationshipSections(release, url, access)] : page.sections;
  const section = sections.find((s) => s.id === q.chart);
  return section ? fromSection(release, section, q.part) : null;
}

/** The chart's released cells in the release's long form: a cell the release does not have (nobody in it) is not a row. */
export function chartRows(chart: DownloadableChart): ExportRow[] {
  return chart.series.flatMap(({ table, dimensionValue, values }) =>
    chart.periods.flatMap((p, i) => {
      const value = values[i];
      return value
        ? [{ table_id: table.table_id, metric: table.metric, period_grain: table.period_grain, period: p.period, dimension: table.dimension, dimension_value: dimensionValue, value }]
        : [];
    }),
  );
}

/** The project's one CSV encoding (pipelines/release/format.ts), as the exports write it. */
export function chartCsv(chart: DownloadableChart): string {
  return csvHeader(EXPORT_COLUMNS, 'bom') + chartRows(chart).map(csvRow).join('');
}

export const chartFileName = (release: ReleaseSnapshot, q: ChartQuery, ext: string) => `peer-outcomes_${release.id}_${q.chart}_${q.part}.${ext}`;

/**
 * The guards of a chart download, as the chart's page has them (program
 * manager, the programs of the URL, all-programs pages only for accounts of
 * every program), then the chart, then its `export` entry in the audit trail,
 * written before the first byte leaves. A Response is a refusal in words.
 */
export async function requireChartDownload(
  { request, context }: LoaderFunctionArgs,
  format: 'csv' | 'svg',
): Promise<Response | { release: ReleaseSnapshot; chart: DownloadableChart; query: ChartQuery }> {
  const signed = await requireRole(request, 'program_manager', { resource: true });
  const url = new URL(request.url);
  const parsed = Query.safeParse(Object.fromEntries(['page', 'chart', 'part'].map((k) => [k, url.searchParams.get(k) ?? undefined])));
  if (!parsed.success) return plainResponse(400, 'This link does not name a chart: it needs page, chart and part.');
  const release = await loadRelease();
  if (!release) return plainResponse(404, 'There is no release yet, so there is no chart to download.');
  const access = await requireProgramAccess(signed, release, request, { whole: parsed.data.page === 'equity' });
  const chart = findChart(release, url, access, parsed.data);
  if (!chart) return plainResponse(404, 'This page has no such chart in the current release. Open the page again and use its download links.');
  await recordChartExport(signed.user.email, context, url, release, access, chart, format);
  return { release, chart, query: parsed.data };
}

async function recordChartExport(
  actor: string,
  context: AppLoadContext | undefined,
  url: URL,
  release: ReleaseSnapshot,
  access: ProgramAccess,
  chart: DownloadableChart,
  format: 'csv' | 'svg',
): Promise<void> {
  const rows = chartRows(chart);
  const released = rows.filter((r) => r.value.status === 'released').length;
  await recordEvent(actor, context, {
    action: 'export',
    target: url.pathname + url.search,
    details: {
      release: release.id,
      format,
      chart: chart.title,
      tables: new Set(chart.series.map((x) => x.table.table_id)).size,
      rows: rows.length,
      cells_released: released,
      cells_suppressed: rows.length - released,
      scope: scopeText(access),
    },
  });
}
