// Local pushes (pass/fail mode): move only the unknowns near an objective and
// hold every other unknown of the component at a feasible point. Each row that
// touches a moved unknown is in the small model, the others keep their values,
// so every optimum of the small model is a feasible point of the whole
// component: a sound "seen point". Most protected quantities reach p above
// their floor (or below their ceiling) within a few hundred nearby unknowns,
// in milliseconds where a push over a component of ten thousand rows takes a
// second. A quantity the small model cannot move far enough goes on to the
// targeted pushes over the whole component, which also make failures exact.
import type { Highs } from 'highs';
import { csrRows, infinities } from './lp';
import type { ComponentProblem, LocalTerms } from './problem';

/**
 * Sizes of the neighbourhoods tried, smallest first: most quantities move
 * within a few hundred unknowns; some need a few thousand (a yearly count held
 * by its months, each held by its programs), still far cheaper than the whole
 * component of a large program.
 */
export const NEIGHBOURHOOD_SIZES = [300, 3000] as const;

export class LocalPusher {
  /** Rows of each unknown, CSR. */
  private readonly rowsStart: Int32Array;
  private readonly rowsOf: Int32Array;
  solves = 0;

  constructor(
    private readonly highs: Highs,
    private readonly p: ComponentProblem,
  ) {
    const n = p.vars.length;
    const count = new Int32Array(n + 1);
    for (let t = 0; t < p.rowIdx.length; t++) count[p.rowIdx[t]! + 1]!++;
    for (let i = 0; i < n; i++) count[i + 1]! += count[i]!;
    this.rowsStart = Int32Array.from(count);
    this.rowsOf = new Int32Array(count[n]!);
    const fill = Int32Array.from(count.subarray(0, n));
    for (let r = 0; r < p.rowLo.length; r++) {
      for (let t = p.rowStart[r]!; t < p.rowStart[r + 1]!; t++) this.rowsOf[fill[p.rowIdx[t]!]!++] = r;
    }
  }

  private *rowsOfVar(v: number): Iterable<number> {
    for (let t = this.rowsStart[v]!; t < this.rowsStart[v + 1]!; t++) yield this.rowsOf[t]!;
  }

  /** The objective's unknowns and their nearest neighbours (breadth first), at most maxVars. */
  neighbourhood(terms: LocalTerms, maxVars: number): number[] {
    const p = this.p;
    const seen = new Set<number>(terms.map(([v]) => v));
    const rowSeen = new Set<number>();
    const queue = [...seen];
    for (let head = 0; head < queue.length && seen.size < maxVars; head++) {
      for (const r of this.rowsOfVar(queue[head]!)) {
        if (rowSeen.has(r)) continue;
        rowSeen.add(r);
        for (let t = p.rowStart[r]!; t < p.rowStart[r + 1]!; t++) {
          if (seen.size >= maxVars) break;
          const w = p.rowIdx[t]!;
          if (!seen.has(w)) {
            seen.add(w);
            queue.push(w);
          }
        }
      }
    }
    return [...seen];
  }

  /**
   * A point that breaks a few rows (an earlier audit's witness, after cells
   * were released) made to meet them again: the unknowns of those rows and
   * their neighbours move, every other unknown keeps its value, so the
   * objectives far from the released cells keep what the point showed.
   * Unchecked: the caller hands the result to the witness checker.
   */
  repair(x: Float64Array, broken: readonly number[], maxVars: number): Float64Array | null {
    const p = this.p;
    const start: [number, number][] = [];
    for (const r of broken) for (let t = p.rowStart[r]!; t < p.rowStart[r + 1]!; t++) start.push([p.rowIdx[t]!, 1]);
    const inner = this.neighbourhood(start, Math.max(maxVars, new Set(start.map(([v]) => v)).size));
    const { model, vars } = this.model([], inner, x);
    try {
      if (!this.solve(model, 'max', true)) return null;
      const y = model.getSolution().colValue;
      const point = Float64Array.from(x);
      vars.forEach((v, i) => (point[v] = y[i]!));
      return point;
    } finally {
      model.dispose();
    }
  }

