// The witness checker: what turns points into a verdict. A protected quantity
// passes when two points, each satisfying every row and bound of its
// component, give it values at least p apart: the attacker cannot tell which
// of the two is the truth, so no interval they can derive is narrower. The
// points may come from anywhere (an LP solve, a local push, an earlier audit
// of a release that differed elsewhere): this check alone decides whether
// they count, in O(rows) per point, with no solver involved.
import { numRows, termsValue, type ComponentProblem, type LocalTerms } from './problem';

/** Relative slack allowed on a row or bound: the solver's own feasibility tolerance, scaled to the row's magnitude. */
export const FEASIBILITY_TOLERANCE = 1e-6;
/** Slack on the width of a pass: p − this is still p. */
export const PASS_TOLERANCE = 1e-7;

const slack = (magnitude: number) => FEASIBILITY_TOLERANCE * Math.max(1, magnitude);

/** The first row or bound the point breaks, in words; null when it satisfies them all. */
export function violation(p: ComponentProblem, x: ArrayLike<number>): string | null {
  if (x.length !== p.vars.length) return `the point has ${x.length} values for ${p.vars.length} unknowns`;
  for (let j = 0; j < p.vars.length; j++) {
    const v = x[j]!;
    if (!Number.isFinite(v)) return `unknown ${j} is ${v}`;
    if (v < p.colLo[j]! - slack(Math.abs(v)) || v > p.colHi[j]! + slack(Math.abs(v))) {
      return `unknown ${j} = ${v} lies outside [${p.colLo[j]}, ${p.colHi[j]}]`;
    }
  }
  const rows = numRows(p);
  for (let r = 0; r < rows; r++) {
    const s = rowValueIfBroken(p, x, r);
    if (s !== null) return `row ${r} (system row ${p.rowOrigin[r]}) = ${s} lies outside [${p.rowLo[r]}, ${p.rowHi[r]}]`;
  }
  return null;
}

/** Every row the point breaks (bounds aside): where a repair has to look. */
export function brokenRows(p: ComponentProblem, x: ArrayLike<number>): number[] {
  const out: number[] = [];
  const rows = numRows(p);
  for (let r = 0; r < rows; r++) if (rowValueIfBroken(p, x, r) !== null) out.push(r);
  return out;
}

/** Row r's value at the point when it lies outside the row's bounds (beyond the tolerance); null when the row holds. */
function rowValueIfBroken(p: ComponentProblem, x: ArrayLike<number>, r: number): number | null {
  let s = 0;
  let magnitude = 0;
  for (let t = p.rowStart[r]!; t < p.rowStart[r + 1]!; t++) {
    const term = p.rowCoef[t]! * x[p.rowIdx[t]!]!;
    s += term;
    magnitude += Math.abs(term);
  }
  const tol = slack(Math.max(magnitude, Math.abs(s)));
  return s < p.rowLo[r]! - tol || s > p.rowHi[r]! + tol ? s : null;
}

export const isFeasible = (p: ComponentProblem, x: ArrayLike<number>): boolean => violation(p, x) === null;

/**
 * A pass certificate: both points feasible and the objective at least
 * `level` apart between them. Returns the two values (low first) or null.
 */
export function certifyPass(
  p: ComponentProblem,
  objective: LocalTerms,
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  level: number,
): { min: number; max: number } | null {
  const va = termsValue(objective, a);
  const vb = termsValue(objective, b);
  if (!(Math.abs(va - vb) >= level - PASS_TOLERANCE)) return null;
  if (!isFeasible(p, a) || !isFeasible(p, b)) return null;
  return { min: Math.min(va, vb), max: Math.max(va, vb) };
}
