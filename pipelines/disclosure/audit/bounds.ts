// Bounds of the protected quantities of one component. Solving min and max
// of every objective one by one is exact but slow on large components (each
// re-solve of a model with thousands of rows takes hundreds of simplex
// iterations), so cheap certificates come first:
// - every objective is ≥ 0 (n, a and n − a of people), so one solve of
//   min Σ objectives proves min = 0 for each objective that is 0 there;
// - every feasible point seen bounds each objective's range from inside:
//   once max_seen − min_seen ≥ p the objective passes, whatever its exact range;
// - exact mode: one solve over the recession cone proves every unbounded max;
// - pass/fail mode: "progress" solves push many objectives up at once.
// What no certificate settles is solved exactly, so every failure reported
// comes with its exact interval.
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
  /** Pass/fail mode: the range is at least [min, max] wide, and that is ≥ p. */
  | { exact: false; min: number; max: number };

const ZERO = 1e-7;

export function boundComponent(
  highs: Highs,
  sys: LinearSystem,
  red: Reduced,
  comp: { vars: number[]; rows: number[] },
  objectiveList: readonly Objective[],
  o: { protectionLevel: number; exact: boolean; describe: () => string },
): { bounds: Bound[]; solves: number } {
  const p = o.protectionLevel;
  const t0 = performance.now();
  const objectives = objectiveList.map((x) => x.terms);
  const lp = new ComponentLp(highs, sys, red, comp.vars, comp.rows);
  let solves = 0;
  try {
    const K = objectives.length;
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
        solves += cone.solves;
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
            if (progress === 0 || settled.every((s) => s === 1)) break;
          }
        } finally {
          solves += push.solves;
          push.dispose();
        }
      }
    }

    const bounds: Bound[] = [];
    for (let j = 0; j < K; j++) {
      if (!o.exact && passed(j)) {
        bounds.push({ exact: false, min: tidy(loSeen[j]!), max: tidy(hiSeen[j]!) });
        continue;
      }
      let min = minExact[j];
      if (min === undefined) {
        const r = lp.optimize(objectives[j]!, 'min');
        min = r.value;
        if (r.x) see(r.x);
      }
      if (!o.exact && hiSeen[j]! - min >= p) {
        bounds.push({ exact: false, min: tidy(min), max: tidy(hiSeen[j]!) });
        continue;
      }
      let max = maxExact[j];
      if (max === undefined) {
        const r = lp.optimize(objectives[j]!, 'max');
        max = r.value;
        if (r.x) see(r.x);
      }
      bounds.push({ exact: true, min: tidy(min), max: tidy(max) });
    }
    if (process.env.AUDIT_DEBUG) {
      const stats = { vars: comp.vars.length, rows: comp.rows.length, objectives: K, minZero: minExact.filter((x) => x !== undefined).length,
        certified: bounds.filter((b) => !b.exact).length, solves: solves + lp.solves, ms: Math.round(performance.now() - t0) };
      console.error('audit component', JSON.stringify(stats), o.describe().slice(0, 120));
    }
    return { bounds, solves: solves + lp.solves };
  } finally {
    lp.dispose();
  }
}
