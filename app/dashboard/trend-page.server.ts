// The data of a trend page (engagement, satisfaction & trust, recovery,
// professional standards): the resolved filters and one section per metric.
import type { ProgramAccess } from '~/auth/guards.server';
import type { ReleaseSnapshot } from '~/release/snapshot.server';
import { releaseInfo } from './load.server';
import { page, type PageId } from './pages';
import { breakdownView, metricView, trendSection, type TrendSection } from './sections.server';
import { pageMetrics, resolveView } from './view.server';

export function trendPage(release: ReleaseSnapshot, url: URL, id: PageId, access: ProgramAccess) {
  const def = page(id);
  const { view, scope, options, notices } = resolveView(release, url, def, access);
  const sections = pageMetrics(release, def)
    .map((m) => trendSection(release, view, scope, m))
    .filter((s): s is TrendSection => s !== null);
  return { kind: 'release' as const, page: { id: def.id, title: def.title, intro: def.intro, path: def.path }, release: releaseInfo(release), view, scopeLabel: scope.label, options, notices, sections };
}

/**
 * The relationship view: outcomes by consistency of contact and by trust, for
 * all programs together (the release has no band by program tables).
 */
const RELATIONSHIPS: readonly [string, string][] = [
  ['retention_90d', 'consistency_band'],
  ['satisfaction_positive', 'consistency_band'],
  ['trust_high', 'consistency_band'],
  ['retention_90d', 'trust_band'],
  ['satisfaction_positive', 'trust_band'],
];

export function relationshipSections(release: ReleaseSnapshot, url: URL, access: ProgramAccess): TrendSection[] {
  const { view, scope } = resolveView(release, url, page('satisfaction'), access);
  if (scope.dimension !== 'total') return [];
  return RELATIONSHIPS.flatMap(([metric, dimension]) => {
    const info = release.metric(metric);
    const breakdown = info ? breakdownView(release, view, scope, metric, dimension) : null;
    if (!info || !breakdown) return [];
    return [{ id: `${metric}-by-${dimension}`, title: `${info.label} by ${breakdown.dimensionLabel.toLowerCase()}`, metric: metricView(release, info), scopeLabel: scope.label, notes: [], trend: null, breakdown }];
  });
}
