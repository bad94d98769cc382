// One component of the attacker's system as a self-contained problem: its
// unknowns (numbered 0..n−1 here), their bounds, its rows with every fixed
// unknown already moved into the row bounds, and the objectives to bound.
// Everything the solver, the witness checker and the audit's memory need, in
// plain arrays, so a component can be solved, checked or fingerprinted without
// the system it came from (and sent to a worker thread as it is).
import { createHash } from 'node:crypto';
import type { Reduced } from './presolve';
import type { LinearSystem } from './system';

/** Σ coef·x over a problem's unknowns (local indices). */
export type LocalTerms = readonly (readonly [number, number])[];

export interface ProblemObjective {
  terms: LocalTerms;
  /** When set, offset + terms(x) ≥ 0 on every feasible point (a whole protected quantity). */
  nonnegWithOffset?: number;
}

export interface ComponentProblem {
  /** Global index of each local unknown (the system's numbering, stable across audits of one release plan). */
  vars: Int32Array;
  colLo: Float64Array;
  colHi: Float64Array;
  /** Rows in CSR form over local unknowns: rowLo ≤ Σ coef·x ≤ rowHi. */
  rowStart: Int32Array;
  rowIdx: Int32Array;
  rowCoef: Float64Array;
  rowLo: Float64Array;
  rowHi: Float64Array;
  /** The system row each row comes from (to say why a row holds). */
  rowOrigin: Int32Array;
  objectives: ProblemObjective[];
}

export function componentProblem(
  sys: LinearSystem,
  red: Reduced,
  comp: { vars: readonly number[]; rows: readonly number[] },
  objectives: readonly { terms: readonly (readonly [number, number])[]; nonnegWithOffset?: number }[],
): ComponentProblem {
  const local = new Map<number, number>();
  comp.vars.forEach((v, i) => local.set(v, i));
  const rowStart = new Int32Array(comp.rows.length + 1);
  const idx: number[] = [];
  const coef: number[] = [];
  const rowLo = new Float64Array(comp.rows.length);
  const rowHi = new Float64Array(comp.rows.length);
  comp.rows.forEach((ri, r) => {
    const row = sys.rows[ri]!;
    let constant = 0;
    for (let t = 0; t < row.idx.length; t++) {
      const v = row.idx[t]!;
      const c = local.get(v);
      if (c !== undefined) {
        idx.push(c);
        coef.push(row.coef[t]!);
      } else if (red.fixed[v]) {
        constant += row.coef[t]! * red.lo[v]!;
      } else {
        throw new Error(`audit: row "${row.why}" leaves its component (model bug)`);
      }
    }
    rowStart[r + 1] = idx.length;
    rowLo[r] = row.lo - constant;
    rowHi[r] = row.hi - constant;
  });
  const toLocal = (terms: readonly (readonly [number, number])[]): LocalTerms =>
    terms.map(([v, c]) => {
      const l = local.get(v);
      if (l === undefined) throw new Error(`audit: objective term ${sys.describe(v)} is not in its component (model bug)`);
      return [l, c] as const;
    });
  return {
    vars: Int32Array.from(comp.vars),
    colLo: Float64Array.from(comp.vars, (v) => red.lo[v]!),
    colHi: Float64Array.from(comp.vars, (v) => red.hi[v]!),
    rowStart,
    rowIdx: Int32Array.from(idx),
    rowCoef: Float64Array.from(coef),
    rowLo,
    rowHi,
    rowOrigin: Int32Array.from(comp.rows),
    objectives: objectives.map((o) => ({
      terms: toLocal(o.terms),
      ...(o.nonnegWithOffset !== undefined ? { nonnegWithOffset: o.nonnegWithOffset } : {}),
    })),
  };
}

export const numRows = (p: ComponentProblem): number => p.rowLo.length;

/** Σ coef·x for a point of the problem's unknowns. */
export function termsValue(terms: LocalTerms, x: ArrayLike<number>): number {
  let s = 0;
  for (const [v, c] of terms) s += c * x[v]!;
  return s;
}

/**
 * A digest of everything that decides the problem's answers: unknowns,
 * bounds, rows and objectives. Two problems with the same digest have the
 * same feasible set and objectives, hence the same bounds.
 */
export function fingerprint(p: ComponentProblem, protectionLevel: number, exact: boolean): string {
  const h = createHash('sha256');
  const bytes = (a: Int32Array | Float64Array) => h.update(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
  h.update(`p=${protectionLevel};exact=${exact};`);
  for (const a of [p.vars, p.colLo, p.colHi, p.rowStart, p.rowIdx, p.rowCoef, p.rowLo, p.rowHi]) {
    h.update(`|${a.length}|`);
    bytes(a);
  }
  for (const o of p.objectives) h.update(`o${o.nonnegWithOffset ?? 'x'}:${o.terms.map(([v, c]) => `${v}*${c}`).join(',')};`);
  return h.digest('hex');
}
