// What the server knows of sessions and accounts, kept in memory between
// requests. The web server is the app store's only writer (DuckDB lets one
// process open it read-write), and every write of sessions or accounts goes
// through app/auth, which forgets the affected entries at once: a revoked
// session or a deactivated account is refused on the very next request.
// A read that began before a forget may end after it with what it read before
// the change: each read is tagged with the generation it began in, and kept only
// if no forget came in between.
import type { User } from './users.server';

export interface CachedSession {
  userId: number;
  lastSeenAt: number;
  expiresAt: number;
}

const sessions = new Map<string, CachedSession>();
let generation = 0;
const users = new Map<number, User>();
// Bounds memory if many sessions come and go between restarts.
const MAX_SESSIONS = 50_000;

export const accountCache = {
  /** Take before reading the store; hand to keep*() with what was read. */
  generation: () => generation,
  session: (id: string) => sessions.get(id),
  keepSession(id: string, s: CachedSession, readIn: number) {
    if (readIn !== generation) return;
    if (sessions.size >= MAX_SESSIONS) sessions.clear();
    sessions.set(id, s);
  },
  user: (id: number) => users.get(id),
  keepUser(u: User, readIn: number) {
    if (readIn === generation) users.set(u.id, u);
  },
  /** After a session's write (not before: a read queued ahead of it would put the old row back). */
  forgetSession(id: string) {
    generation += 1;
    sessions.delete(id);
  },
  /** After any change of accounts or of several sessions: start over from the store. */
  forgetAll() {
    generation += 1;
    sessions.clear();
    users.clear();
  },
};
