// Before any LP: quantities a published value fixes become constants, and a
// row left with one unknown becomes that unknown's bounds (which may fix it in
// turn: a margin minus all but one released cell). What remains splits into
// connected components (union-find over rows), one LP model each.
import type { LinearSystem } from './system';

export class InfeasibleReleaseError extends Error {
  override name = 'InfeasibleReleaseError';
}

export interface Reduced {
  lo: Float64Array;
  hi: Float64Array;
  fixed: Uint8Array;
  /** The row that fixed each fixed variable (−1 otherwise), to explain contradictions. */
  reason: Int32Array;
  /** Component of each free variable (−1 when fixed). */
  comp: Int32Array;
  components: { vars: number[]; rows: number[] }[];
}

const relTol = (...xs: number[]) => 1e-6 * Math.max(1, ...xs.filter(Number.isFinite).map(Math.abs));

function snap(x: number): number {
  const r = Math.round(x);
  return Math.abs(x - r) <= 1e-9 * Math.max(1, Math.abs(x)) ? r : x;
}

export function presolve(sys: LinearSystem): Reduced {
  const nv = sys.vars.length;
  const lo = Float64Array.from(sys.lo);
  const hi = Float64Array.from(sys.hi);
  const fixed = new Uint8Array(nv);
  const reason = new Int32Array(nv).fill(-1);
  const rows = sys.rows;

  // variable → rows
  const count = new Int32Array(nv + 1);
  for (const r of rows) for (const i of r.idx) count[i + 1]!++;
  for (let i = 0; i < nv; i++) count[i + 1]! += count[i]!;
  const start = Int32Array.from(count);
  const rowsOf = new Int32Array(count[nv]!);
  const fill = Int32Array.from(count.subarray(0, nv));
  rows.forEach((r, ri) => {
    for (const i of r.idx) rowsOf[fill[i]!++] = ri;
  });

  const explain = (ri: number, detail: string): never => {
    const r = rows[ri]!;
    const vars = r.idx.slice(0, 6).map((i) => {
      const why = reason[i]! >= 0 ? ` (${rows[reason[i]!]!.why})` : '';
      return `${sys.describe(i)}${fixed[i] ? ` = ${lo[i]}` : ` ∈ [${lo[i]}, ${hi[i]}]`}${why}`;
    });
    throw new InfeasibleReleaseError(
      `audit: the published values contradict each other (the release or the attacker model is wrong): ${detail}; ` +
        `constraint "${r.why}" on ${vars.join(', ')}${r.idx.length > 6 ? ', …' : ''}`,
    );
  };

  const done = new Uint8Array(rows.length);
  const queue: number[] = rows.map((_, i) => i);
  const queued = new Uint8Array(rows.length).fill(1);
  while (queue.length > 0) {
    const ri = queue.pop()!;
    queued[ri] = 0;
    if (done[ri]) continue;
    const r = rows[ri]!;
    let k = 0;
    let free = -1;
    let freeCoef = 0;
    let nFree = 0;
    for (let t = 0; t < r.idx.length; t++) {
      const i = r.idx[t]!;
      if (fixed[i]) k += r.coef[t]! * lo[i]!;
      else {
        nFree++;
        free = i;
        freeCoef = r.coef[t]!;
      }
    }
    if (nFree >= 2) continue;
    done[ri] = 1;
    if (nFree === 0) {
      const tol = relTol(k, r.lo, r.hi);
      if (k < r.lo - tol || k > r.hi + tol) explain(ri, `it needs ${r.lo} ≤ ${k} ≤ ${r.hi}`);
      continue;
    }
    const c = freeCoef;
    let newLo = c > 0 ? (r.lo - k) / c : (r.hi - k) / c;
    let newHi = c > 0 ? (r.hi - k) / c : (r.lo - k) / c;
    if (Number.isNaN(newLo)) newLo = Number.NEGATIVE_INFINITY;
    if (Number.isNaN(newHi)) newHi = Number.POSITIVE_INFINITY;
    const j = free;
    const l = Math.max(lo[j]!, newLo);
    const h = Math.min(hi[j]!, newHi);
    if (l > h) {
      if (l - h > relTol(l, h)) explain(ri, `${sys.describe(j)} would need ${l} ≤ x ≤ ${h}`);
      lo[j] = hi[j] = snap((l + h) / 2);
    } else {
      lo[j] = l;
      hi[j] = h;
    }
    if (Number.isFinite(lo[j]!) && Number.isFinite(hi[j]!) && hi[j]! - lo[j]! <= 1e-9 * Math.max(1, Math.abs(lo[j]!))) {
      lo[j] = hi[j] = snap((lo[j]! + hi[j]!) / 2);
      fixed[j] = 1;
      reason[j] = ri;
      for (let t = start[j]!; t < start[j + 1]!; t++) {
        const rr = rowsOf[t]!;
        if (!done[rr] && !queued[rr]) {
          queued[rr] = 1;
          queue.push(rr);
        }
      }
    }
  }

  // union-find over the rows still holding two or more unknowns
  const parent = new Int32Array(nv);
  for (let i = 0; i < nv; i++) parent[i] = i;
  const findRoot = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]!]!;
      i = parent[i]!;
    }
    return i;
  };
  const live: number[] = [];
  rows.forEach((r, ri) => {
    if (done[ri]) return;
    live.push(ri);
    let first = -1;
    for (const i of r.idx) {
      if (fixed[i]) continue;
      if (first < 0) first = findRoot(i);
      else {
        const b = findRoot(i);
        if (b !== first) parent[b] = first;
      }
    }
  });
  const comp = new Int32Array(nv).fill(-1);
  const components: { vars: number[]; rows: number[] }[] = [];
  const rootComp = new Map<number, number>();
  for (let i = 0; i < nv; i++) {
    if (fixed[i]) continue;
    const root = findRoot(i);
    let c = rootComp.get(root);
    if (c === undefined) {
      c = components.length;
      rootComp.set(root, c);
      components.push({ vars: [], rows: [] });
    }
    comp[i] = c;
    components[c]!.vars.push(i);
  }
  for (const ri of live) {
    const i = rows[ri]!.idx.find((x) => !fixed[x])!;
    components[comp[i]!]!.rows.push(ri);
  }
  return { lo, hi, fixed, reason, comp, components };
}
