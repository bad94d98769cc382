// Pruning, after the audit has passed: the loop only ever adds suppressions
// (a complement per failure, a partner per lone cell, whole bundles), so some
// of them end up protecting nothing the others do not. Each secondary unit is
// offered back for release, most contributors first; the runner audits the
// release without it and keeps the release only if the audit still passes.
// This module only proposes and blames: the audit stays the only judge.
//
// A unit is released whole or not at all: a complementary bundle (bundles
// are the suppression step's own guard for relations the audit models only
// in part), or the linked cells of a primary cell's bundle where the bundle
// may be split (bundles.ts). A mean that would pin a suppressed share of the
// same answers is never offered (the rule bundles.ts applies when a share is
// suppressed).
//
// Audits are slow (tens of seconds on the demo), so units go in batches. Two
// units that share an equation of one metric (a row and its margin, a
// program and its sites, a period and its parts) never share a batch: they
// often protect the same cell, and only one of them may go. The audit's
// failures then point at the unit next to them, which stays suppressed.
// (Other metrics of the same key are left out of that rule: it would cut
// the batches by half, and blame still covers them.)
import { mayReleaseApart, type Bundles } from './bundles';
import type { Cell } from './cells';
import type { Equation } from './equations';
import type { Neighbours } from './neighbours';

/** Metrics whose value adds up exactly (events, minutes) and is no people count the audit protects. */
const EVENT_COUNTS = new Set(['encounters_attended', 'contact_hours']);

export interface PruneUnit {
  cells: Cell[];
  /** Contributors behind the unit's cells: what releasing it gives back. */
  people: number;
}

export interface PruneSource {
  /** Primary suppressions: never offered, whatever else says so. */
  primary: ReadonlySet<string>;
  /** Secondary suppressions as the loop left them. */
  complementary: ReadonlySet<string>;
  linked: ReadonlySet<string>;
  isSuppressed(c: Cell): boolean;
}

export class Pruner {
  private open: PruneUnit[];
  /** Units the audit refused (or that sat next to a failure), never offered again. */
  readonly kept: PruneUnit[] = [];
  private deferred = new Map<PruneUnit, number>();
  /** Equations of event counts, by the key of each member. */
  private equationsOf = new Map<string, Equation[]>();

  constructor(
    cells: readonly Cell[],
    private readonly source: PruneSource,
    private readonly bundles: Bundles,
    private readonly neighbours: Neighbours,
    equations: readonly Equation[] = [],
  ) {
    this.open = units(cells, source, bundles).sort(
      (a, b) => b.people - a.people || a.cells[0]!.key.localeCompare(b.cells[0]!.key),
    );
    for (const e of equations) {
      if (!EVENT_COUNTS.has(e.parts[0]?.def.id ?? '')) continue;
      for (const c of e.whole ? [...e.parts, e.whole] : e.parts) {
        let l = this.equationsOf.get(c.key);
        if (!l) this.equationsOf.set(c.key, (l = []));
        l.push(e);
      }
    }
  }

  /**
   * The batch without the units that would leave an equation of an event
   * count (EVENT_COUNTS) with exactly one suppressed cell. The audit
   * protects people: it would accept a month's encounters pinned by its
   * quarter while the people behind them stay uncertain, a value the loop
   * never publishes (lone-cell pairing) and pruning must not either. People
   * counts, shares and means are left to the audit, which bounds exactly
   * what they hide (holding them to this rule too kept 85 of the 97 units of
   * the demo's first batch). The cheapest releasing unit of such an
   * equation stays suppressed (moved to `kept`), until none is left alone.
   */
  private withoutLoneCells(batch: readonly PruneUnit[]): PruneUnit[] {
    let current = [...batch];
    for (;;) {
      const unitOf = new Map<string, number>();
      current.forEach((u, i) => u.cells.forEach((c) => unitOf.set(c.key, i)));
      const hidden = (c: Cell) => this.source.isSuppressed(c) && !unitOf.has(c.key);
      let drop = -1;
      for (const key of unitOf.keys()) {
        for (const e of this.equationsOf.get(key) ?? []) {
          const members = e.whole ? [...e.parts, e.whole] : e.parts;
          if (members.filter(hidden).length !== 1) continue;
          // the batch is in order of cost: the cheapest releasing unit of the equation has the largest index
          drop = Math.max(...members.map((c) => unitOf.get(c.key) ?? -1));
          break;
        }
        if (drop >= 0) break;
      }
      if (drop < 0) return current;
      this.kept.push(current[drop]!);
      current = current.filter((_, i) => i !== drop);
    }
  }

  get remaining(): number {
    return this.open.length;
  }

  /** Cells that share an equation with c, as the suppression step sees them; otherMetrics: also the same key in other metrics. */
  private near(c: Cell, otherMetrics = true): Cell[] {
    const n = this.neighbours;
    const same = [...n.row(c), ...n.breakdowns(c), ...n.time(c), ...n.hierarchy(c), ...this.bundles.of(c)];
    return otherMetrics ? [...same, ...n.linked(c)] : same;
  }

