// Bounds of the protected quantities of one component. Solving min and max
// of every objective over the whole component is exact but slow on large
// components (thousands of rows; moving a yearly total can take the simplex
// thousands of pivots, seconds in WebAssembly), so pass/fail mode (what the
// run uses) settles each objective with the cheapest certificate that will do:
// - witnesses: every feasible point (checked row by row by witness.ts, never
//   taken on the solver's word) bounds each objective's range from inside;
//   once max_seen − min_seen ≥ p the objective passes. Points an earlier audit
//   of the same release plan kept (memory.ts) are tried first, so a component
//   that changed a little is mostly settled before any solve;
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
// So a pass shows two checked feasible points at least p apart, and a failure
// an interval (exact, or containing the exact one) narrower than p.
// Exact mode (keepIntervals) proves unbounded maxima over the recession cone
// and solves the rest over the whole component.
import type { Highs } from 'highs';
import { LocalPusher, NEIGHBOURHOOD_SIZES } from './local';
import { ComponentLp, tidy } from './lp';
import { termsValue, type ComponentProblem } from './problem';
import { brokenRows, isFeasible, PASS_TOLERANCE } from './witness';

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
  /** Points offered by memory, and how many of them the checker accepted. */
  seeds: number;
  seedsFeasible: number;
  ms: number;
}

export interface ComponentAnswer {
  bounds: Bound[];
  /** The checked points behind the passes (each pass's low and high witness), for the next audit. */
  witnesses: Float64Array[];
  /** For each objective that passed: the indices in `witnesses` of its low and high point. */
  passWitnesses: ([number, number] | undefined)[];
  stats: ComponentStats;
}

const ZERO = 1e-7;
// a seed that breaks more rows than this is not worth a repair
const REPAIR_MAX_ROWS = 200;
const REPAIR_NEIGHBOURHOOD = 300;
// what the audit calls too narrow (index.ts): an outer range must be clearly narrower
const FAIL_TOLERANCE = 1e-6;

export interface SolveOptions {
  protectionLevel: number;
  exact: boolean;
  describe: () => string;
  /** Candidate points (e.g. from an earlier audit); only those the checker accepts count. */
  seeds?: readonly Float64Array[];
}

export function boundComponent(highs: Highs, problem: ComponentProblem, o: SolveOptions): ComponentAnswer {
  const solver = new ComponentSolver(highs, problem, o);
  try {
    return solver.solve();
  } finally {
    solver.dispose();
  }
}

/** The state of one component's solve: what each objective's seen points, exact ends and verdicts are so far. */
class ComponentSolver {
  private readonly t0 = performance.now();
  private readonly p: number;
  private readonly K: number;
  private readonly loSeen: Float64Array;
  private readonly hiSeen: Float64Array;
  private readonly loPoint: (Float64Array | undefined)[];
  private readonly hiPoint: (Float64Array | undefined)[];
  private readonly min: (number | undefined)[];
  private readonly max: (number | undefined)[];
  private readonly bounds: (Bound | undefined)[];
  private readonly settled: Record<string, number> = {};
  private readonly lp: ComponentLp;
  private base: Float64Array | undefined; // the latest feasible point, for local pushes
  private solves = 0;
  private seedsFeasible = 0;
  private zerosDone = false;

  constructor(
    private readonly highs: Highs,
    private readonly problem: ComponentProblem,
    private readonly o: SolveOptions,
  ) {
    this.p = o.protectionLevel;
    this.K = problem.objectives.length;
    this.loSeen = new Float64Array(this.K).fill(Number.POSITIVE_INFINITY);
    this.hiSeen = new Float64Array(this.K).fill(Number.NEGATIVE_INFINITY);
    this.loPoint = new Array(this.K);
    this.hiPoint = new Array(this.K);
    this.min = new Array(this.K);
    this.max = new Array(this.K);
    this.bounds = new Array(this.K);
    this.lp = new ComponentLp(highs, problem, o.describe);
  }

  private debug(s: string): void {
    if (process.env.AUDIT_DEBUG) console.error(`  ${Math.round(performance.now() - this.t0)}ms ${s}`);
  }

  private objective(j: number) {
    return this.problem.objectives[j]!;
  }

  private whole(j: number): boolean {
    return this.objective(j).nonnegWithOffset !== undefined;
  }

