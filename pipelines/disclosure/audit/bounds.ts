// Bounds of the protected quantities of one component. Solving min and max
// of every objective over the whole component is exact but slow on large
// components (thousands of rows: tens to hundreds of milliseconds a solve),
// so certificates come first, and the whole-component LP is the last resort:
// - inside: every feasible point seen bounds each objective's range from
//   inside; once max_seen − min_seen ≥ p the objective passes, whatever its
//   exact range (pass/fail mode);
// - min = 0: every objective of a whole protected quantity is ≥ 0, so one
//   solve of min Σ objectives proves min = 0 for each that is 0 there;
// - progress solves (pass/fail mode) push many objectives p above their
//   lowest seen value at once;
// - unbounded (exact mode): one solve over the recession cone proves every
//   unbounded max;
// - outside: the same LP over only the rows near the objective (a relaxation)
//   bounds it from outside; where the outer bound meets a value seen inside,
//   that bound is exact. Narrow ranges (the failures) are usually settled by
//   their own margins, so this is where most of them end.
// Every failure is reported with its exact interval.
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
   * Pass/fail mode: either the range is at least [min, max] and that is ≥ p
   * wide (a pass), or it is at most [min, max] and that is < p wide (a failure).
   */
  | { exact: false; min: number; max: number };

const ZERO = 1e-7;
const close = (a: number, b: number) => a === b || Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(a), Math.abs(b));
/** Neighbourhood (row hops from the objective) of the local relaxation. */
const LOCAL_DEPTH = 2;
const MAX_LOCAL_ROWS = 3000;

export interface ComponentStats {
  vars: number;
  rows: number;
  objectives: number;
  certifiedInside: number;
  localSolves: number;
  wholeSolves: number;
  ms: number;
}

