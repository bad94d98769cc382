// Complementary suppression, driven by the audit: for each suppressed cell the
// audit finds too narrow, suppress one more released cell that shares an
// equation with it. Pools are tried in order, one step further each time the
// same cell fails again: its row (margin recovery), its time series
// (differencing periods), other metrics of the same key (linked tables), the
// site/program nesting, then all of these. Within a pool the cheapest cell
// that can give enough room wins: fewest contributors among those with at
// least p − n of the failing cell, else the largest.
import type { Cell } from './cells';
import type { Neighbours } from './neighbours';

export interface Failure {
  cellKey: string;
  quantity: string;
}

const POOLS = ['row', 'time', 'linked', 'hierarchy', 'all'] as const;
// A site is pinned by its program's other sites first: a complement in another program would not help.
const SITE_POOLS = ['hierarchy', 'row', 'time', 'linked', 'all'] as const;

export class ComplementChooser {
  private attempts = new Map<string, number>();

  constructor(
    private neighbours: Neighbours,
    private protectionLevel: number,
  ) {}

  /** Cells to suppress next; empty when nothing can be added (the caller gives up). */
  choose(failures: readonly Failure[], isSuppressed: (c: Cell) => boolean): Cell[] {
    const chosen = new Map<string, Cell>();
    for (const f of failures) {
      const cell = this.neighbours.cell(f.cellKey);
      if (!cell) throw new Error(`audit reported an unknown cell ${f.cellKey}`);
      const id = `${f.cellKey}#${f.quantity}`;
      const start = this.attempts.get(id) ?? 0;
      const pools = cell.dimension === 'site' ? SITE_POOLS : POOLS;
      for (let step = start; step < start + pools.length; step++) {
        const pool = this.pool(cell, pools[Math.min(step, pools.length - 1)]!).filter(
          (x) => !isSuppressed(x) && !chosen.has(x.key),
        );
        const pick = this.cheapest(pool, cell);
        if (pick) {
          chosen.set(pick.key, pick);
          this.attempts.set(id, step + 1);
          break;
        }
      }
    }
    return [...chosen.values()];
  }

  private pool(c: Cell, kind: (typeof POOLS)[number]): Cell[] {
    const n = this.neighbours;
    switch (kind) {
      case 'row':
        return n.row(c);
      case 'time':
        return n.time(c);
      case 'linked':
        return n.linked(c);
      case 'hierarchy':
        return n.hierarchy(c);
      case 'all':
        return [...n.row(c), ...n.time(c), ...n.linked(c), ...n.hierarchy(c)];
    }
  }

  private cheapest(pool: Cell[], failing: Cell): Cell | undefined {
    const need = Math.max(1, this.protectionLevel - failing.n);
    const cost = (x: Cell) => x.n;
    const enough = pool.filter((x) => x.n >= need).sort((a, b) => cost(a) - cost(b) || a.key.localeCompare(b.key));
    if (enough.length) return enough[0];
    return [...pool].sort((a, b) => cost(b) - cost(a) || a.key.localeCompare(b.key))[0];
  }
}