  /** The unit's own cells and the suppressed cells next to them: where its release shows first. */
  private reach(u: PruneUnit): Set<string> {
    const out = new Set<string>();
    for (const c of u.cells) {
      out.add(c.key);
      for (const x of this.near(c)) if (this.source.isSuppressed(x)) out.add(x.key);
    }
    return out;
  }

  /** One step further: suppressed cells next to the reach (a program between a total and its sites). */
  private reach2(u: PruneUnit): Set<string> {
    const first = this.reach(u);
    const out = new Set(first);
    for (const k of first) {
      const c = this.neighbours.cell(k);
      if (c) for (const x of this.near(c)) if (this.source.isSuppressed(x)) out.add(x.key);
    }
    return out;
  }

  /**
   * The next batch, taken out of the open units: the costliest first, then
   * every unit none of whose cells shares an equation of its metric with a
   * unit already taken. At most `max` units.
   */
  nextBatch(max = Number.POSITIVE_INFINITY): PruneUnit[] {
    const taken = new Set<string>();
    const batch: PruneUnit[] = [];
    const rest: PruneUnit[] = [];
    for (const u of this.open) {
      if (batch.length >= max || u.cells.some((c) => taken.has(c.key))) {
        rest.push(u);
        continue;
      }
      for (const c of u.cells) for (const x of [c, ...this.near(c, false)]) taken.add(x.key);
      batch.push(u);
    }
    this.open = rest;
    return this.withoutLoneCells(batch);
  }

  /**
   * After an audit of the release without `batch` found `failures` (cell keys):
   * what to try next. A failure next to one unit of the batch (or, failing
   * that, two steps from one) is blamed on it: it stays suppressed. A failure
   * next to several leaves the costliest in the batch and defers the others
   * to a later batch. Failures near none (the LP reached further) halve the
   * batch. Every retry is smaller, and a unit deferred twice stays
   * suppressed, so the loop ends.
   */
  blame(batch: readonly PruneUnit[], failures: readonly string[]): PruneUnit[] {
    const reaches = batch.map((u) => this.reach(u));
    let reaches2: Set<string>[] | undefined;
    const suspects: number[][] = [];
    for (const f of new Set(failures)) {
      let near = batch.map((_, i) => i).filter((i) => reaches[i]!.has(f));
      if (near.length === 0) {
        reaches2 ??= batch.map((u) => this.reach2(u));
        near = batch.map((_, i) => i).filter((i) => reaches2![i]!.has(f));
      }
      suspects.push(near);
    }
    const keep = new Set(suspects.filter((s) => s.length === 1).map((s) => s[0]!));
    const defer = new Set<number>();
    for (const s of suspects) {
      // the batch is in order of cost: s[0] is the costliest suspect
      if (s.length > 1 && !s.some((i) => keep.has(i))) for (const i of s.slice(1)) defer.add(i);
    }
    if (keep.size === 0 && defer.size === 0) {
      if (batch.length === 1) keep.add(0);
      else for (let i = Math.ceil(batch.length / 2); i < batch.length; i++) defer.add(i);
    }
    // in batch order, not the audit's order of failures: the same input prunes the same way
    const inOrder = (set: Set<number>) => [...set].sort((x, y) => x - y);
    for (const i of inOrder(keep)) this.kept.push(batch[i]!);
    for (const i of inOrder(defer)) {
      if (keep.has(i)) continue;
      const u = batch[i]!;
      const times = (this.deferred.get(u) ?? 0) + 1;
      this.deferred.set(u, times);
      if (times > 2) this.kept.push(u);
      else this.open.push(u);
    }
    return this.withoutLoneCells(batch.filter((_, i) => !keep.has(i) && !defer.has(i)));
  }
}

/** Units of secondary cells: connected through bundles, complementary or releasable linked cells. */
function units(cells: readonly Cell[], source: PruneSource, bundles: Bundles): PruneUnit[] {
  const releasable = (c: Cell) =>
    !source.primary.has(c.key) &&
    (source.complementary.has(c.key) || (source.linked.has(c.key) && mayReleaseApart(c.def.id))) &&
    !bundles.pinsASuppressedShare(c, source.isSuppressed);
  const done = new Set<string>();
  const out: PruneUnit[] = [];
  for (const c of cells) {
    if (done.has(c.key) || !releasable(c)) continue;
    const unit: Cell[] = [];
    const queue = [c];
    done.add(c.key);
    while (queue.length > 0) {
      const x = queue.pop()!;
      unit.push(x);
      for (const y of bundles.of(x)) {
        if (!done.has(y.key) && releasable(y)) {
          done.add(y.key);
          queue.push(y);
        }
      }
    }
    out.push({ cells: unit, people: unit.reduce((a, x) => a + x.n, 0) });
  }
  return out;
}
