// HiGHS models of one component problem, built from its CSR rows. A model
// is re-solved in place (cost vector and sense changed, so each solve starts
// from the last basis). Besides the plain min/max of one objective, two bulk
// models answer many objectives with one solve:
// - the recession cone with a capped "progress" column per objective: every
//   objective whose column reaches its cap grows without bound;
// - the component with a column z ≤ objective − floor, 0 ≤ z ≤ p, per
//   objective: a solution shows at once every objective that can rise p above
//   its floor.
import loadHighs, { type Highs, type Model } from 'highs';
import { InfeasibleReleaseError } from './presolve';
import type { ComponentProblem, LocalTerms } from './problem';

let highsPromise: Promise<Highs> | undefined;
export function getHighs(): Promise<Highs> {
  highsPromise ??= loadHighs();
  return highsPromise;
}

/** Cleans solver noise off a bound: values within 1e-7 of a whole number become it. */
export function tidy(x: number): number {
  if (!Number.isFinite(x)) return x;
  const r = Math.round(x);
  return Math.abs(x - r) <= 1e-7 * Math.max(1, Math.abs(x)) ? r : x;
}

export interface ExtraColumns {
  /** One column per objective: lo ≤ z ≤ hi, cost 1 (maximised), row z − objective ≤ rowHi. */
  objectives: readonly LocalTerms[];
  lo: number;
  hi: number;
  rowHi: readonly number[];
}

interface BuildOptions {
  /** Replace every finite bound by 0: the recession cone of the component. */
  recession?: boolean;
  extra?: ExtraColumns;
}

/** Infinite bounds as HiGHS spells them. */
export function infinities(highs: Highs): (x: number) => number {
  const inf = highs.infinity;
  return (x) => (x === Number.POSITIVE_INFINITY ? inf : x === Number.NEGATIVE_INFINITY ? -inf : x);
}

/**
 * Rows of a model in CSR form: each unknown with a column keeps it, every
 * other one is held at `held(v)` and moved into the row's bounds, which
 * `bound` then maps.
 */
export function csrRows(
  p: ComponentProblem,
  rows: Iterable<number>,
  column: (v: number) => number | undefined,
  held: (v: number) => number,
  bound: (x: number) => number,
) {
  const starts = [0];
  const indices: number[] = [];
  const values: number[] = [];
  const rowLower: number[] = [];
  const rowUpper: number[] = [];
  for (const r of rows) {
    let constant = 0;
    for (let t = p.rowStart[r]!; t < p.rowStart[r + 1]!; t++) {
      const v = p.rowIdx[t]!;
      const c = column(v);
      if (c === undefined) constant += p.rowCoef[t]! * held(v);
      else {
        indices.push(c);
        values.push(p.rowCoef[t]!);
      }
    }
    starts.push(indices.length);
    rowLower.push(bound(p.rowLo[r]! - constant));
    rowUpper.push(bound(p.rowHi[r]! - constant));
  }
  return { starts, indices, values, rowLower, rowUpper };
}

const allRows = (p: ComponentProblem) => Array.from({ length: p.rowLo.length }, (_, i) => i);

export class ComponentLp {
  private readonly model: Model;
  private costCols: number[] = [];
  readonly numBase: number;
  private readonly numBaseRows: number;
  private readonly numExtra: number;
  solves = 0;

  constructor(
    private readonly highs: Highs,
    p: ComponentProblem,
    private readonly describe: () => string,
    o: BuildOptions = {},
  ) {
    this.numBase = p.vars.length;
    this.numBaseRows = p.rowLo.length;
    this.numExtra = o.extra?.objectives.length ?? 0;
    const clamp = infinities(highs);
    const rec = (x: number) => (o.recession && Number.isFinite(x) ? 0 : clamp(x));
    const { starts, indices, values, rowLower, rowUpper } = csrRows(p, allRows(p), (v) => v, () => 0, rec);
    const colLower = Array.from(p.colLo, rec);
    const colUpper = Array.from(p.colHi, rec);
    const colCost = new Array<number>(this.numBase).fill(0);
    if (o.extra) {
      const e = o.extra;
      e.objectives.forEach((terms, j) => {
        const z = this.numBase + j;
        colLower.push(e.lo);
        colUpper.push(e.hi);
        colCost.push(1);
        for (const [v, c] of terms) {
          indices.push(v);
          values.push(-c);
        }
        indices.push(z);
        values.push(1);
        starts.push(indices.length);
        rowLower.push(-highs.infinity);
        rowUpper.push(clamp(e.rowHi[j]!));
      });
    }
    const numCols = colLower.length;
    const numRows = rowLower.length;
    this.model = highs.createModel({
      numCols,
      numRows,
      sense: o.extra ? highs.constants.objectiveSense.maximize : highs.constants.objectiveSense.minimize,
      colCost,
      colLower,
      colUpper,
      rowLower,
      rowUpper,
      matrix: { format: 'csr', numRows, numCols, starts, indices, values },
    });
    try {
      this.model.options.set({ output_flag: false, presolve: 'off' });
    } catch (e) {
      this.model.dispose();
      throw e;
    }
  }

