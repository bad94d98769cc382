// A dashboard view: the filters of a page, all of them in the URL's search
// params so any view can be bookmarked and shared. view.server.ts resolves
// them against the release (only values its catalog has can be chosen); this
// module is what the browser needs to draw the filter bar and the links.
import type { Grain } from './labels';

export const VIEW_PARAMS = ['program', 'site', 'grain', 'from', 'to', 'by'] as const;
export type ViewParam = (typeof VIEW_PARAMS)[number];

export interface View {
  program: string | null;
  site: string | null;
  grain: Grain;
  from: string;
  to: string;
  /** The breakdown (a catalog dimension), or null for none. */
  by: string | null;
}

export interface Option {
  value: string;
  label: string;
}

export interface FilterOptions {
  programs: Option[];
  sites: (Option & { program: string | null })[];
  grains: (Option & { value: Grain })[];
  periods: Record<Grain, (Option & { complete: boolean })[]>;
  /** Breakdowns this page offers for all programs, within one program, and for one site (none: the release has no finer tables). */
  breakdowns: Option[];
  breakdownsInProgram: Option[];
  /** Whether the page needs a breakdown (equity) or may show none. */
  breakdownRequired: boolean;
}

/** The search string of a view (`?a=b…`), with `changes` applied; empty values are left out. */
export function viewSearch(view: Partial<Record<ViewParam, string | null>>, changes: Partial<Record<ViewParam, string | null>> = {}): string {
  const params = new URLSearchParams();
  const merged = { ...view, ...changes };
  for (const name of VIEW_PARAMS) {
    const value = merged[name];
    if (value) params.set(name, value);
  }
  const s = params.toString();
  return s ? `?${s}` : '';
}

/** The filters that carry over between pages (a breakdown belongs to its page). */
export function sharedSearch(search: string): string {
  const params = new URLSearchParams(search);
  params.delete('by');
  const s = params.toString();
  return s ? `?${s}` : '';
}
