// Bounds of the protected quantities of one component. Solving min and max
// of every objective over the whole component is exact but slow on large
// components (thousands of rows; moving a yearly total can take the simplex
// tens of thousands of pivots, seconds in WebAssembly), so the whole
// component is the last resort. Before it:
// - seen points: every feasible point found bounds each objective's range from
//   inside; once max_seen − min_seen ≥ p the objective passes (pass/fail mode);
// - min = 0: every objective of a whole protected quantity is ≥ 0, so one
//   solve of min Σ objectives proves min = 0 for each that is 0 there;
// - progress solves (pass/fail mode): columns 0 ≤ z_j ≤ p with
//   z_j ≤ objective_j − its lowest value seen; maximising Σ z pushes many
//   objectives p above their floor at once;
// - unbounded (exact mode): the same over the recession cone proves every
//   unbounded max at once;
// - neighbourhoods: the rows within d hops of the objective. With the
//   variables at hop d free they are a relaxation (its optimum bounds the
//   objective from outside); with those variables held at a known feasible
//   point they are a restriction (its optimum is a feasible value, a bound
//   from inside). Where the two meet, the bound is exact; a relaxation
//   narrower than p is a failure, a restriction reaching p a pass.
// Failures in pass/fail mode are reported with their outer bounds (an
// interval that holds the exact one); keepIntervals asks for exact ones.
import type { Highs } from 'highs';
import { ComponentLp, tidy, type Terms } from './lp';
import type { Reduced } from './presolve';
import type { LinearSystem } from './system';

export interface Objective {
  terms: Terms;
  /** When set, offset + terms(x) ≥ 0 on every feasible point (a whole protected quantity). */
  nonnegWithOffset?: number;
}

export type Bound =
  | { exact: true; min: number; max: number }
  /**
   * Pass/fail mode: either the range holds [min, max], which is ≥ p wide (a
   * pass), or it lies within [min, max], which is < p wide (a failure).
   */
  | { exact: false; min: number; max: number };

export interface ComponentStats {
  vars: number;
  rows: number;
  objectives: number;
  settled: Record<string, number>;
  wholeSolves: number;
  localSolves: number;
  ms: number;
}

const ZERO = 1e-7;
const close = (a: number, b: number) => a === b || (Number.isFinite(a) && Number.isFinite(b) && Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(a), Math.abs(b)));
/** Neighbourhood sizes (row hops from the objective) tried before the whole component. */
const DEPTHS = [2, 4, 6, 8];
const MAX_LOCAL_ROWS = 4000;
const MAX_POINTS = 256;
const PASS_TOLERANCE = 1e-7;

