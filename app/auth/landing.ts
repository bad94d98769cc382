// Where a person goes after signing in: the first place their roles open.
import type { Role } from './roles';

export function landingPath(roles: readonly Role[]): string {
  if (roles.includes('program_manager')) return '/dashboard';
  if (roles.includes('admin')) return '/admin';
  return '/account';
}

/** A `next` parameter is followed only to a path on this site. */
export function safeNext(next: string | null | undefined): string | null {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return null;
  return next;
}
