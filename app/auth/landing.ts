// Where a person goes after signing in: the first place their roles open.
import type { Role } from './roles';

export function landingPath(roles: readonly Role[]): string {
  if (roles.includes('program_manager')) return '/dashboard';
  if (roles.includes('admin')) return '/admin';
  if (roles.includes('funder')) return '/reports';
  if (roles.includes('analyst')) return '/exports';
  return '/account';
}

/**
 * A `next` parameter is followed only to a path on this site: it must resolve
 * against this origin to this origin (browsers drop tabs and newlines, so
 * "/\t/evil.example" would otherwise lead away), and only its path, query and
 * hash are kept.
 */
export function safeNext(next: string | null | undefined): string | null {
  if (!next || !next.startsWith('/') || /[\u0000-\u001f\u007f\\\s]/.test(next)) return null;
  try {
    const base = 'http://peer-outcomes.invalid';
    const url = new URL(next, base);
    return url.origin === base ? url.pathname + url.search + url.hash : null;
  } catch {
    return null;
  }
}
