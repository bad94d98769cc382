// The server's cache of sessions and accounts must never keep what a read saw
// before a revocation or an account change that finished while it was running.
import { beforeEach, describe, expect, it } from 'vitest';
import { accountCache } from '~/auth/cache.server';
import type { User } from '~/auth/users.server';

const session = { userId: 1, lastSeenAt: 0, expiresAt: Number.MAX_SAFE_INTEGER };
const user = { id: 1, email: 'a@example.org', name: 'A', roles: [], programs: [], active: true, mustChangePassword: false } as unknown as User;

describe('accountCache', () => {
  beforeEach(() => accountCache.forgetAll());

  it('keeps what a read saw when nothing was forgotten meanwhile', () => {
    const readIn = accountCache.generation();
    accountCache.keepSession('s', session, readIn);
    accountCache.keepUser(user, readIn);
    expect(accountCache.session('s')).toBe(session);
    expect(accountCache.user(1)).toBe(user);
  });

  it('drops a session read that began before that session was revoked', () => {
    const readIn = accountCache.generation();
    accountCache.forgetSession('s'); // the revocation's write has finished
    accountCache.keepSession('s', session, readIn); // the older read ends now
    expect(accountCache.session('s')).toBeUndefined();
  });

  it('drops an account read that began before an account change', () => {
    const readIn = accountCache.generation();
    accountCache.forgetAll();
    accountCache.keepUser(user, readIn);
    expect(accountCache.user(1)).toBeUndefined();
  });
});
