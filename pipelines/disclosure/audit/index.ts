// The independent disclosure audit (docs/privacy-model.md, "The attacker the
// audit plays"): reads the release file and nothing else, builds the linear
// program an attacker can write from everything published, and for every
// suppressed cell bounds each protected quantity (n; a and n − a for shares and
// people-numerator ratios). A quantity narrower than the protection level is a
// failure. Shares no code with the suppression step, beyond the public
// definitions both read (the metric catalog, the instruments and what they
// imply: pipelines/metrics/answer-classes.ts).
import { answerClasses } from '../../metrics/answer-classes';
import { metric as catalogMetric } from '../../metrics/catalog';
import { parseTableId } from '../../release/format';
import type { Bound } from './bounds';
import { getHighs, tidy, ComponentLp } from './lp';
import { AuditMemory } from './memory';
import { presolve, InfeasibleReleaseError, type Reduced } from './presolve';
import { componentProblem, fingerprint, type ComponentProblem } from './problem';
import { addPublished, type Target } from './published';
import { scoreRanges } from './quantities';
import { readRelease } from './read-release';
import { addBreakdownStructure, addKeyRelations, addTimeStructure, createVariables } from './structure';
import { LinearSystem } from './system';
import { buildUniverse } from './universe';
import { isFeasible } from './witness';
import { solveAll, solverFault, type SolveJob } from './workers';

export { AuditMemory };
export { InfeasibleReleaseError };

export interface AuditFinding {
  table_id: string;
  period: string;
  dimension_value: string;
  quantity: 'n' | 'a' | 'n_minus_a';
  min: number;
  max: number;
}

export interface AuditResult {
  protectionLevel: number;
  suppressedCells: number;
  quantitiesChecked: number;
  failures: AuditFinding[];
  /** All checked quantities, only when keepIntervals. */
  intervals: AuditFinding[];
  lpSolves: number;
  components: number;
  /** Rows and unknowns of the largest component the LP saw. */
  largestComponent: { rows: number; vars: number };
  /** Components answered from memory (identical to one an earlier audit of the run solved). */
  componentsFromMemory: number;
  seconds: number;
}

export interface AuditOptions {
  protectionLevel: number;
  keepIntervals?: boolean;
  /**
   * Kept across the audits of one release plan (memory.ts): identical
   * components are not solved again and earlier witnesses are offered as
   * seeds, each checked anew. Pass/fail mode only.
   */
  memory?: AuditMemory;
  /** Worker threads for the components (at most one per core); 1 solves on the calling thread. */
  threads?: number;
  /** After each component: quantities settled so far of all, components done of all. */
  onProgress?: (p: AuditProgress) => void;
}

export interface AuditProgress {
  quantitiesSettled: number;
  quantities: number;
  componentsDone: number;
  components: number;
}

const TOLERANCE = 1e-6;

/**
 * A quantity pinned at exactly 0 tells what a published 0 would (nobody), and
 * the rules publish counts of 0. Not so the numerator or complement of a
 * sensitive measure: "none of them was satisfied" is the homogeneity the rules
 * suppress.
 */
function publishableZero(f: AuditFinding): boolean {
  if (f.min !== 0 || f.max !== 0) return false;
  return f.quantity === 'n' || !catalogMetric(parseTableId(f.table_id).metric).sensitive;
}

