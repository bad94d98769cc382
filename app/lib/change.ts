// The one value the dashboard derives: the change between two periods, and
// only from two released values. Anything else (a suppressed or missing end)
// makes the change unavailable; it is never guessed or treated as zero.
import type { ReleasedValue } from '../../pipelines/release/format';
import { formatNumber } from './format';

export type Change =
  | { kind: 'available'; delta: number; /** delta ÷ prior, when the prior is not 0 */ relative: number | null }
  | { kind: 'unavailable'; reason: 'suppressed' | 'missing' };

export function changeBetween(current: ReleasedValue | null | undefined, prior: ReleasedValue | null | undefined): Change {
  if (!current || !prior) return { kind: 'unavailable', reason: 'missing' };
  if (current.status !== 'released' || prior.status !== 'released') return { kind: 'unavailable', reason: 'suppressed' };
  const delta = current.value - prior.value;
  return { kind: 'available', delta, relative: prior.value === 0 ? null : delta / prior.value };
}

/**
 * A change as text: percentage points for proportions, the unit's decimals
 * otherwise, with the relative change for counts and totals.
 */
export function formatChange(change: Change & { kind: 'available' }, unit: string, decimals: number, kind: string): string {
  const sign = (x: number) => (x > 0 ? '+' : '');
  if (unit === 'proportion') {
    const points = change.delta * 100;
    return `${sign(points)}${formatNumber(points, Math.max(0, decimals - 2))} pts`;
  }
  const text = `${sign(change.delta)}${formatNumber(change.delta, decimals)}`;
  if ((kind === 'count' || kind === 'total') && change.relative !== null) {
    return `${text} (${sign(change.relative)}${formatNumber(change.relative * 100, 1)}%)`;
  }
  return text;
}
