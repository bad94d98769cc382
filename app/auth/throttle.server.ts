// Throttling of failed sign-ins (and of wrong current passwords when changing
// one), per account and per address, over a sliding window. A throttled
// attempt is refused before its password is checked, so a guesser learns
// nothing until the window has passed, and the person is told how long to wait.

import { randomUUID } from 'node:crypto';
import type { AppStore } from '~/store/app-store.server';

export const THROTTLE = {
  windowMinutes: 15,
  /** Failed sign-ins for one account within the window before it is throttled. */
  perAccount: 5,
  /** Failed sign-ins from one address (any accounts) within the window. */
  perAddress: 20,
} as const;

export interface Throttled {
  scope: 'account' | 'address';
  /** Whole minutes until the next attempt will be considered (at least 1). */
  retryInMinutes: number;
}

/**
 * Checks the limits and, in the same step, counts this attempt as a failure
 * until `forgive` is called: parallel guesses cannot all pass the check before
 * any of them is counted.
 */
export async function claimAttempt(
  store: AppStore,
  email: string,
  address: string,
  now = Date.now(),
): Promise<{ throttled: Throttled; attempt?: undefined } | { throttled?: undefined; attempt: string }> {
  const windowMs = THROTTLE.windowMinutes * 60_000;
  return store.exclusive(async (q) => {
    const [row] = await q.all(
      `SELECT
         CAST(count(*) FILTER (WHERE email = $1) AS INTEGER) AS account_failures,
         CAST(count(*) FILTER (WHERE address = $2) AS INTEGER) AS address_failures,
         list(failed_at ORDER BY failed_at DESC) FILTER (WHERE email = $1) AS account_times,
         list(failed_at ORDER BY failed_at DESC) FILTER (WHERE address = $2) AS address_times
       FROM sign_in_failures WHERE failed_at > $3 AND (email = $1 OR address = $2)`,
      [email, address, now - windowMs],
    );
    const check = (scope: Throttled['scope'], failures: number, times: unknown, limit: number): Throttled | null => {
      if (failures < limit || !Array.isArray(times)) return null;
      // Held back until the limit-th most recent failure leaves the window.
      const pivot = Number(times[limit - 1]);
      return { scope, retryInMinutes: Math.max(1, Math.ceil((pivot + windowMs - now) / 60_000)) };
    };
    const throttled =
      check('account', Number(row?.account_failures ?? 0), row?.account_times, THROTTLE.perAccount) ??
      check('address', Number(row?.address_failures ?? 0), row?.address_times, THROTTLE.perAddress);
    if (throttled) return { throttled };
    const attempt = randomUUID();
    await q.run('INSERT INTO sign_in_failures VALUES ($1, $2, $3, $4)', [attempt, now, email, address]);
    return { attempt };
  });
}

/** The attempt succeeded: it and the account's earlier failures no longer count. */
export async function forgiveAttempt(store: AppStore, attempt: string, email: string): Promise<void> {
  await store.exclusive((q) => q.run('DELETE FROM sign_in_failures WHERE attempt = $1 OR email = $2', [attempt, email]));
}

/** An administrator reset the account's password: its failures no longer count. */
export async function clearFailures(store: AppStore, email: string): Promise<void> {
  await store.exclusive((q) => q.run('DELETE FROM sign_in_failures WHERE email = $1', [email]));
}

export function throttleMessage(t: Throttled): string {
  const wait = `${t.retryInMinutes} minute${t.retryInMinutes === 1 ? '' : 's'}`;
  return t.scope === 'account'
    ? `Too many failed sign-ins for this account. Try again in ${wait}, or ask an administrator to reset your password.`
    : `Too many failed sign-ins from your network address. Try again in ${wait}.`;
}