  /** Takes a point into the seen ranges when the checker accepts it; false otherwise. */
  private see(x: Float64Array): boolean {
    if (!isFeasible(this.problem, x)) return false;
    const point = Float64Array.from(x);
    this.base = point;
    for (let j = 0; j < this.K; j++) {
      const v = termsValue(this.objective(j).terms, point);
      if (v < this.loSeen[j]!) {
        this.loSeen[j] = v;
        this.loPoint[j] = point;
      }
      if (v > this.hiSeen[j]!) {
        this.hiSeen[j] = v;
        this.hiPoint[j] = point;
      }
    }
    return true;
  }

  private note(k: string): void {
    this.settled[k] = (this.settled[k] ?? 0) + 1;
  }

  /** Settles j when its certificates allow; true when settled. */
  private decide(j: number): boolean {
    if (this.bounds[j] !== undefined) return true;
    const lo = this.min[j];
    const hi = this.max[j];
    if (lo !== undefined && hi !== undefined) {
      this.bounds[j] = { how: 'exact', min: tidy(lo), max: tidy(hi) };
      this.note('exact');
      return true;
    }
    if (!this.o.exact && this.hiSeen[j]! - this.loSeen[j]! >= this.p - PASS_TOLERANCE) {
      this.bounds[j] = { how: 'seen', min: tidy(this.loSeen[j]!), max: tidy(this.hiSeen[j]!) };
      this.note('pass');
      return true;
    }
    return false;
  }

  private open(): number[] {
    return [...Array(this.K).keys()].filter((j) => !this.decide(j));
  }

  solve(): ComponentAnswer {
    this.trySeeds();
    if (this.open().length === 0 && this.base !== undefined) return this.answer();
    if (this.base === undefined) this.firstPoint();
    // Seeds leave a few objectives open: small local models settle most of them, where a
    // model of the whole component would start cold (seconds on a large component).
    const open = this.open();
    if (!this.o.exact && this.seedsFeasible > 0 && open.length <= Math.max(10, 0.2 * this.K)) this.localPushes(open);
    if (this.open().length > 0) {
      this.minimumZeros();
      if (this.o.exact) this.recessionCone();
      else this.pushes();
      this.exactSolves();
    }
    return this.answer();
  }

  private unchecked(what: string): never {
    throw new Error(`audit: the solver's ${what} for ${this.o.describe()} fails the witness check (numerical trouble)`);
  }

  /**
   * Seeds first: each one the checker accepts as it is, or after a local
   * repair of the rows it breaks (released cells add rows that points of an
   * earlier audit rarely meet), settles objectives without a solve.
   */
  private trySeeds(): void {
    const seeds = this.o.seeds ?? [];
    if (seeds.length === 0) return;
    const local = new LocalPusher(this.highs, this.problem);
    try {
      for (const x of seeds) {
        if (this.open().length === 0 && this.base !== undefined) break;
        if (this.see(x)) {
          this.seedsFeasible++;
          continue;
        }
        const broken = brokenRows(this.problem, x);
        if (broken.length === 0 || broken.length > REPAIR_MAX_ROWS) continue;
        const fixed = local.repair(x, broken, REPAIR_NEIGHBOURHOOD);
        if (fixed && this.see(fixed)) this.seedsFeasible++;
      }
    } finally {
      this.solves += local.solves;
    }
    if (this.o.seeds?.length) this.debug(`seeds: ${this.seedsFeasible} of ${this.o.seeds.length} feasible, ${this.open().length} open`);
  }

  /** With no seed: the first point minimises Σ of the open whole quantities (see minimumZeros), not nothing. */
  private firstPoint(): void {
    const nonneg = this.open().filter((j) => this.whole(j));
    const x = this.lp.feasiblePoint(nonneg.flatMap((j) => this.objective(j).terms));
    if (!this.see(x)) this.unchecked('a feasible point');
    this.zerosAt(nonneg, x);
    this.zerosDone = true;
  }

  /** min Σ of the nonnegative objectives: one at 0 there is at its minimum. */
  private minimumZeros(): void {
    if (this.zerosDone) return;
    const nonneg = this.open().filter((j) => this.whole(j));
    if (nonneg.length === 0) return;
    const low = this.lp.optimize(nonneg.flatMap((j) => this.objective(j).terms), 'min');
    // a point the checker refuses proves nothing, not even a zero
    if (!low.x || !this.see(low.x)) return;
    this.zerosAt(nonneg, low.x);
  }