  /** A model over `inner` and every row that touches it (see `push` and `relax`). */
  private model(terms: LocalTerms, inner: readonly number[], held?: Float64Array) {
    const p = this.p;
    const rows = new Set<number>();
    for (const v of inner) for (const r of this.rowsOfVar(v)) rows.add(r);
    const vars = [...inner];
    const local = new Map<number, number>();
    vars.forEach((v, i) => local.set(v, i));
    if (!held) {
      for (const r of rows) {
        for (let t = p.rowStart[r]!; t < p.rowStart[r + 1]!; t++) {
          const v = p.rowIdx[t]!;
          if (!local.has(v)) {
            local.set(v, vars.length);
            vars.push(v);
          }
        }
      }
    }
    const clamp = infinities(this.highs);
    const { starts, indices, values, rowLower, rowUpper } = csrRows(p, rows, (v) => local.get(v), (v) => held![v]!, clamp);
    const colCost = new Array<number>(vars.length).fill(0);
    for (const [v, c] of terms) colCost[local.get(v)!]! += c;
    const numRows = rowLower.length;
    const model = this.highs.createModel({
      numCols: vars.length,
      numRows,
      sense: this.highs.constants.objectiveSense.maximize,
      colCost,
      colLower: vars.map((v) => clamp(p.colLo[v]!)),
      colUpper: vars.map((v) => clamp(p.colHi[v]!)),
      rowLower,
      rowUpper,
      matrix: { format: 'csr', numRows, numCols: vars.length, starts, indices, values },
    });
    try {
      model.options.set({ output_flag: false });
    } catch (e) {
      model.dispose();
      throw e;
    }
    return { model, vars };
  }
  /**
   * A model's first solve starts cold, where presolve pays (about half the time
   * on neighbourhoods of thousands); a second starts from the first's basis,
   * which presolve would throw away.
   */
  private solve(model: ReturnType<LocalPusher['model']>['model'], sense: 'max' | 'min', first: boolean): boolean {
    const senses = this.highs.constants.objectiveSense;
    model.changeObjectiveSense(sense === 'max' ? senses.maximize : senses.minimize);
    model.options.set({ presolve: first ? 'on' : 'off' });
    this.solves++;
    try {
      return model.run().modelStatus === this.highs.constants.modelStatus.optimal;
    } catch {
      // a local model the solver gives up on proves nothing either way: the whole-component pushes decide
      return false;
    }
  }

  /**
   * A restriction: the objective maximised, then (unless `settled()`)
   * minimised with only `inner` free and every other unknown held at `x` (a
   * feasible point of the component). Each optimum, `x` with `inner`
   * replaced, is a feasible point of the component and goes to `see`.
   */
  push(terms: LocalTerms, inner: readonly number[], x: Float64Array, see: (point: Float64Array) => void, settled: () => boolean): void {
    const { model, vars } = this.model(terms, inner, x);
    try {
      for (const sense of ['max', 'min'] as const) {
        if (settled()) return;
        // an unbounded local direction is no point; the whole-component pushes settle such objectives
        if (!this.solve(model, sense, sense === 'max')) continue;
        const y = model.getSolution().colValue;
        const point = Float64Array.from(x);
        vars.forEach((v, i) => (point[v] = y[i]!));
        see(point);
      }
    } finally {
      model.dispose();
    }
  }

  /**
   * A relaxation: bounds of the objective subject to the rows that touch
   * `inner` only, every unknown in them free; the component's range lies
   * inside. Infinite ends where the relaxation is unbounded (or the solver gives up).
   */
  relax(terms: LocalTerms, inner: readonly number[]): { min: number; max: number } {
    const { model } = this.model(terms, inner);
    try {
      const max = this.solve(model, 'max', true) ? model.getObjectiveValue() : Number.POSITIVE_INFINITY;
      const min = Number.isFinite(max) && this.solve(model, 'min', false) ? model.getObjectiveValue() : Number.NEGATIVE_INFINITY;
      return { min, max };
    } finally {
      model.dispose();
    }
  }
}
