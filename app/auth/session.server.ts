// Sessions: a random token in a signed, HttpOnly cookie; the server keeps a row
// per session (only the token's SHA-256) so a session can be revoked and is
// refused on the very next request. A session ends after an idle period and at
// an absolute age, whichever comes first.

import { createHash, randomBytes } from 'node:crypto';
import { createCookie } from '@remix-run/node';
import { getEnv } from '~/env.server';
import { appStore } from '~/store/app-store.server';
import { accountCache } from './cache.server';
import { getUser, type User } from './users.server';

// Updating last-seen on every request would make every page view a write.
const TOUCH_AFTER_MS = 60_000;

export interface SignedIn {
  user: User;
  /** The SHA-256 of this session's token: names the session without revealing it. */
  sessionId: string;
}

export interface SessionInfo {
  sessionId: string;
  createdAt: number;
  lastSeenAt: number;
  address: string;
  userAgent: string;
}

const SESSION_COOKIE = 'po_session';
let cookie: ReturnType<typeof createCookie> | undefined;
function sessionCookie() {
  cookie ??= createCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'lax', path: '/', secrets: [getEnv().SESSION_SECRET] });
  return cookie;
}

/** Cookies are Secure whenever the page was served over https (behind a proxy too, with TRUST_PROXY). */
export function isHttps(request: Request): boolean {
  return new URL(request.url).protocol === 'https:';
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

async function tokenOf(request: Request): Promise<string | null> {
  const value: unknown = await sessionCookie().parse(request.headers.get('Cookie'));
  return typeof value === 'string' && /^[A-Za-z0-9_-]{43}$/.test(value) ? value : null;
}

/**
 * The request's session cookie exactly as the browser sent it, for a request
 * the server makes on the user's behalf (the report PDF renders the user's own
 * page, with the user's own access).
 */
export function sessionCookieOf(request: Request): { name: string; value: string } | null {
  for (const part of (request.headers.get('Cookie') ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === SESSION_COOKIE) return { name: SESSION_COOKIE, value: part.slice(eq + 1).trim() };
  }
  return null;
}

/** Starts a session for `user`; returns the Set-Cookie header value. */
export async function startSession(user: User, request: Request, address: string): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  const now = Date.now();
  const env = getEnv();
  const store = await appStore();
  await store.exclusive((q) =>
    q.run('INSERT INTO sessions VALUES ($1, $2, $3, $3, $4, NULL, $5, $6)', [
      sha256(token),
      user.id,
      now,
      now + env.PEER_OUTCOMES_SESSION_MAX_MINUTES * 60_000,
      address,
      (request.headers.get('User-Agent') ?? '').slice(0, 300),
    ]),
  );
  return sessionCookie().serialize(token, { secure: isHttps(request) });
}

/** The signed-in user of this request, or null (no cookie, unknown, revoked, idle, expired, or deactivated). */
export async function readSession(request: Request): Promise<SignedIn | null> {
  const token = await tokenOf(request);
  if (!token) return null;
  const id = sha256(token);
  const store = await appStore();
  const readIn = accountCache.generation();
  let session = accountCache.session(id);
  if (!session) {
    const [row] = await store.exclusive((q) =>
      q.all('SELECT user_id, last_seen_at, expires_at FROM sessions WHERE token_hash = $1 AND revoked_at IS NULL', [id]),
    );
    if (!row) return null;
    session = { userId: Number(row.user_id), lastSeenAt: Number(row.last_seen_at), expiresAt: Number(row.expires_at) };
    accountCache.keepSession(id, session, readIn);
  }
  const now = Date.now();
  const idleMs = getEnv().PEER_OUTCOMES_SESSION_IDLE_MINUTES * 60_000;
  if (now >= session.expiresAt || now - session.lastSeenAt >= idleMs) return null;
  let user = accountCache.user(session.userId);
  if (!user) {
    user = (await getUser(store, session.userId)) ?? undefined;
    if (!user) return null;
    accountCache.keepUser(user, readIn);
  }
  if (!user.active) return null;
  if (now - session.lastSeenAt >= TOUCH_AFTER_MS) {
    session.lastSeenAt = now;
    await store.exclusive((q) => q.run('UPDATE sessions SET last_seen_at = $2 WHERE token_hash = $1', [id, now]));
  }
  return { user, sessionId: id };
}

/** Ends this request's session; returns the Set-Cookie header value that clears the cookie. */
export async function endSession(request: Request): Promise<string> {
  const token = await tokenOf(request);
  if (token) await revokeSession(sha256(token));
  return sessionCookie().serialize('', { maxAge: 0, secure: isHttps(request) });
}

export async function revokeSession(sessionId: string): Promise<void> {
  const store = await appStore();
  try {
    await store.exclusive((q) => q.run('UPDATE sessions SET revoked_at = $2 WHERE token_hash = $1 AND revoked_at IS NULL', [sessionId, Date.now()]));
  } finally {
    accountCache.forgetSession(sessionId);
  }
}

/** Ends every session of a user ("sign out everywhere"), but `except`. */
export async function revokeAllSessions(userId: number, except?: string): Promise<number> {
  const store = await appStore();
  try {
    const rows = await store.exclusive((q) =>
      q.all('UPDATE sessions SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL AND token_hash <> $3 RETURNING 1', [userId, Date.now(), except ?? '']),
    );
    return rows.length;
  } finally {
    accountCache.forgetAll();
  }
}

/** The user's sessions that are still live, newest first. */
export async function liveSessions(userId: number): Promise<SessionInfo[]> {
  const env = getEnv();
  const now = Date.now();
  const store = await appStore();
  const rows = await store.exclusive((q) =>
    q.all(
      `SELECT token_hash, created_at, last_seen_at, address, user_agent FROM sessions
       WHERE user_id = $1 AND revoked_at IS NULL AND expires_at > $2 AND last_seen_at > $3
       ORDER BY last_seen_at DESC`,
      [userId, now, now - env.PEER_OUTCOMES_SESSION_IDLE_MINUTES * 60_000],
    ),
  );
  return rows.map((r) => ({
    sessionId: String(r.token_hash),
    createdAt: Number(r.created_at),
    lastSeenAt: Number(r.last_seen_at),
    address: String(r.address),
    userAgent: String(r.user_agent),
  }));
}
