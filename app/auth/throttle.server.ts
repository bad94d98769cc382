// Throttling of failed sign-ins, per account and per address, over a sliding
// window. A throttled attempt is refused before its password is checked, so a
// guesser learns nothing until the window has passed, and the person is told
// how long to wait.

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

/** Whether an attempt for `email` from `address` must be refused now. */
export async function throttled(store: AppStore, email: string, address: string, now = Date.now()): Promise<Throttled | null> {
  const windowMs = THROTTLE.windowMinutes * 60_000;
  const since = now - windowMs;
  const [row] = await store.exclusive((q) =>
    q.all(
      `SELECT
         CAST(count(*) FILTER (WHERE email = $1) AS INTEGER) AS account_failures,
         CAST(count(*) FILTER (WHERE address = $2) AS INTEGER) AS address_failures,
         list(failed_at ORDER BY failed_at DESC) FILTER (WHERE email = $1) AS account_times,
         list(failed_at ORDER BY failed_at DESC) FILTER (WHERE address = $2) AS address_times
       FROM sign_in_failures WHERE failed_at > $3 AND (email = $1 OR address = $2)`,
      [email, address, since],
    ),
  );
  const check = (scope: Throttled['scope'], failures: number, times: unknown, limit: number): Throttled | null => {
    if (failures < limit || !Array.isArray(times)) return null;
    // Throttled until the limit-th most recent failure leaves the window.
    const pivot = Number(times[limit - 1]);
    return { scope, retryInMinutes: Math.max(1, Math.ceil((pivot + windowMs - now) / 60_000)) };
  };
  return (
    check('account', Number(row?.account_failures ?? 0), row?.account_times, THROTTLE.perAccount) ??
    check('address', Number(row?.address_failures ?? 0), row?.address_times, THROTTLE.perAddress)
  );
}

export async function recordFailure(store: AppStore, email: string, address: string, now = Date.now()): Promise<void> {
  await store.exclusive((q) => q.run('INSERT INTO sign_in_failures VALUES ($1, $2, $3)', [now, email, address]));
}

export function throttleMessage(t: Throttled): string {
  const wait = `${t.retryInMinutes} minute${t.retryInMinutes === 1 ? '' : 's'}`;
  return t.scope === 'account'
    ? `Too many failed sign-ins for this account. Try again in ${wait}, or ask an administrator to reset your password.`
    : `Too many failed sign-ins from your network address. Try again in ${wait}.`;
}
