// Resolves a page's search params against the release: a value the release's
// catalog does not have is never used; it is dropped with a notice that says
// what is shown instead (a bookmark from an older release still opens).
import { z } from 'zod';
import type { ProgramAccess } from '~/auth/guards.server';
import { GRAINS, type ReleaseSnapshot } from '~/release/snapshot.server';
import { EQUITY_DIMENSIONS, type PageDef } from './pages';
import { dimensionLabel, GRAIN_LABELS, periodLabel, type Grain } from './labels';
import { VIEW_PARAMS, type FilterOptions, type View } from './view';

const param = z.string().trim().max(200).optional().catch(undefined);
const RawView = z.object({ program: param, site: param, grain: param, from: param, to: param, by: param });

export interface Scope {
  dimension: 'total' | 'program' | 'site';
  value: string;
  label: string;
  /** A program's side-by-side comparison: every program of an account assigned several but not all (never with their total). */
  peers?: readonly string[];
}

export interface ResolvedView {
  view: View;
  scope: Scope;
  options: FilterOptions;
  /** What was asked for but is not in the release, and what is shown instead. */
  notices: string[];
}

/** The metrics a page shows that the release has: the page's list in order, then the rest of its family. */
export function pageMetrics(release: ReleaseSnapshot, page: PageDef): string[] {
  const listed = page.metrics.filter((m) => release.metric(m));
  const rest = page.family ? release.metrics().filter((m) => m.family === page.family && !listed.includes(m.id)).map((m) => m.id) : [];
  return [...listed, ...rest];
}

export function scopeOf(view: Pick<View, 'program' | 'site'>): Scope {
  if (view.site) return { dimension: 'site', value: view.site, label: view.site };
  if (view.program) return { dimension: 'program', value: view.program, label: view.program };
  return { dimension: 'total', value: 'all', label: 'All programs' };
}

function breakdownsFor(release: ReleaseSnapshot, page: PageDef, scope: Scope): string[] {
  const metrics = new Set(pageMetrics(release, page));
  const available = new Set(release.catalog.filter((r) => metrics.has(r.metric)).map((r) => r.dimension));
  if (page.id === 'equity') return EQUITY_DIMENSIONS.filter((d) => available.has(d));
  // The release has no crossed tables (a program by gender): within a program
  // the only finer breakdown is its sites; a site has none.
  if (scope.dimension === 'site') return [];
  if (scope.dimension === 'program') return [...(available.has('site') ? ['site'] : []), ...(scope.peers?.length ? ['program'] : [])];
  // Sites are compared within their program: a state has a hundred or more,
  // too many for one chart or one page.
  return [...available].filter((d) => d !== 'total' && d !== 'site');
}

/**
 * `access` (from requireProgramAccess) bounds everything: only its programs and
 * their sites can be chosen, and the all-programs view only when it is whole.
 */
