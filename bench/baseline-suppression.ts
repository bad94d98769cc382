// The naive baseline the benchmark compares with: after primary suppression,
// wherever a row (one table, one period) or a column (one table, one
// breakdown value, the periods inside one parent period) has exactly one
// suppressed cell, suppress the next-smallest released cell of it; repeat
// until nothing changes. No audit drives it.
import type { Cell } from '../pipelines/disclosure/cells';
import { parentPeriods, type Structure } from '../pipelines/disclosure/neighbours';
import { primaryReasons } from '../pipelines/disclosure/primary';

export function baselineSuppression(cells: readonly Cell[], structure: Structure, k: number): Set<string> {
  const suppressed = new Set(cells.filter((c) => primaryReasons(c, k).length > 0).map((c) => c.key));
  const parentOf = parentPeriods(structure.periods);
  const groups = new Map<string, Cell[]>();
  const add = (k: string, c: Cell) => (groups.get(k) ?? groups.set(k, []).get(k)!).push(c);
  for (const c of cells) {
    add(`row\u0001${c.tableId}\u0001${c.period}`, c);
    const parent = parentOf.get(`${c.grain}\u0001${c.period}`);
    if (parent) add(`col\u0001${c.tableId}\u0001${c.dimensionValue}\u0001${parent}`, c);
  }
  for (let changed = true; changed; ) {
    changed = false;
    for (const group of groups.values()) {
      const hidden = group.filter((c) => suppressed.has(c.key));
      if (hidden.length !== 1) continue;
      const next = group.filter((c) => !suppressed.has(c.key)).sort((a, b) => a.n - b.n)[0];
      if (next) {
        suppressed.add(next.key);
        changed = true;
      }
    }
  }
  return suppressed;
}
