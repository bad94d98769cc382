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
import { csrRows, infinities, type Terms } from './lp';
import type { Reduced } from './presolve';
import type { LinearSystem } from './system';

/**
 * Sizes of the neighbourhoods tried, smallest first: most quantities move
 * within a few hundred unknowns; some need a few thousand (a yearly count held
 * by its months, each held by its programs), still far cheaper than the whole
 * component of a large program.
 */
export const NEIGHBOURHOOD_SIZES = [300, 3000] as const;

export class LocalPusher {
  private readonly rowsOf = new Map<number, number[]>();
  solves = 0;

  constructor(
    private readonly highs: Highs,
    private readonly sys: LinearSystem,
    private readonly red: Reduced,
    rows: readonly number[],
    /** Column of a component unknown in the points this pusher is handed. */
    private readonly column: (v: number) => number,
  ) {
    for (const ri of rows) {
      for (const v of sys.rows[ri]!.idx) {
        if (red.fixed[v]) continue;
        let l = this.rowsOf.get(v);
        if (!l) this.rowsOf.set(v, (l = []));
        l.push(ri);
      }
    }
  }

  /** The objective's unknowns and their nearest neighbours (breadth first), at most maxVars. */
  neighbourhood(terms: Terms, maxVars: number): number[] {
    const seen = new Set<number>(terms.map(([v]) => v));
    const rowSeen = new Set<number>();
    const queue = [...seen];
    for (let head = 0; head < queue.length && seen.size < maxVars; head++) {
      for (const ri of this.rowsOf.get(queue[head]!) ?? []) {
        if (rowSeen.has(ri)) continue;
        rowSeen.add(ri);
        for (const w of this.sys.rows[ri]!.idx) {
          if (seen.size >= maxVars) break;
          if (!this.red.fixed[w] && !seen.has(w)) {
            seen.add(w);
            queue.push(w);
          }
        }
      }
    }
    return [...seen];
  }

  /** A model over `inner` and every row that touches it (see `push` and `relax`). */
  private model(terms: Terms, inner: readonly number[], held?: Float64Array) {
    const rows = new Set<number>();
    for (const v of inner) for (const ri of this.rowsOf.get(v) ?? []) rows.add(ri);
    const vars = [...inner];
    const local = new Map<number, number>();
    vars.forEach((v, i) => local.set(v, i));
    if (!held) {
      for (const ri of rows) {
        for (const v of this.sys.rows[ri]!.idx) {
          if (!this.red.fixed[v] && !local.has(v)) {
            local.set(v, vars.length);
            vars.push(v);
          }
        }
      }
    }
    const clamp = infinities(this.highs);
    const { starts, indices, values, rowLower, rowUpper } = csrRows(
      this.sys,
      rows,
      (v) => local.get(v),
      (v) => (this.red.fixed[v] ? this.red.lo[v]! : held![this.column(v)]!),
      clamp,
    );
    const colCost = new Array<number>(vars.length).fill(0);
    for (const [v, c] of terms) colCost[local.get(v)!]! += c;
    const numRows = rowLower.length;
    const model = this.highs.createModel({
      numCols: vars.length,
      numRows,
      sense: this.highs.constants.objectiveSense.maximize,
      colCost,
      colLower: vars.map((v) => clamp(this.red.lo[v]!)),
      colUpper: vars.map((v) => clamp(this.red.hi[v]!)),
      rowLower,
      rowUpper,
      matrix: { format: 'csr', numRows, numCols: vars.length, starts, indices, values },
    });
    try {
      model.options.set({ output_flag: false, presolve: 'off' });
    } catch (e) {
      model.dispose();
      throw e;
    }
    return { model, vars };
  }

  private solve(model: ReturnType<LocalPusher['model']>['model'], sense: 'max' | 'min'): boolean {
    const senses = this.highs.constants.objectiveSense;
    model.changeObjectiveSense(sense === 'max' ? senses.maximize : senses.minimize);
    this.solves++;
    return model.run().modelStatus === this.highs.constants.modelStatus.optimal;
  }

  /**
   * A restriction: the objective maximised, then (unless `settled()`)
   * minimised with only `inner` free and every other unknown held at `x` (a
   * feasible point of the component). Each optimum, `x` with `inner`
   * replaced, is a feasible point of the component and goes to `see`.
   */
  push(terms: Terms, inner: readonly number[], x: Float64Array, see: (point: Float64Array) => void, settled: () => boolean): void {
    const { model, vars } = this.model(terms, inner, x);
    try {
      for (const sense of ['max', 'min'] as const) {
        if (settled()) return;
        // an unbounded local direction is no point; the whole-component pushes settle such objectives
        if (!this.solve(model, sense)) continue;
        const y = model.getSolution().colValue;
        const point = Float64Array.from(x);
        vars.forEach((v, i) => (point[this.column(v)] = y[i]!));
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
  relax(terms: Terms, inner: readonly number[]): { min: number; max: number } {
    const { model } = this.model(terms, inner);
    try {
      const max = this.solve(model, 'max') ? model.getObjectiveValue() : Number.POSITIVE_INFINITY;
      const min = Number.isFinite(max) && this.solve(model, 'min') ? model.getObjectiveValue() : Number.NEGATIVE_INFINITY;
      return { min, max };
    } finally {
      model.dispose();
    }
  }
}