  /** x minimises Σ of the nonnegative objectives `nonneg`: each at 0 there has its minimum. */
  private zerosAt(nonneg: readonly number[], x: Float64Array): void {
    for (const j of nonneg) {
      const offset = this.objective(j).nonnegWithOffset!;
      if (Math.abs(offset + termsValue(this.objective(j).terms, x)) <= ZERO) this.min[j] = -offset;
    }
  }

  /** Exact mode: an objective that can grow by 1 along a direction of the recession cone grows without bound. */
  private recessionCone(): void {
    const objectives = this.problem.objectives.map((x) => x.terms);
    const cone = new ComponentLp(this.highs, this.problem, this.o.describe, {
      recession: true,
      extra: { objectives, lo: 0, hi: 1, rowHi: new Array<number>(this.K).fill(0) },
    });
    try {
      const { z } = cone.maximizeExtra();
      for (let j = 0; j < this.K; j++) if (z[j]! >= 1 - 1e-7) this.max[j] = Number.POSITIVE_INFINITY;
    } finally {
      this.solves += cone.solves;
      cone.dispose();
    }
  }

  /** Pass/fail mode: bulk progress and pull solves, local pushes, then targeted pushes. */
  private pushes(): void {
    const ids = this.open();
    if (ids.length === 0) return;
    const p = this.p;
    const push = new ComponentLp(this.highs, this.problem, this.o.describe, {
      extra: { objectives: ids.map((j) => this.objective(j).terms), lo: 0, hi: p, rowHi: ids.map((j) => -this.loSeen[j]!) },
    });
    // pulls: the same with the objectives negated, z_j ≤ its highest seen value − objective_j
    let pull: ComponentLp | undefined;
    const pullModel = () =>
      (pull ??= new ComponentLp(this.highs, this.problem, this.o.describe, {
        extra: {
          objectives: ids.map((x) => this.objective(x).terms.map(([v, c]) => [v, -c] as const)),
          lo: 0,
          hi: p,
          rowHi: ids.map((x) => this.hiSeen[x]!),
        },
      }));
    try {
      this.progress(push, ids, 'progress');
      if (this.open().length > 1) this.progress(pullModel(), ids, 'pull');
      this.localPushes(ids);
      this.targetedPushes(ids, push, pullModel);
    } finally {
      this.solves += push.solves + (pull?.solves ?? 0);
      push.dispose();
      pull?.dispose();
    }
  }

  /**
   * Bulk solves until one settles few: the rest are narrow, or pull against each other
   * (one at a time below). Objectives near their maximum move only downwards, hence the pulls.
   */
  private progress(model: ComponentLp, ids: readonly number[], label: string): void {
    const capSettled = () => ids.forEach((j, i) => this.decide(j) && model.capExtra(i, 0));
    capSettled();
    for (let round = 0; round < 100; round++) {
      const before = this.open().length;
      if (before < 2) return;
      this.see(model.maximizeExtra().x);
      capSettled();
      const gained = before - this.open().length;
      this.debug(`${label} round ${round}: +${gained} of ${before}`);
      if (gained < Math.max(1, 0.005 * ids.length)) return;
    }
  }

  private localPushes(ids: readonly number[]): void {
    const local = new LocalPusher(this.highs, this.problem);
    const n = this.problem.vars.length;
    let last = 0;
    try {
      for (const tier of NEIGHBOURHOOD_SIZES) {
        // a neighbourhood near the whole component costs more than a warm-started push over it
        const size = Math.min(tier, Math.floor(n * 0.75));
        if (size <= last) break;
        last = size;
        for (const j of ids) {
          if (this.decide(j)) continue;
          const terms = this.objective(j).terms;
          const inner = local.neighbourhood(terms, size);
          local.push(terms, inner, this.base!, (x) => void this.see(x), () => this.decide(j));
          if (this.decide(j) || !this.whole(j)) continue;
          this.outerFailure(j, local.relax(terms, inner));
        }
        this.debug(`local pushes over ${size}: ${local.solves} solves, ${this.open().length} open`);
      }
    } finally {
      this.solves += local.solves;
    }
  }

