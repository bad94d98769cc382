// What the server knows of sessions and accounts, kept in memory between
// requests. The web server is the app store's only writer (DuckDB lets one
// process open it read-write), and every write of sessions or accounts goes
// through app/auth, which forgets the affected entries at once: a revoked
// session or a deactivated account is refused on the very next request.
import type { User } from './users.server';

export interface CachedSession {
  userId: number;
  lastSeenAt: number;
  expiresAt: number;
}

const sessions = new Map<string, CachedSession>();
const users = new Map<number, User>();
// Bounds memory if many sessions come and go between restarts.
const MAX_SESSIONS = 50_000;

export const accountCache = {
  session: (id: string) => sessions.get(id),
  keepSession(id: string, s: CachedSession) {
    if (sessions.size >= MAX_SESSIONS) sessions.clear();
    sessions.set(id, s);
  },
  user: (id: number) => users.get(id),
  keepUser: (u: User) => users.set(u.id, u),
  forgetSession: (id: string) => sessions.delete(id),
  /** After any change of accounts or of several sessions: start over from the store. */
  forgetAll() {
    sessions.clear();
    users.clear();
  },
};
