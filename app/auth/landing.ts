// Where a person goes after signing in: the first place their roles open.
import type { Role } from './roles';

export function landingPath(roles: readonly Role[]): string {
  if (roles.includes('program_manager')) return '/dashboard';
  if (roles.includes('admin')) return '/admin';
  if (roles.includes('funder')) return '/reports';
  if (roles.includes('analyst')) return '/exports';
  return '/account';
}

// Any origin of our own will do: only whether a path leaves it matters.
const HOME = 'http://peer-outcomes.invalid';

/**
 * A `next` parameter is followed only to a page of this site: it is resolved
 * against this site's origin as a browser would resolve it (tabs and newlines
 * dropped, backslashes read as slashes, "%2e%2e" as ".."), and what comes back
 * is the resolved path and query, never the input. That path must itself
 * resolve to the same place: "/.//evil.example" resolves to the path
 * "//evil.example", which a browser would read as another site.
 */
export function safeNext(next: string | null | undefined): string | null {
  if (!next?.startsWith('/') || next.length > 2000) return null;
  let resolved: URL;
  try {
    resolved = new URL(next, HOME);
  } catch {
    return null;
  }
  if (resolved.origin !== HOME) return null;
  const path = resolved.pathname + resolved.search;
  const again = new URL(path, HOME);
  return again.origin === HOME && again.pathname + again.search === path ? path : null;
}