export function boundComponent(
  highs: Highs,
  sys: LinearSystem,
  red: Reduced,
  comp: { vars: number[]; rows: number[] },
  objectiveList: readonly Objective[],
  o: { protectionLevel: number; exact: boolean; describe: () => string },
): { bounds: Bound[]; solves: number; stats: ComponentStats } {
  const t0 = performance.now();
  const debug = process.env.AUDIT_DEBUG ? (s: string) => console.error(`  ${Math.round(performance.now() - t0)}ms ${s}`) : () => {};
  const p = o.protectionLevel;
  const objectives = objectiveList.map((x) => x.terms);
  const whole = (j: number) => objectiveList[j]!.nonnegWithOffset !== undefined;
  const K = objectives.length;
  const settled: Record<string, number> = {};
  const note = (k: string) => (settled[k] = (settled[k] ?? 0) + 1);
  let bulkSolves = 0;
  let localSolves = 0;
  const lp = new ComponentLp(highs, sys, red, comp.vars, comp.rows);
  try {
    // feasible points (columns of lp), and for each objective the point of its lowest and highest value
    const points: Float64Array[] = [];
    const loSeen = new Float64Array(K).fill(Number.POSITIVE_INFINITY);
    const hiSeen = new Float64Array(K).fill(Number.NEGATIVE_INFINITY);
    const loAt = new Int32Array(K).fill(-1);
    const hiAt = new Int32Array(K).fill(-1);
    const see = (x: Float64Array) => {
      const keep = points.length < MAX_POINTS;
      if (keep) points.push(Float64Array.from(x));
      const at = keep ? points.length - 1 : -1;
      for (let j = 0; j < K; j++) {
        const v = lp.value(objectives[j]!, x);
        if (v < loSeen[j]! || (loAt[j]! < 0 && at >= 0 && v === loSeen[j])) {
          loSeen[j] = v;
          loAt[j] = at;
        }
        if (v > hiSeen[j]! || (hiAt[j]! < 0 && at >= 0 && v === hiSeen[j])) {
          hiSeen[j] = v;
          hiAt[j] = at;
        }
      }
    };
    const min = new Array<number | undefined>(K);
    const max = new Array<number | undefined>(K);
    const outerMin = new Float64Array(K).fill(Number.NEGATIVE_INFINITY);
    const outerMax = new Float64Array(K).fill(Number.POSITIVE_INFINITY);
    const bounds = new Array<Bound | undefined>(K);

    see(lp.feasiblePoint(o.describe));

    // min Σ of the nonnegative objectives: one at 0 there is at its minimum
    const nonneg = [...Array(K).keys()].filter(whole);
    if (nonneg.length > 0) {
      const low = lp.optimize(nonneg.flatMap((j) => objectives[j]!.map(([v, c]): [number, number] => [v, c])), 'min');
      if (low.x) {
        see(low.x);
        for (const j of nonneg) {
          const offset = objectiveList[j]!.nonnegWithOffset!;
          if (Math.abs(offset + lp.value(objectives[j]!, low.x)) <= ZERO) min[j] = -offset;
        }
      }
    }

    /** Settles j when its certificates allow; true when settled. */
    const decide = (j: number): boolean => {
      if (bounds[j] !== undefined) return true;
      const lo = min[j] ?? (close(outerMin[j]!, loSeen[j]!) ? loSeen[j]! : undefined);
      const hi = max[j] ?? (close(outerMax[j]!, hiSeen[j]!) ? hiSeen[j]! : undefined);
      if (lo !== undefined && hi !== undefined) {
        bounds[j] = { exact: true, min: tidy(lo), max: tidy(hi) };
        note('exact');
        return true;
      }
      if (o.exact) return false;
      if (hiSeen[j]! - loSeen[j]! >= p - PASS_TOLERANCE) {
        bounds[j] = { exact: false, min: tidy(loSeen[j]!), max: tidy(hiSeen[j]!) };
        note('pass');
        return true;
      }
      const floor = lo ?? outerMin[j]!;
      const ceiling = hi ?? outerMax[j]!;
      if (whole(j) && ceiling - floor < p) {
        bounds[j] = { exact: false, min: tidy(floor), max: tidy(ceiling) };
        note('fail');
        return true;
      }
      return false;
    };
    const open = () => [...Array(K).keys()].filter((j) => !decide(j));

    if (o.exact) {
      // recession cone: an objective that can grow by 1 along a direction grows without bound
      const cone = new ComponentLp(highs, sys, red, comp.vars, comp.rows, {
        recession: true,
        extra: { objectives, lo: 0, hi: 1, rowHi: new Array<number>(K).fill(0) },
      });
      try {
        const { z } = cone.maximizeExtra();
        for (let j = 0; j < K; j++) if (z[j]! >= 1 - 1e-7) max[j] = Number.POSITIVE_INFINITY;
      } finally {
        bulkSolves += cone.solves;
        cone.dispose();
      }
    } else {
      // progress solves: z_j ≤ objective_j − its lowest seen value, 0 ≤ z_j ≤ p
      const ids = open();
      if (ids.length > 0) {
        const push = new ComponentLp(highs, sys, red, comp.vars, comp.rows, {
          extra: { objectives: ids.map((j) => objectives[j]!), lo: 0, hi: p, rowHi: ids.map((j) => -loSeen[j]!) },
        });
        let pull: ComponentLp | undefined;
        try {
          const done = new Uint8Array(ids.length);
          for (let round = 0; round < 100 && ids.length > 1; round++) {
            see(push.maximizeExtra().x);
            let gained = 0;
            ids.forEach((j, i) => {
              if (!done[i] && decide(j)) {
                done[i] = 1;
                push.capExtra(i, 0);
                gained++;
              }
            });
            debug(`progress round ${round}: +${gained} of ${ids.length}`);
            // few new passes per solve: the rest are narrow, or pull against each other; one at a time below
            if (gained < Math.max(1, 0.005 * ids.length) || done.every((d) => d === 1)) break;
          }
          // One objective at a time: push it p above its floor (z_j ≤ p stops the simplex as soon as
          // it gets there, long before the objective's maximum). Falling short gives the exact maximum
          // (floor + z_j); then pull it p below its highest seen value, which falls short only at the
          // exact minimum.
          let targeted = 0;
          ids.forEach((j, i) => {
            if (decide(j)) return;
            const floor = loSeen[j]!;
            push.onlyExtra(i, p, -floor);
            const up = push.maximizeExtra();
            targeted++;
            see(up.x);
            if (decide(j)) return;
            if (max[j] === undefined) max[j] = floor + up.z[i]!;
            if (decide(j)) return;
            if (!pull) {
              pull = new ComponentLp(highs, sys, red, comp.vars, comp.rows, {
                extra: {
                  objectives: ids.map((x) => objectives[x]!.map(([v, c]): [number, number] => [v, -c])),
                  lo: 0,
                  hi: p,
                  rowHi: ids.map((x) => hiSeen[x]!),
                },
              });
            }
            const ceiling = hiSeen[j]!;
            pull.onlyExtra(i, p, ceiling);
            const down = pull.maximizeExtra();
            targeted++;
            see(down.x);
            if (decide(j)) return;
            if (min[j] === undefined) min[j] = ceiling - down.z[i]!;
            // both ends now exact (or the points show ≥ p): decide cannot leave it open
            if (!decide(j)) throw new Error('audit: a targeted push left an objective undecided (bug)');
          });
          if (targeted > 0) debug(`targeted pushes: ${targeted}`);
        } finally {
          bulkSolves += push.solves + (pull?.solves ?? 0);
          push.dispose();
          pull?.dispose();
        }
      }
    }

    // neighbourhoods: row hops from the objective's variables
    const rowsOf = new Map<number, number[]>();
    for (const ri of comp.rows) {
      for (const v of sys.rows[ri]!.idx) {
        if (red.fixed[v]) continue;
        let l = rowsOf.get(v);
        if (!l) rowsOf.set(v, (l = []));
        l.push(ri);
      }
    }
    /** Rows within `depth` hops, the variables inside (hops < depth) and on the rim (hop = depth). */
    const neighbourhood = (terms: Terms, depth: number) => {
      const rows: number[] = [];
      const rowSeen = new Set<number>();
      const inside: number[] = [];
      let frontier = [...new Set(terms.map(([v]) => v))];
      const reached = new Set(frontier);
      for (let d = 0; d < depth && frontier.length > 0; d++) {
        inside.push(...frontier);
        const next: number[] = [];
        for (const v of frontier) {
          for (const ri of rowsOf.get(v) ?? []) {
            if (rowSeen.has(ri)) continue;
            rowSeen.add(ri);
            rows.push(ri);
            for (const u of sys.rows[ri]!.idx) {
              if (!red.fixed[u] && !reached.has(u)) {
                reached.add(u);
                next.push(u);
              }
            }
          }
        }
        if (rows.length > MAX_LOCAL_ROWS) return null;
        frontier = next;
      }
      return { rows, inside, rim: frontier, all: rows.length === comp.rows.length };
    };

    const local = (j: number, depth: number): boolean => {
      const terms = objectives[j]!;
      const nb = neighbourhood(terms, depth);
      if (nb === null) return false;
      const needMin = min[j] === undefined && !close(outerMin[j]!, loSeen[j]!);
      const needMax = max[j] === undefined && !close(outerMax[j]!, hiSeen[j]!);
      // relaxation: rim free
      const relax = new ComponentLp(highs, sys, red, [...nb.inside, ...nb.rim], nb.rows);
      try {
        if (needMin) outerMin[j] = Math.max(outerMin[j]!, relax.optimize(terms, 'min').value);
        if (needMax) outerMax[j] = Math.min(outerMax[j]!, relax.optimize(terms, 'max').value);
      } finally {
        localSolves += relax.solves;
        relax.dispose();
      }
      if (nb.all) {
        if (needMin) min[j] = outerMin[j];
        if (needMax) max[j] = outerMax[j];
        return true;
      }
      // restrictions: rim held where the objective's best seen point has it
      const restrict = (sense: 'min' | 'max') => {
        const at = sense === 'min' ? loAt[j]! : hiAt[j]!;
        if (at < 0) return;
        const x = points[at]!;
        const r = new ComponentLp(highs, sys, red, nb.inside, nb.rows, {
          fixedAt: (v) => {
            const c = lp.columnOf(v);
            return c === undefined ? undefined : x[c];
          },
        });
        try {
          const f = r.feasibleOrNull();
          if (f === null) return;
          const v = r.optimize(terms, sense).value;
          if (sense === 'min' && v < loSeen[j]!) loSeen[j] = v;
          if (sense === 'max' && v > hiSeen[j]!) hiSeen[j] = v;
        } finally {
          localSolves += r.solves;
          r.dispose();
        }
      };
      if (needMax && !decide(j)) restrict('max');
      if (needMin && !decide(j)) restrict('min');
      return decide(j);
    };

    for (const depth of DEPTHS) {
      const ids = open();
      if (ids.length === 0) break;
      for (const j of ids) local(j, depth);
      debug(`neighbourhoods of depth ${depth} for ${ids.length}: ${open().length} left`);
    }

    // the last resort: whole-component solves, nearby objectives one after another
    const rest = open().sort((x, y) => {
      const a = sys.vars[objectives[x]![0]![0]]!;
      const b = sys.vars[objectives[y]![0]![0]]!;
      return a.period.localeCompare(b.period) || a.dimension.localeCompare(b.dimension) || a.value.localeCompare(b.value);
    });
    for (const j of rest) {
      if (decide(j)) continue;
      for (const sense of ['min', 'max'] as const) {
        if (decide(j)) break;
        if ((sense === 'min' ? min[j] : max[j]) !== undefined) continue;
        const tw = performance.now();
        const r = lp.optimize(objectives[j]!, sense);
        if (sense === 'min') min[j] = r.value;
        else max[j] = r.value;
        note(`whole ${sense}`);
        if (r.x) see(r.x);
        if (performance.now() - tw > 1000) debug(`slow ${sense} ${Math.round(performance.now() - tw)}ms: ${objectives[j]!.map(([v]) => sys.describe(v)).join(' ')}`);
      }
      if (!decide(j)) throw new Error('audit: an objective was left undecided (bug)');
    }
    const stats: ComponentStats = {
      vars: comp.vars.length,
      rows: comp.rows.length,
      objectives: K,
      settled,
      wholeSolves: lp.solves + bulkSolves,
      localSolves,
      ms: Math.round(performance.now() - t0),
    };
    if (process.env.AUDIT_DEBUG) console.error('audit component', JSON.stringify(stats), o.describe().slice(0, 100));
    return { bounds: bounds as Bound[], solves: lp.solves + bulkSolves + localSolves, stats };
  } finally {
    lp.dispose();
  }
}
