// Bounds of the protected quantities of one component. Solving min and max
// of every objective over the whole component is exact but slow on large
// components (thousands of rows; moving a yearly total can take the simplex
// thousands of pivots, seconds in WebAssembly), so pass/fail mode (what the
// run uses) settles each objective with the cheapest certificate that will do:
// - seen points: every feasible point found bounds each objective's range from
//   inside; once max_seen − min_seen ≥ p the objective passes;
// - min = 0: every objective of a whole protected quantity is ≥ 0, so one
//   solve of min Σ objectives proves min = 0 for each that is 0 there;
// - progress solves: columns 0 ≤ z_j ≤ p with z_j ≤ objective_j − its lowest
//   value seen; maximising Σ z pushes many objectives p above their floor at once;
// - local pushes (local.ts): the objective's neighbourhood moves, the rest of
//   the component stays at a seen point, so the optima are seen points too; and
//   the same neighbourhood's rows alone, a relaxation whose range lies outside
//   the component's: narrower than p proves a failure (whole quantities only);
// - targeted pushes over the whole component, one objective at a time: z_j ≤ p
//   stops the simplex as soon as the objective is p above its floor; falling
//   short gives the exact maximum, and the same push downwards the exact
//   minimum.
// So a pass shows two feasible points at least p apart, and a failure an
// interval (exact, or containing the exact one) narrower than p.
// Exact mode (keepIntervals) proves unbounded maxima over the recession cone
// and solves the rest over the whole component.
import type { Highs } from 'highs';
import { LocalPusher, NEIGHBOURHOOD_SIZES } from './local';
import { ComponentLp, tidy, type Terms } from './lp';
import type { Reduced } from './presolve';
import type { LinearSystem } from './system';

export interface Objective {
  terms: Terms;
  /** When set, offset + terms(x) ≥ 0 on every feasible point (a whole protected quantity). */
  nonnegWithOffset?: number;
}

/**
 * The range of an objective over the component: exactly [min, max]; or (pass/fail
 * mode) a pass, the range holds the seen points [min, max], at least p apart; or
 * (pass/fail mode, whole quantities only) a failure, the range lies inside
 * [min, max], less than p wide.
 */
export interface Bound {
  how: 'exact' | 'seen' | 'outer';
  min: number;
  max: number;
}

export interface ComponentStats {
  vars: number;
  rows: number;
  objectives: number;
  settled: Record<string, number>;
  solves: number;
  ms: number;
}

const ZERO = 1e-7;
const PASS_TOLERANCE = 1e-7;
// what the audit calls too narrow (index.ts): an outer range must be clearly narrower
const FAIL_TOLERANCE = 1e-6;

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
    const loSeen = new Float64Array(K).fill(Number.POSITIVE_INFINITY);
    const hiSeen = new Float64Array(K).fill(Number.NEGATIVE_INFINITY);
    let base: Float64Array | undefined; // the latest feasible point, for local pushes
    const see = (x: Float64Array) => {
      base = x;
      for (let j = 0; j < K; j++) {
        const v = lp.value(objectives[j]!, x);
        if (v < loSeen[j]!) loSeen[j] = v;
        if (v > hiSeen[j]!) hiSeen[j] = v;
      }
    };
    const min = new Array<number | undefined>(K);
    const max = new Array<number | undefined>(K);
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
      const lo = min[j];
      const hi = max[j];
      if (lo !== undefined && hi !== undefined) {
        bounds[j] = { how: 'exact', min: tidy(lo), max: tidy(hi) };
        note('exact');
        return true;
      }
      if (!o.exact && hiSeen[j]! - loSeen[j]! >= p - PASS_TOLERANCE) {
        bounds[j] = { how: 'seen', min: tidy(loSeen[j]!), max: tidy(hiSeen[j]!) };
        note('pass');
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
        // pulls: the same with the objectives negated, z_j ≤ its highest seen value − objective_j
        let pull: ComponentLp | undefined;
        const pullModel = () =>
          (pull ??= new ComponentLp(highs, sys, red, comp.vars, comp.rows, {
            extra: {
              objectives: ids.map((x) => objectives[x]!.map(([v, c]): [number, number] => [v, -c])),
              lo: 0,
              hi: p,
              rowHi: ids.map((x) => hiSeen[x]!),
            },
          }));
        try {
          // Bulk solves until one settles few: the rest are narrow, or pull against each other
          // (one at a time below). Objectives near their maximum move only downwards, hence the pulls.
          const progress = (model: ComponentLp, label: string) => {
            ids.forEach((j, i) => decide(j) && model.capExtra(i, 0));
            for (let round = 0; round < 100; round++) {
              const before = open().length;
              if (before < 2) return;
              see(model.maximizeExtra().x);
              ids.forEach((j, i) => decide(j) && model.capExtra(i, 0));
              const gained = before - open().length;
              debug(`${label} round ${round}: +${gained} of ${before}`);
              if (gained < Math.max(1, 0.005 * ids.length)) return;
            }
          };
          progress(push, 'progress');
          if (open().length > 1) progress(pullModel(), 'pull');
          const local = new LocalPusher(highs, sys, red, comp.rows, (v) => lp.column(v));
          let last = 0;
          for (const tier of NEIGHBOURHOOD_SIZES) {
            // a neighbourhood near the whole component costs more than a warm-started push over it
            const size = Math.min(tier, Math.floor(comp.vars.length * 0.75));
            if (size <= last) break;
            last = size;
            for (const j of ids) {
              if (decide(j)) continue;
              const inner = local.neighbourhood(objectives[j]!, size);
              local.push(objectives[j]!, inner, base!, see, () => decide(j));
              if (decide(j) || !whole(j)) continue;
              // An outer range narrower than p is a failure. Only for a whole quantity (a range
              // summed from parts of several components would not be outer), and only when some
              // point shows it non-zero (an exact [0, 0] can be a publishable zero).
              const offset = objectiveList[j]!.nonnegWithOffset!;
              if (Math.abs(offset + loSeen[j]!) <= ZERO && Math.abs(offset + hiSeen[j]!) <= ZERO) continue;
              const r = local.relax(objectives[j]!, inner);
              if (r.max - r.min < p - FAIL_TOLERANCE) {
                bounds[j] = { how: 'outer', min: tidy(Math.min(r.min, loSeen[j]!)), max: tidy(Math.max(r.max, hiSeen[j]!)) };
                note('outer');
              }
            }
            debug(`local pushes over ${size}: ${local.solves} solves, ${open().length} open`);
          }
          localSolves = local.solves;
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
            const ceiling = hiSeen[j]!;
            pullModel().onlyExtra(i, p, ceiling);
            const down = pullModel().maximizeExtra();
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

    // exact mode: whole-component solves, nearby objectives one after another (nearby bases)
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
        const r = lp.optimize(objectives[j]!, sense);
        if (sense === 'min') min[j] = r.value;
        else max[j] = r.value;
        note(`whole ${sense}`);
        if (r.x) see(r.x);
      }
      if (!decide(j)) throw new Error('audit: an objective was left undecided (bug)');
    }
    const stats: ComponentStats = {
      vars: comp.vars.length,
      rows: comp.rows.length,
      objectives: K,
      settled,
      solves: lp.solves + bulkSolves + localSolves,
      ms: Math.round(performance.now() - t0),
    };
    if (process.env.AUDIT_DEBUG) console.error('audit component', JSON.stringify(stats), o.describe().slice(0, 100));
    return { bounds: bounds as Bound[], solves: lp.solves + bulkSolves + localSolves, stats };
  } finally {
    lp.dispose();
  }
}