  private strategy = 1;

  private run(): number {
    // The first solve has no basis to start from: presolve shrinks it; later
    // solves start from the last basis, which presolve would throw away.
    if (this.solves === 0) this.model.options.set({ presolve: 'on' });
    if (this.solves === 1) this.model.options.set({ presolve: 'off' });
    this.solves++;
    return this.model.run().modelStatus;
  }

  /**
   * Simplex variant for the next solve. A new objective leaves the last basis
   * primal feasible, so primal simplex (4) continues from it where dual simplex
   * would all but start over; changed bounds leave it dual feasible, so dual
   * simplex (1) does.
   */
  private use(strategy: 1 | 4): void {
    if (this.strategy !== strategy) {
      this.model.options.set({ simplex_strategy: strategy });
      this.strategy = strategy;
    }
  }

  private setObjective(terms: LocalTerms): void {
    for (const c of this.costCols) this.model.changeColCost(c, 0);
    const merged = new Map<number, number>();
    for (const [v, coef] of terms) merged.set(v, (merged.get(v) ?? 0) + coef);
    this.costCols = [...merged.keys()];
    for (const [c, coef] of merged) this.model.changeColCost(c, coef);
  }

  private solution(): Float64Array {
    return this.model.getSolution().colValue;
  }

  /**
   * Throws InfeasibleReleaseError (naming the component) when no assignment
   * satisfies it; else a feasible point, the minimum of `terms` when given.
   * Give terms bounded below where there are any: from a cold start HiGHS
   * finds the minimum of a real objective several times faster than a point
   * for the zero objective (3.2 s against 0.4 s on the demo's largest component).
   */
  feasiblePoint(terms: LocalTerms = []): Float64Array {
    this.setObjective(terms);
    this.model.changeObjectiveSense(this.highs.constants.objectiveSense.minimize);
    this.use(1);
    const status = this.run();
    const S = this.highs.constants.modelStatus;
    if (status === S.optimal || status === S.empty) return this.solution();
    if (terms.length > 0 && status === S.unbounded) return this.feasiblePoint([]);
    if (status === S.infeasible || status === S.unboundedOrInfeasible) {
      throw new InfeasibleReleaseError(
        `audit: no assignment satisfies the published values of ${this.describe()} (the release or the attacker model is wrong)`,
      );
    }
    throw new Error(`audit: HiGHS ended with model status ${status} on ${this.describe()}`);
  }

  /** Optimum of Σ coef·x (±Infinity when unbounded) and the optimal point (null when unbounded). */
  optimize(terms: LocalTerms, sense: 'min' | 'max'): { value: number; x: Float64Array | null } {
    this.setObjective(terms);
    const S = this.highs.constants.modelStatus;
    const senses = this.highs.constants.objectiveSense;
    this.model.changeObjectiveSense(sense === 'max' ? senses.maximize : senses.minimize);
    this.use(this.solves > 0 ? 4 : 1);
    const status = this.run();
    if (status === S.optimal) return { value: tidy(this.model.getObjectiveValue()), x: this.solution() };
    // feasibility was established first, so "unbounded or infeasible" is unbounded
    if (status === S.unbounded || status === S.unboundedOrInfeasible) {
      return { value: sense === 'max' ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY, x: null };
    }
    throw new Error(`audit: HiGHS ended with model status ${status} while bounding an objective of ${this.describe()}`);
  }

  /** Bulk models: maximise Σ z; the point and the z values. */
  maximizeExtra(): { x: Float64Array; z: Float64Array } {
    this.use(1);
    const status = this.run();
    if (status !== this.highs.constants.modelStatus.optimal) throw new Error(`audit: HiGHS ended with model status ${status} on a bulk model of ${this.describe()}`);
    const all = this.solution();
    return { x: all.subarray(0, this.numBase), z: all.subarray(this.numBase) };
  }

  /** Caps extra column j (e.g. at 0 once its objective is settled). */
  capExtra(j: number, hi: number): void {
    this.model.changeColBounds(this.numBase + j, 0, hi);
  }

  /**
   * Objective j alone: z_j ≤ hi and z_j − objective_j ≤ rowHi; every other
   * extra column held at 0 and its row dropped (so it restricts nothing).
   */
  onlyExtra(j: number, hi: number, rowHi: number): void {
    const n = this.numExtra;
    const inf = this.highs.infinity;
    const colUpper = new Float64Array(n);
    colUpper[j] = hi;
    this.model.changeColsBounds({ kind: 'range', from: this.numBase, to: this.numBase + n - 1 }, new Float64Array(n), colUpper);
    const rowUpper = new Float64Array(n).fill(inf);
    rowUpper[j] = rowHi;
    this.model.changeRowsBounds({ kind: 'range', from: this.numBaseRows, to: this.numBaseRows + n - 1 }, new Float64Array(n).fill(-inf), rowUpper);
  }

  dispose(): void {
    this.model.dispose();
  }
}
