// The equity page: the same outcomes side by side across the groups of one
// demographic breakdown in one year, next to all programs together.
import type { ProgramAccess } from '~/auth/guards.server';
import type { ReleasedValue } from '../../pipelines/release/format';
import { tableId, type ReleaseSnapshot } from '~/release/snapshot.server';
import { releaseInfo } from './load.server';
import { page } from './pages';
import { compareValues, periodLabel, valueLabel } from './labels';
import { breakdownView, metricView, type BreakdownView, type MetricView } from './sections.server';
import { pageMetrics, resolveView } from './view.server';

export interface EquityRow {
  metric: MetricView;
  tableId: string;
  totalTableId: string;
  total: ReleasedValue | null;
  cells: (ReleasedValue | null)[];
  /** False when the release has no value of this outcome for the year (a follow-up not yet complete). */
  released: boolean;
  /** Each group over every year the release has, with all programs as the whole (null with fewer than two years). */
  overTime: BreakdownView | null;
}

export function equityPage(release: ReleaseSnapshot, url: URL, access: ProgramAccess) {
  const def = page('equity');
  const { view, scope, options, notices } = resolveView(release, url, def, access);
  const year = view.to;
  const dimension = view.by;
  const groups = dimension
    ? release
        .values(dimension)
        .map((v) => v.dimension_value)
        .sort(compareValues(dimension))
        .map((value) => ({ value, label: valueLabel(dimension, value) }))
    : [];
  const rows: EquityRow[] = [];
  const years = release.periods('year').map((p) => p.period);
  const allYears = { ...view, from: years[0] ?? year, to: years[years.length - 1] ?? year };
  if (dimension) {
    for (const metric of pageMetrics(release, def)) {
      const info = release.metric(metric);
      const b = info ? breakdownView(release, { ...view, from: year, to: year }, scope, metric, dimension) : null;
      if (!info || !b || b.grain !== 'year') continue;
      const overTime = breakdownView(release, allYears, scope, metric, dimension);
      const byValue = new Map(b.rows.map((r) => [r.value, r.cells[0] ?? null]));
      rows.push({
        metric: metricView(release, info),
        tableId: b.tableId,
        totalTableId: tableId(metric, 'year', 'total'),
        total: release.cell(tableId(metric, 'year', 'total'), year, 'all') ?? null,
        cells: groups.map((g) => byValue.get(g.value) ?? null),
        released: release.table(b.tableId).some((c) => c.period === year),
        overTime: overTime && overTime.grain === 'year' && overTime.periods.length > 1 ? overTime : null,
      });
    }
  }
  return {
    kind: 'release' as const,
    page: { title: def.title, intro: def.intro, path: def.path },
    release: releaseInfo(release),
    view,
    options,
    notices,
    year: { period: year, label: periodLabel(year) },
    dimension,
    groups,
    rows,
  };
}