export async function auditRelease(releasePath: string, options: AuditOptions): Promise<AuditResult> {
  const t0 = performance.now();
  if (!(options.protectionLevel >= 0)) throw new Error(`audit: protection level ${options.protectionLevel}`);
  const release = await readRelease(releasePath);
  const u = buildUniverse(release);
  const sys = new LinearSystem();
  createVariables(sys, u);
  const { targets, suppressedCells } = addPublished(sys, u);
  addKeyRelations(sys, u, scoreRanges(release.instruments), answerClasses(release.instruments));
  addBreakdownStructure(sys, u);
  addTimeStructure(sys, u);
  const red = presolve(sys);
  const exact = options.keepIntervals ?? false;
  const memory = exact ? undefined : options.memory;
  memory?.begin(sys, red);

  const plans = planTargets(targets, red);
  const objectivesByComp = objectivesOf(plans, sys);
  const highs = await getHighs();
  const ranges = new Map<string, Bound>(); // `${comp}|${key}` → bound
  let lpSolves = 0;

  const quantities = plans.length;
  let settledParts = 0;
  const partsOfComp = new Map<number, number>();
  for (const p of plans) for (const part of p.parts) partsOfComp.set(part.comp, (partsOfComp.get(part.comp) ?? 0) + 1);
  const totalParts = [...partsOfComp.values()].reduce((a, b) => a + b, 0);
  let componentsDone = 0;
  const progress = (comp: number) => {
    settledParts += partsOfComp.get(comp) ?? 0;
    componentsDone++;
    options.onProgress?.({
      quantitiesSettled: Math.round((quantities * settledParts) / Math.max(1, totalParts)),
      quantities,
      componentsDone,
      components: objectivesByComp.size,
    });
  };

  options.onProgress?.({ quantitiesSettled: 0, quantities, componentsDone: 0, components: objectivesByComp.size });
  const jobs: (SolveJob & { comp: number; keys: string[]; print: string })[] = [];
  for (const [comp, objectives] of objectivesByComp) {
    const c = red.components[comp]!;
    const keys = [...objectives.keys()];
    if (c.rows.length === 0) {
      for (const key of keys) ranges.set(`${comp}|${key}`, loneRange(objectives.get(key)!.terms, red));
      progress(comp);
      continue;
    }
    const problem = componentProblem(sys, red, c, keys.map((k) => objectives.get(k)!));
    const print = memory ? fingerprint(problem, options.protectionLevel, exact) : '';
    const known = memory?.answer(print);
    if (known) {
      memory!.carry(print, problem, known);
      keys.forEach((k, i) => ranges.set(`${comp}|${k}`, known[i]!));
      progress(comp);
      continue;
    }
    jobs.push({ comp, keys, print, problem, description: describeComponent(sys, red, comp), seeds: memory?.seeds(problem) ?? [] });
  }
  await solveAll(highs, jobs, { protectionLevel: options.protectionLevel, exact, threads: options.threads ?? 1 }, (i, answer) => {
    const job = jobs[i]!;
    lpSolves += answer.stats.solves;
    memory?.record(job.print, job.problem, answer.bounds, answer.witnesses);
    job.keys.forEach((k, n) => ranges.set(`${job.comp}|${k}`, answer.bounds[n]!));
    progress(job.comp);
  });

  try {
    lpSolves += checkUntouched(highs, sys, red, objectivesByComp, memory);
  } catch (e) {
    const untouched = red.components.filter((c, i) => c.rows.length > 0 && !objectivesByComp.has(i));
    const size = (k: 'rows' | 'vars') => untouched.reduce((n, c) => n + c[k].length, 0);
    throw solverFault(`the ${untouched.length} components no suppressed value touches (checked for feasibility)`, size('rows'), size('vars'), e);
  }
  memory?.end();

  const failures: AuditFinding[] = [];
  const intervals: AuditFinding[] = [];
  for (const p of plans) {
    let min = p.constant;
    let max = p.constant;
    for (const part of p.parts) {
      const b = ranges.get(`${part.comp}|${part.key}`)!;
      min += b.min;
      max += b.max;
    }
    const f: AuditFinding = {
      table_id: p.target.table_id,
      period: p.target.period,
      dimension_value: p.target.dimension_value,
      quantity: p.target.quantity,
      min: tidy(min),
      max: tidy(max),
    };
    if (options.keepIntervals) intervals.push(f);
    if (!(f.max - f.min >= options.protectionLevel - TOLERANCE) && !publishableZero(f)) failures.push(f);
  }

  if (process.env.AUDIT_DEBUG) console.error(`audit done in ${((performance.now() - t0) / 1000).toFixed(2)} s, ${lpSolves} solves, ${failures.length} failures, ${memory?.hits ?? 0} components from memory, CPU ${(process.cpuUsage().user / 1e6).toFixed(1)} s so far`);
  return {
    protectionLevel: options.protectionLevel,
    suppressedCells,
    quantitiesChecked: plans.length,
    failures,
    intervals,
    lpSolves,
    components: red.components.filter((c) => c.rows.length > 0).length,
    largestComponent: red.components.reduce((m, c) => (c.rows.length > m.rows ? { rows: c.rows.length, vars: c.vars.length } : m), { rows: 0, vars: 0 }),
    componentsFromMemory: memory?.hits ?? 0,
    seconds: (performance.now() - t0) / 1000,
  };
}

interface Plan {
  target: Target;
  constant: number;
  parts: { comp: number; terms: [number, number][]; key: string }[];
  whole: boolean;
}

/** Each target: a constant plus, per component, a part to bound. */
function planTargets(targets: readonly Target[], red: Reduced): Plan[] {
  return targets.map((t) => {
    let constant = 0;
    const byComp = new Map<number, [number, number][]>();
    for (const [v, c] of t.terms) {
      if (red.fixed[v]) constant += c * red.lo[v]!;
      else {
        const comp = red.comp[v]!;
        let l = byComp.get(comp);
        if (!l) byComp.set(comp, (l = []));
        l.push([v, c]);
      }
    }
    // a whole protected quantity is ≥ 0: with its constant, its only part is too
    const whole = byComp.size === 1;
    const parts = [...byComp].map(([comp, terms]) => ({
      comp,
      terms,
      key: terms.map(([v, c]) => `${v}:${c}`).sort().join(',') + (whole ? `|${constant}` : '|'),
    }));
    return { target: t, constant, parts, whole };
  });
}