export function boundComponent(
  highs: Highs,
  sys: LinearSystem,
  red: Reduced,
  comp: { vars: number[]; rows: number[] },
  objectiveList: readonly Objective[],
  o: { protectionLevel: number; exact: boolean; describe: () => string },
): { bounds: Bound[]; solves: number; stats: ComponentStats } {
  const t0 = performance.now();
  const p = o.protectionLevel;
  const objectives = objectiveList.map((x) => x.terms);
  const K = objectives.length;
  const lp = new ComponentLp(highs, sys, red, comp.vars, comp.rows);
  let bulkSolves = 0;
  let localSolves = 0;
  try {
    const loSeen = new Float64Array(K).fill(Number.POSITIVE_INFINITY);
    const hiSeen = new Float64Array(K).fill(Number.NEGATIVE_INFINITY);
    const minExact = new Array<number | undefined>(K);
    const maxExact = new Array<number | undefined>(K);
    const see = (x: Float64Array) => {
      for (let j = 0; j < K; j++) {
        const v = lp.value(objectives[j]!, x);
        if (v < loSeen[j]!) loSeen[j] = v;
        if (v > hiSeen[j]!) hiSeen[j] = v;
      }
    };
    const passed = (j: number) => hiSeen[j]! - loSeen[j]! >= p;

    see(lp.feasiblePoint(o.describe));

    // min Σ of the nonnegative objectives: one at 0 there is at its minimum
    const nonneg = [...Array(K).keys()].filter((j) => objectiveList[j]!.nonnegWithOffset !== undefined);
    const all: [number, number][] = nonneg.flatMap((j) => objectives[j]!.map(([v, c]): [number, number] => [v, c]));
    const low = all.length > 0 ? lp.optimize(all, 'min') : { x: null };
    if (low.x) {
      see(low.x);
      for (const j of nonneg) {
        const offset = objectiveList[j]!.nonnegWithOffset!;
        if (Math.abs(offset + lp.value(objectives[j]!, low.x)) <= ZERO) minExact[j] = -offset;
      }
    }

    if (o.exact) {
      // recession cone: an objective that can grow by 1 along a direction grows without bound
      const cone = new ComponentLp(highs, sys, red, comp.vars, comp.rows, {
        recession: true,
        extra: { objectives, lo: 0, hi: 1, rowHi: new Array<number>(K).fill(0) },
      });
      try {
        const { z } = cone.maximizeExtra();
        for (let j = 0; j < K; j++) if (z[j]! >= 1 - 1e-7) maxExact[j] = Number.POSITIVE_INFINITY;
      } finally {
        bulkSolves += cone.solves;
        cone.dispose();
      }
    } else {
      // progress solves: z_j ≤ objective_j − its lowest seen value, 0 ≤ z_j ≤ p
      const open = [...Array(K).keys()].filter((j) => !passed(j));
      if (open.length > 1) {
        const push = new ComponentLp(highs, sys, red, comp.vars, comp.rows, {
          extra: { objectives: open.map((j) => objectives[j]!), lo: 0, hi: p, rowHi: open.map((j) => -loSeen[j]!) },
        });
        try {
          const settled = new Uint8Array(open.length);
          for (let round = 0; round < 50; round++) {
            const { x } = push.maximizeExtra();
            see(x);
            let progress = 0;
            open.forEach((j, i) => {
              if (!settled[i] && passed(j)) {
                settled[i] = 1;
                push.capExtra(i, 0);
                progress++;
              }
            });
            // few new passes per solve: the rest are narrow, settled faster one by one
            if (process.env.AUDIT_DEBUG) console.error(`  progress round ${round}: +${progress} ${Math.round(performance.now() - t0)}ms`);
            if (progress < Math.max(1, 0.005 * open.length) || settled.every((s) => s === 1)) break;
          }
        } finally {
          bulkSolves += push.solves;
          push.dispose();
        }
      }
    }

    // variable → rows of this component, for the neighbourhoods
    const rowsOf = new Map<number, number[]>();
    for (const ri of comp.rows) {
      for (const v of sys.rows[ri]!.idx) {
        if (red.fixed[v]) continue;
        let l = rowsOf.get(v);
        if (!l) rowsOf.set(v, (l = []));
        l.push(ri);
      }
    }
    const neighbourhood = (terms: Terms, depth: number): number[] | null => {
      const rowSet = new Set<number>();
      let frontier = new Set(terms.map(([v]) => v));
      const seenVars = new Set(frontier);
      for (let d = 0; d < depth && frontier.size > 0; d++) {
        const next = new Set<number>();
        for (const v of frontier) {
          for (const ri of rowsOf.get(v) ?? []) {
            if (rowSet.has(ri)) continue;
            rowSet.add(ri);
            for (const u of sys.rows[ri]!.idx) {
              if (!red.fixed[u] && !seenVars.has(u)) {
                seenVars.add(u);
                next.add(u);
              }
            }
          }
        }
        if (rowSet.size > MAX_LOCAL_ROWS) return null;
        frontier = next;
      }
      return [...rowSet];
    };

    const bounds = new Array<Bound>(K);
    const how = new Map<string, number>();
    const note = (k: string) => how.set(k, (how.get(k) ?? 0) + 1);
    // Consecutive whole-component solves of nearby objectives start from a nearby basis.
    const order = [...Array(K).keys()].sort((x, y) => {
      const a = sys.vars[objectives[x]![0]![0]]!;
      const b = sys.vars[objectives[y]![0]![0]]!;
      return a.period < b.period ? -1 : a.period > b.period ? 1 : a.dimension < b.dimension ? -1 : a.dimension > b.dimension ? 1 : a.value < b.value ? -1 : a.value > b.value ? 1 : 0;
    });
    let done = 0;
    let localMs = 0;
    for (const j of order) {
      if (process.env.AUDIT_DEBUG && done++ % 100 === 0) console.error(`  ${done}/${K} ${Math.round(performance.now() - t0)}ms local ${Math.round(localMs)}ms ${JSON.stringify([...how])}`);
      if (!o.exact && passed(j)) {
        bounds[j] = { exact: false, min: tidy(loSeen[j]!), max: tidy(hiSeen[j]!) };
        continue;
      }
      const terms = objectives[j]!;
      let min = minExact[j];
      let max = maxExact[j];
      let outerMax = Number.POSITIVE_INFINITY;
      if (min === undefined || max === undefined) {
        // the rows within two hops: a relaxation, so its optimum bounds the objective from outside
        const tl = performance.now();
        const rows = neighbourhood(terms, LOCAL_DEPTH);
        if (rows !== null) {
          const whole = rows.length === comp.rows.length;
          const vars = [...new Set(rows.flatMap((ri) => sys.rows[ri]!.idx.filter((v) => !red.fixed[v])).concat(terms.map(([v]) => v)))];
          const local = new ComponentLp(highs, sys, red, vars, rows);
          try {
            if (min === undefined) {
              const r = local.optimize(terms, 'min');
              if (whole || close(r.value, loSeen[j]!)) {
                min = whole ? r.value : loSeen[j]!;
                note('min local');
              }
            }
            if (max === undefined) {
              const r = local.optimize(terms, 'max');
              outerMax = r.value;
              if (whole || close(r.value, hiSeen[j]!)) {
                max = whole ? r.value : hiSeen[j]!;
                note('max local');
              }
            }
          } finally {
            localSolves += local.solves;
            local.dispose();
          }
        }
        localMs += performance.now() - tl;
      }
      if (min === undefined) {
        note('min whole');
        const r = lp.optimize(terms, 'min');
        min = r.value;
        if (r.x) see(r.x);
      }
      if (!o.exact && max === undefined) {
        if (hiSeen[j]! - min >= p) {
          bounds[j] = { exact: false, min: tidy(min), max: tidy(hiSeen[j]!) };
          note('pass after min');
          continue;
        }
        if (outerMax - min < p && objectiveList[j]!.nonnegWithOffset !== undefined) {
          // narrower than p even from outside: a failure, reported with its outer bound
          bounds[j] = { exact: false, min: tidy(min), max: tidy(outerMax) };
          note('fail by outer bound');
          continue;
        }
      }
      if (max === undefined) {
        note('max whole');
        const r = lp.optimize(terms, 'max');
        max = r.value;
        if (r.x) see(r.x);
      }
      bounds[j] = { exact: true, min: tidy(min), max: tidy(max) };
    }
    if (process.env.AUDIT_DEBUG) console.error(`  settled: ${JSON.stringify([...how])}`);
    const stats: ComponentStats = {
      vars: comp.vars.length,
      rows: comp.rows.length,
      objectives: K,
      certifiedInside: bounds.filter((b) => !b.exact).length,
      localSolves,
      wholeSolves: lp.solves + bulkSolves,
      ms: Math.round(performance.now() - t0),
    };
    if (process.env.AUDIT_DEBUG) console.error('audit component', JSON.stringify(stats), o.describe().slice(0, 100));
    return { bounds, solves: lp.solves + bulkSolves + localSolves, stats };
  } finally {
    lp.dispose();
  }
}
