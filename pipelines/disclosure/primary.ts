// Primary suppression: the rules of docs/privacy-model.md applied to each
// cell on its own. k is the threshold (CMS: no cell of 1..k−1 people).
import type { Cell } from './cells';

export type PrimaryReason = 'small_n' | 'small_numerator' | 'small_complement' | 'homogeneous' | 'no_value';

const small = (x: number, k: number) => x >= 1 && x < k;

/** Why a cell must be suppressed on its own, or an empty list. */
export function primaryReasons(c: Cell, k: number): PrimaryReason[] {
  const reasons: PrimaryReason[] = [];
  if (small(c.n, k)) reasons.push('small_n');
  if (c.a !== null && small(c.a, k)) reasons.push('small_numerator');
  if (c.def.kind === 'share' && c.a !== null && small(c.n - c.a, k)) reasons.push('small_complement');
  if (c.def.sensitive && c.n > 0) {
    // Everyone in the group has (or lacks) the attribute, or gave the same answer.
    const allOrNone = c.def.kind === 'share' && c.a !== null && (c.a === 0 || c.a === c.n);
    const uniform = c.def.kind === 'mean' && c.minObserved !== null && c.minObserved === c.maxObserved;
    if (allOrNone || uniform) reasons.push('homogeneous');
  }
  if (c.value === null && c.n > 0) reasons.push('no_value');
  return reasons;
}