interface Objective {
  terms: [number, number][];
  nonnegWithOffset?: number;
}

/**
 * The distinct objectives of each component, nearby ones (period, breakdown,
 * value) next to each other: consecutive solves then start from nearby bases.
 */
function objectivesOf(plans: readonly Plan[], sys: LinearSystem): Map<number, Map<string, Objective>> {
  const byComp = new Map<number, Map<string, Objective>>();
  for (const p of plans) {
    for (const part of p.parts) {
      let m = byComp.get(part.comp);
      if (!m) byComp.set(part.comp, (m = new Map()));
      if (!m.has(part.key)) m.set(part.key, { terms: part.terms, ...(p.whole ? { nonnegWithOffset: p.constant } : {}) });
    }
  }
  const place = (o: Objective) => {
    const v = sys.vars[o.terms[0]![0]]!;
    return `${v.period}\u0001${v.dimension}\u0001${v.value}`;
  };
  for (const [comp, m] of byComp) {
    byComp.set(comp, new Map([...m].sort(([, a], [, b]) => place(a).localeCompare(place(b)))));
  }
  return byComp;
}

/** A lone unknown: its bounds are the answer. */
function loneRange(terms: readonly (readonly [number, number])[], red: Reduced): Bound {
  let min = 0;
  let max = 0;
  for (const [v, coef] of terms) {
    min += coef > 0 ? coef * red.lo[v]! : coef * red.hi[v]!;
    max += coef > 0 ? coef * red.hi[v]! : coef * red.lo[v]!;
  }
  return { how: 'exact', min: tidy(min), max: tidy(max) };
}

function describeComponent(sys: LinearSystem, red: Reduced, comp: number): string {
  const c = red.components[comp]!;
  const isCell = (w: string) => w.startsWith('cell ') || w.startsWith('absent cell ');
  const whys = new Set<string>();
  for (const ri of c.rows) {
    const r = sys.rows[ri]!;
    if (isCell(r.why)) whys.add(r.why);
    // cells that fixed the constants this component's rows use
    for (const v of r.idx) if (red.fixed[v] && red.reason[v]! >= 0 && isCell(sys.rows[red.reason[v]!]!.why)) whys.add(sys.rows[red.reason[v]!]!.why);
  }
  const named = whys.size > 0 ? [...whys] : c.vars.map((v) => sys.describe(v));
  return `the component of ${named.slice(0, 6).join('; ')}${named.length > 6 ? `; … (${named.length} in all)` : ''}`;
}

/**
 * Components no suppressed cell touches must still be satisfiable. A point
 * from memory that the checker accepts shows it; the rest go into one model,
 * and only if that is infeasible, one model each, to name the culprit.
 * Returns the LP solves spent.
 */
function checkUntouched(
  highs: Awaited<ReturnType<typeof getHighs>>,
  sys: LinearSystem,
  red: Reduced,
  touched: ReadonlyMap<number, unknown>,
  memory: AuditMemory | undefined,
): number {
  const rest: ComponentProblem[] = [];
  const restIds: number[] = [];
  red.components.forEach((c, i) => {
    if (touched.has(i) || c.rows.length === 0) return;
    const problem = componentProblem(sys, red, c, []);
    const seed = memory?.seeds(problem)[0];
    if (seed && isFeasible(problem, seed)) {
      memory!.keepPoints(problem, [seed]);
      return;
    }
    rest.push(problem);
    restIds.push(i);
  });
  if (rest.length === 0) return 0;
  let solves = 0;
  const all = componentProblem(sys, red, { vars: restIds.flatMap((i) => red.components[i]!.vars), rows: restIds.flatMap((i) => red.components[i]!.rows) }, []);
  const lp = new ComponentLp(highs, all, () => 'all components');
  let infeasible = false;
  try {
    const x = lp.feasiblePoint();
    if (isFeasible(all, x)) memory?.keepPoints(all, [x]);
  } catch (e) {
    if (!(e instanceof InfeasibleReleaseError)) throw e;
    infeasible = true;
  } finally {
    solves += lp.solves;
    lp.dispose();
  }
  if (infeasible) {
    rest.forEach((problem, k) => {
      const one = new ComponentLp(highs, problem, () => describeComponent(sys, red, restIds[k]!));
      try {
        one.feasiblePoint();
      } finally {
        solves += one.solves;
        one.dispose();
      }
    });
    throw new InfeasibleReleaseError('audit: the published values contradict each other, but no single component shows it (numerical trouble)');
  }
  return solves;
}
