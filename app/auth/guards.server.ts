// The guards: the first lines of every loader and action. A route that reads
// data calls requireRole (which implies requireUser), and one that reads a
// program's data also calls requireProgramAccess, whose result is the only way
// to get the ProgramAccess the dashboard's view resolver demands (dashboard
// pages get both, and their audit entry, from requireDashboardPage). Refusals
// are 403s in plain words that name nothing of what was refused, and are
// audited; they are thrown as plain-text responses, which a resource route
// answers as they are and a page shows in its layout (RouteError).

import { redirect, type AppLoadContext } from '@remix-run/node';
import { appendAudit } from '~/audit/trail.server';
import { plainResponse, type Refusal } from '~/lib/responses';
import type { ReleaseSnapshot } from '~/release/snapshot.server';
import { appStore } from '~/store/app-store.server';
import { ROLE_LABELS, type Role } from './roles';
import { readSession, type SignedIn } from './session.server';
import type { User } from './users.server';

/** The value in user_programs that stands for every program, including ones added later. */
export const ALL_PROGRAMS = '*';

/** Where the browser's request came from (server.mjs puts it in the load context). */
export function clientAddress(context: AppLoadContext | undefined): string {
  return context?.clientAddress ?? 'unknown';
}

export const CHANGE_PASSWORD_PATH = '/account/password';
const ALLOWED_WHILE_PASSWORD_MUST_CHANGE = new Set([CHANGE_PASSWORD_PATH, '/signout']);

/** Where a sign-in (or a first password change) sends the browser back to `url` afterwards. */
const withNext = (path: string, url: URL) => `${path}?next=${encodeURIComponent(url.pathname + url.search)}`;

/**
 * Whether a person's browser asked for this address itself (a link, a
 * bookmark, a typed address), rather than a script: such a request to a
 * download is sent to sign in like a page, and comes back to it afterwards.
 */
function isNavigation(request: Request): boolean {
  return request.headers.get('Sec-Fetch-Mode') === 'navigate' || (request.headers.get('Accept') ?? '').includes('text/html');
}

const SIGN_IN_FIRST: Refusal = {
  title: 'Sign in first',
  message: 'This address is open only to a signed-in account.',
  advice: 'Sign in at /signin, then open this address again.',
};
const CHANGE_PASSWORD_FIRST: Refusal = {
  title: 'Choose your own password first',
  message: 'Your password was set by an administrator, so it must be replaced before anything else opens.',
  advice: `Choose your own at ${CHANGE_PASSWORD_PATH}, then open this address again.`,
};

/**
 * The signed-in user, or: a redirect to the sign-in page that comes back here
 * afterwards (pages, and a browser's own request for a download), or a 401 in
 * words (resource routes, `resource: true`, asked by a script). A user whose
 * password must change is sent to change it before anything else.
 */
export async function requireUser(request: Request, opts: { resource?: boolean } = {}): Promise<SignedIn> {
  const signed = await readSession(request);
  const url = new URL(request.url);
  const page = !opts.resource || isNavigation(request);
  if (!signed) {
    if (!page) throw plainResponse(401, SIGN_IN_FIRST);
    throw redirect(withNext('/signin', url));
  }
  if (signed.user.mustChangePassword && !ALLOWED_WHILE_PASSWORD_MUST_CHANGE.has(url.pathname)) {
    if (!page) throw plainResponse(403, CHANGE_PASSWORD_FIRST);
    throw redirect(url.pathname === '/' ? CHANGE_PASSWORD_PATH : withNext(CHANGE_PASSWORD_PATH, url));
  }
  return signed;
}

const ASK_FOR_ACCESS = 'If you need it, ask your administrator to give your account the role or the program.';

/**
 * Refuses the request with a 403 carrying `message` (which must name nothing of
 * what was refused) and writes `reason` to the audit trail as access.denied.
 */
export async function forbid(signed: SignedIn, request: Request, reason: string, message: string): Promise<never> {
  const url = new URL(request.url);
  await appendAudit(await appStore(), {
    actor: signed.user.email,
    action: 'access.denied',
    target: url.pathname + url.search,
    details: { reason },
  });
  throw plainResponse(403, { title: 'Not open to your account', message, advice: ASK_FOR_ACCESS });
}

/** The signed-in user, if they hold one of `roles`; 403 otherwise. */
export async function requireRole(request: Request, roles: Role | readonly Role[], opts: { resource?: boolean } = {}): Promise<SignedIn> {
  const signed = await requireUser(request, opts);
  const wanted: readonly Role[] = typeof roles === 'string' ? [roles] : roles;
  if (!wanted.some((r) => signed.user.roles.includes(r))) {
    await forbid(
      signed,
      request,
      `needs ${wanted.join(' or ')}`,
      `This page is for the ${wanted.map((r) => ROLE_LABELS[r].toLowerCase()).join(' or ')} role, which your account does not have.`,
    );
  }
  return signed;
}

declare const checked: unique symbol;

/** The programs this request may read, checked against its URL: made only by requireProgramAccess. */
export type ProgramAccess = {
  /** Every program in the release (the user is assigned all programs). */
  readonly whole: boolean;
  /** The release's programs this user may see, in release order. */
  readonly programs: readonly string[];
  readonly [checked]: true;
};

/**
 * The programs `signed` may read in `release`. Refuses (403) a request whose
 * `program` or `site` parameter names a program the user is not assigned, and
 * a page that shows all programs together (`whole: true`) to a user who is not
 * assigned all of them.
 */
export async function requireProgramAccess(
  signed: SignedIn,
  release: ReleaseSnapshot,
  request: Request,
  opts: { whole?: boolean } = {},
): Promise<ProgramAccess> {
  const { whole, programs } = assignedPrograms(signed.user, release);
  const mayRead = (program: string) => whole || signed.user.programs.includes(program);
  const url = new URL(request.url);
  const program = url.searchParams.get('program')?.trim();
  const site = url.searchParams.get('site')?.trim();
  const siteProgram = site ? release.values('site').find((s) => s.dimension_value === site)?.parent_value : undefined;
  const message = 'Your account is not assigned to the program this page asked for.';
  if (program && !mayRead(program)) await forbid(signed, request, 'program not assigned', message);
  // For an account of some programs, any site outside them is refused alike,
  // whether it exists or not: the answer says nothing of other programs' sites.
  if (site && !(siteProgram ? mayRead(siteProgram) : whole)) await forbid(signed, request, 'site outside the assigned programs', message);
  if (opts.whole && !whole) {
    await forbid(
      signed,
      request,
      'all-programs page',
      'This page compares groups across all programs together, so it is open only to accounts assigned every program.',
    );
  }
  if (!whole && programs.length === 0) {
    await forbid(signed, request, 'no assigned program in release', 'None of the programs your account is assigned to is in this release.');
  }
  return { whole, programs } as unknown as ProgramAccess;
}

/** Which of the release's programs a user is assigned, and whether that is all of them. */
export function assignedPrograms(user: User, release: ReleaseSnapshot): { whole: boolean; programs: string[] } {
  const inRelease = release.values('program').map((v) => v.dimension_value);
  // Every program of a release with none would be vacuously "all": only '*' opens that one.
  const whole = user.programs.includes(ALL_PROGRAMS) || (inRelease.length > 0 && inRelease.every((p) => user.programs.includes(p)));
  return { whole, programs: whole ? inRelease : inRelease.filter((p) => user.programs.includes(p)) };
}