  /**
   * An outer range narrower than p is a failure. Only for a whole quantity (a range
   * summed from parts of several components would not be outer), and only when some
   * point shows it non-zero (an exact [0, 0] can be a publishable zero).
   */
  private outerFailure(j: number, r: { min: number; max: number }): void {
    const offset = this.objective(j).nonnegWithOffset!;
    if (Math.abs(offset + this.loSeen[j]!) <= ZERO && Math.abs(offset + this.hiSeen[j]!) <= ZERO) return;
    if (r.max - r.min < this.p - FAIL_TOLERANCE) {
      this.bounds[j] = { how: 'outer', min: tidy(Math.min(r.min, this.loSeen[j]!)), max: tidy(Math.max(r.max, this.hiSeen[j]!)) };
      this.note('outer');
    }
  }

  /**
   * One objective at a time: push it p above its floor (z_j ≤ p stops the simplex as soon as
   * it gets there, long before the objective's maximum). Falling short gives the exact maximum
   * (floor + z_j); then pull it p below its highest seen value, which falls short only at the
   * exact minimum.
   */
  private targetedPushes(ids: readonly number[], push: ComponentLp, pullModel: () => ComponentLp): void {
    let targeted = 0;
    ids.forEach((j, i) => {
      if (this.decide(j)) return;
      const floor = this.loSeen[j]!;
      push.onlyExtra(i, this.p, -floor);
      const up = push.maximizeExtra();
      targeted++;
      this.see(up.x);
      if (this.decide(j)) return;
      if (this.max[j] === undefined) this.max[j] = floor + up.z[i]!;
      if (this.decide(j)) return;
      const ceiling = this.hiSeen[j]!;
      pullModel().onlyExtra(i, this.p, ceiling);
      const down = pullModel().maximizeExtra();
      targeted++;
      this.see(down.x);
      if (this.decide(j)) return;
      if (this.min[j] === undefined) this.min[j] = ceiling - down.z[i]!;
      // both ends now exact (or the points show ≥ p): decide cannot leave it open
      if (!this.decide(j)) throw new Error('audit: a targeted push left an objective undecided (bug)');
    });
    if (targeted > 0) this.debug(`targeted pushes: ${targeted}`);
  }

  /** Whole-component solves for what is left (exact mode), nearby objectives one after another (nearby bases). */
  private exactSolves(): void {
    for (const j of this.open()) {
      for (const sense of ['min', 'max'] as const) {
        if (this.decide(j)) break;
        if ((sense === 'min' ? this.min[j] : this.max[j]) !== undefined) continue;
        const r = this.lp.optimize(this.objective(j).terms, sense);
        if (sense === 'min') this.min[j] = r.value;
        else this.max[j] = r.value;
        this.note(`whole ${sense}`);
        if (r.x) this.see(r.x);
      }
      if (!this.decide(j)) throw new Error('audit: an objective was left undecided (bug)');
    }
  }

  private answer(): ComponentAnswer {
    // the latest feasible point first: memory.ts takes it as the component's point
    const witnesses: Float64Array[] = this.base ? [this.base] : [];
    const index = new Map<Float64Array, number>(witnesses.map((w, i) => [w, i]));
    const indexOf = (w: Float64Array) => {
      let i = index.get(w);
      if (i === undefined) {
        i = witnesses.length;
        witnesses.push(w);
        index.set(w, i);
      }
      return i;
    };
    const passWitnesses = this.bounds.map((b, j): [number, number] | undefined =>
      b?.how === 'seen' ? [indexOf(this.loPoint[j]!), indexOf(this.hiPoint[j]!)] : undefined,
    );
    const stats: ComponentStats = {
      vars: this.problem.vars.length,
      rows: this.problem.rowLo.length,
      objectives: this.K,
      settled: this.settled,
      solves: this.solves + this.lp.solves,
      seeds: this.o.seeds?.length ?? 0,
      seedsFeasible: this.seedsFeasible,
      ms: Math.round(performance.now() - this.t0),
    };
    if (process.env.AUDIT_DEBUG) console.error('audit component', JSON.stringify(stats), this.o.describe().slice(0, 100));
    return { bounds: this.bounds as Bound[], witnesses, passWitnesses, stats };
  }

  dispose(): void {
    this.lp.dispose();
  }
}
