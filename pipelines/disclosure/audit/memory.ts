// What one audit keeps for the next audit of the same release plan (the
// candidates of one pipeline run: each round of complements, each pruning
// step). Two things, neither taken on trust:
// - answers by fingerprint: a component whose unknowns, bounds, rows and
//   objectives are identical (problem.ts's digest) has the same answer, so it
//   is not solved again. These are facts about a problem, not about a run, so
//   every audit in the process shares them (a run of the same input again, a
//   second candidate of the same data);
// - points: the checked witnesses of the last audit, and one feasible point of
//   every component. A changed component is offered them as seeds; the
//   witness checker accepts only those that satisfy its rows now (more
//   suppression relaxes the rows, so every earlier pass carries over; a
//   released cell adds rows, which most points near it no longer meet).
// Memory is dropped when the system's unknowns differ (another release plan).
import { createHash } from 'node:crypto';
import type { Bound } from './bounds';
import type { ComponentProblem } from './problem';
import type { LinearSystem } from './system';

interface StoredPoint {
  vars: Int32Array;
  values: Float64Array;
}

const MAX_SEEDS = 600;
/** Answers kept for the process, oldest dropped first: a few kilobytes each. */
const MAX_ANSWERS = 20_000;
const ANSWERS = new Map<string, Bound[]>();

function remember(key: string, bounds: Bound[]): void {
  ANSWERS.delete(key);
  ANSWERS.set(key, bounds);
  if (ANSWERS.size > MAX_ANSWERS) ANSWERS.delete(ANSWERS.keys().next().value!);
}

export function unknownsDigest(sys: LinearSystem): string {
  const h = createHash('sha256');
  for (const v of sys.vars) h.update(`${v.q}\u0001${v.period}\u0001${v.dimension}\u0001${v.value}\u0002`);
  return h.digest('hex');
}

export class AuditMemory {
  private digest: string | undefined;
  /** Every unknown's value in one feasible point of the last audit (NaN: none). */
  private base: Float64Array | undefined;
  private nextBase: Float64Array | undefined;
  private points: StoredPoint[] = [];
  private nextPoints: StoredPoint[] = [];
  /** unknown → points that move it */
  private pointsOf = new Map<number, number[]>();
  hits = 0;

  /** Starts an audit of a system with these unknowns; forgets everything if they differ from the last one's. */
  begin(sys: LinearSystem, fixed: { fixed: Uint8Array; lo: Float64Array }): void {
    const digest = unknownsDigest(sys);
    if (digest !== this.digest) {
      this.digest = digest;
      this.base = undefined;
      this.points = [];
    }
    this.pointsOf = new Map();
    this.points.forEach((p, i) => {
      for (const v of p.vars) {
        let l = this.pointsOf.get(v);
        if (!l) this.pointsOf.set(v, (l = []));
        l.push(i);
      }
    });
    this.nextPoints = [];
    this.hits = 0;
    this.nextBase = new Float64Array(sys.vars.length).fill(Number.NaN);
    for (let v = 0; v < sys.vars.length; v++) if (fixed.fixed[v]) this.nextBase[v] = fixed.lo[v]!;
  }

  /** The bounds of an identical component in the last audit. */
  answer(fingerprint: string): Bound[] | undefined {
    const b = ANSWERS.get(`${this.digest}|${fingerprint}`);
    if (b) this.hits++;
    return b;
  }

  /**
   * Candidate points for a problem: each stored point that moves one of its
   * unknowns, completed from the last audit's base point. Unchecked.
   */
  seeds(problem: ComponentProblem): Float64Array[] {
    if (!this.base) return [];
    const ids = new Set<number>();
    for (const v of problem.vars) for (const i of this.pointsOf.get(v) ?? []) ids.add(i);
    const out: Float64Array[] = [];
    const fromBase = Float64Array.from(problem.vars, (v) => this.base![v]!);
    if (!fromBase.some(Number.isNaN)) out.push(fromBase);
    for (const i of ids) {
      if (out.length >= MAX_SEEDS) break;
      const p = this.points[i]!;
      const x = Float64Array.from(fromBase);
      const at = new Map<number, number>();
      p.vars.forEach((v, k) => at.set(v, p.values[k]!));
      let complete = true;
      problem.vars.forEach((v, k) => {
        const value = at.get(v);
        if (value !== undefined) x[k] = value;
        else if (Number.isNaN(x[k]!)) complete = false;
      });
      if (complete) out.push(x);
    }
    return out;
  }

  /** What this audit found for a component: its answer, its checked witnesses and one feasible point. */
  record(fingerprint: string, problem: ComponentProblem, bounds: Bound[], witnesses: readonly Float64Array[]): void {
    remember(`${this.digest}|${fingerprint}`, bounds);
    this.keepPoints(problem, witnesses);
  }

  /** Checked points of a component with nothing to bound (its feasible point), for the next audit's seeds. */
  keepPoints(problem: ComponentProblem, witnesses: readonly Float64Array[]): void {
    for (const w of witnesses) this.nextPoints.push({ vars: problem.vars, values: w });
    // the first point is the component's feasible point: the base seeds are completed from
    const first = witnesses[0];
    if (first) problem.vars.forEach((v, k) => (this.nextBase![v] = first[k]!));
  }

  /** A component answered from memory keeps its answer and points for the audit after. */
  carry(fingerprint: string, problem: ComponentProblem, bounds: Bound[]): void {
    remember(`${this.digest}|${fingerprint}`, bounds);
    const vars = new Set(problem.vars);
    const ids = new Set<number>();
    for (const v of problem.vars) for (const i of this.pointsOf.get(v) ?? []) ids.add(i);
    for (const i of ids) {
      const p = this.points[i]!;
      if (p.vars.every((v) => vars.has(v))) this.nextPoints.push(p);
    }
    if (this.base) for (const v of problem.vars) this.nextBase![v] = this.base[v]!;
  }

  /** The audit passed or failed as a whole: what it found becomes what the next one starts from. */
  end(): void {
    this.points = this.nextPoints;
    this.base = this.nextBase;
  }
}