export function resolveView(release: ReleaseSnapshot, url: URL, page: PageDef, access: ProgramAccess): ResolvedView {
  const raw = RawView.parse(Object.fromEntries(VIEW_PARAMS.map((k) => [k, url.searchParams.get(k) ?? undefined])));
  const notices: string[] = [];

  // Demographic groups are released for all programs together only.
  const wholeOnly = page.id === 'equity';
  if (wholeOnly && (raw.program || raw.site)) {
    notices.push('Groups are compared for all programs together only; showing all programs.');
    raw.program = raw.site = undefined;
  }
  const programs = [...access.programs];
  const sites = release.values('site').filter((s) => s.parent_value !== null && programs.includes(s.parent_value));
  let program = raw.program || null;
  if (program && !programs.includes(program)) {
    notices.push(`The program “${program}” is not in this release; showing ${access.whole ? 'all programs' : (programs[0] ?? 'all programs')}.`);
    program = null;
  }
  let site = raw.site || null;
  const siteRow = site ? sites.find((s) => s.dimension_value === site) : undefined;
  if (site && !siteRow) {
    notices.push(`The site “${site}” is not in this release; showing ${program ?? 'all programs'}.`);
    site = null;
  } else if (site && program && siteRow?.parent_value !== program) {
    notices.push(`The site “${site}” is not part of ${program}; showing the whole program.`);
    site = null;
  } else if (site && !program) {
    program = siteRow?.parent_value ?? null;
  }
  // An account assigned particular programs never sees them added together;
  // with several, it sees them side by side (a breakdown by its programs).
  const peers = !access.whole && programs.length > 1 ? programs : undefined;
  const sideBySide = !program && !raw.by && peers !== undefined && page.id !== 'overview';
  if (!program && !access.whole) program = programs[0] ?? null;

  const grains = GRAINS.filter((g) => release.periods(g).length > 0 && (page.id !== 'equity' || g === 'year'));
  // The overview shows the latest complete period; it has no period filters.
  const periodFilters = page.id !== 'overview';
  const fallbackGrain: Grain = grains.includes('quarter') ? 'quarter' : (grains[0] ?? 'quarter');
  let grain = fallbackGrain;
  if (wholeOnly && raw.grain && raw.grain !== 'year') {
    // A grain carried over from another page: this page compares years.
    raw.grain = raw.from = raw.to = undefined;
  }
  if (raw.grain) {
    if ((grains as string[]).includes(raw.grain)) grain = raw.grain as Grain;
    else notices.push(`“${raw.grain}” is not a period grain this page offers; showing by ${grain}.`);
  }

  const periods = release.periods(grain).map((p) => p.period);
  const first = periods[0] ?? '';
  const last = periods[periods.length - 1] ?? '';
  const pick = (value: string | undefined, fallback: string, which: string) => {
    if (!value) return fallback;
    if (periods.includes(value)) return value;
    notices.push(`The period “${value}” is not in this release at the ${grain} grain; the range ${which} at ${periodLabel(fallback)}.`);
    return fallback;
  };
  // The equity page compares groups in one year, by default the latest complete one.
  const latestComplete = [...release.periods(grain)].reverse().find((p) => p.complete)?.period ?? last;
  let from = pick(raw.from, page.id === 'equity' ? latestComplete : first, 'starts');
  let to = pick(raw.to, page.id === 'equity' ? latestComplete : last, 'ends');
  if (wholeOnly) from = to; // one year: the one the page shows
  if (periods.indexOf(from) > periods.indexOf(to)) {
    notices.push(`The range started after it ended; showing ${periodLabel(to)} to ${periodLabel(from)}.`);
    [from, to] = [to, from];
  }

  const scope: Scope = { ...scopeOf({ program, site }), ...(peers && !site ? { peers } : {}) };
  const breakdowns = breakdownsFor(release, page, scope);
  let by = raw.by || (sideBySide && breakdowns.includes('program') ? 'program' : null);
  if (by && !breakdowns.includes(by)) {
    notices.push(
      breakdowns.length === 0
        ? `This page has no breakdown for ${scope.label}; showing it without one.`
        : `“${dimensionLabel(by)}” is not a breakdown this page offers for ${scope.label}; showing none.`,
    );
    by = null;
  }
  if (page.id === 'equity' && !by) by = breakdowns[0] ?? null;

  const options: FilterOptions = {
    programs: wholeOnly ? [] : programs.map((p) => ({ value: p, label: p })),
    allPrograms: access.whole,
    sites: wholeOnly ? [] : sites.map((s) => ({ value: s.dimension_value, label: s.dimension_value, program: s.parent_value })),
    grains: periodFilters ? grains.map((g) => ({ value: g, label: GRAIN_LABELS[g] })) : [],
    periods: Object.fromEntries(
      GRAINS.map((g) => [g, release.periods(g).map((p) => ({ value: p.period, label: periodLabel(p.period) + (p.complete ? '' : ' (partial)'), complete: p.complete }))]),
    ) as FilterOptions['periods'],
    breakdowns: breakdownsFor(release, page, scopeOf({ program: null, site: null })).map((d) => ({ value: d, label: dimensionLabel(d) })),
    breakdownsInProgram: wholeOnly
      ? []
      : breakdownsFor(release, page, { dimension: 'program', value: '', label: '', peers }).map((d) => ({
          value: d,
          label: d === 'program' ? 'Your programs, side by side' : dimensionLabel(d),
        })),
    breakdownRequired: page.id === 'equity',
  };
  return { view: { program, site, grain, from, to, by }, scope, options, notices };
}
