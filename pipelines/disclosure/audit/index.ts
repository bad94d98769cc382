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
import { boundComponent, type Bound, type Objective } from './bounds';
import { getHighs, tidy, ComponentLp } from './lp';
import { presolve, InfeasibleReleaseError } from './presolve';
import { addPublished, type Target } from './published';
import { scoreRanges } from './quantities';
import { readRelease } from './read-release';
import { addBreakdownStructure, addKeyRelations, addTimeStructure, createVariables } from './structure';
import { LinearSystem } from './system';
import { buildUniverse } from './universe';

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
  seconds: number;
}

export interface AuditOptions {
  protectionLevel: number;
  keepIntervals?: boolean;
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
  return f.quantity === 'n' || !catalogMetric(f.table_id.split(':')[0]!).sensitive;
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

  // Each target: a constant plus, per component, a part to bound.
  interface Part { comp: number; terms: [number, number][]; key: string }
  const plans = targets.map((t: Target) => {
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
    const parts: Part[] = [...byComp].map(([comp, terms]) => ({
      comp,
      terms,
      key: terms.map(([v, c]) => `${v}:${c}`).sort().join(',') + (whole ? `|${constant}` : '|'),
    }));
    return { target: t, constant, parts, whole };
  });

  const objectivesByComp = new Map<number, Map<string, Objective>>();
  for (const p of plans) {
    for (const part of p.parts) {
      let m = objectivesByComp.get(part.comp);
      if (!m) objectivesByComp.set(part.comp, (m = new Map()));
      if (!m.has(part.key)) m.set(part.key, { terms: part.terms, ...(p.whole ? { nonnegWithOffset: p.constant } : {}) });
    }
  }

  const highs = await getHighs();
  const ranges = new Map<string, Bound>(); // `${comp}|${key}` → bound
  let lpSolves = 0;
  const describeComponent = (comp: number) => {
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
  };

  for (const [comp, objectives] of objectivesByComp) {
    const c = red.components[comp]!;
    if (c.rows.length === 0) {
      // a lone unknown: its bounds are the answer
      for (const [key, { terms }] of objectives) {
        let min = 0;
        let max = 0;
        for (const [v, coef] of terms) {
          min += coef > 0 ? coef * red.lo[v]! : coef * red.hi[v]!;
          max += coef > 0 ? coef * red.hi[v]! : coef * red.lo[v]!;
        }
        ranges.set(`${comp}|${key}`, { how: 'exact', min: tidy(min), max: tidy(max) });
      }
      continue;
    }
    const keys = [...objectives.keys()];
    const { bounds, solves } = boundComponent(highs, sys, red, c, keys.map((k) => objectives.get(k)!), {
      protectionLevel: options.protectionLevel,
      exact: options.keepIntervals ?? false,
      describe: () => describeComponent(comp),
    });
    lpSolves += solves;
    keys.forEach((k, i) => ranges.set(`${comp}|${k}`, bounds[i]!));
  }

  // Components no suppressed cell touches must still be satisfiable: one model for all of them.
  const rest = red.components.map((_, i) => i).filter((i) => !objectivesByComp.has(i) && red.components[i]!.rows.length > 0);
  if (rest.length > 0) {
    const vars = rest.flatMap((i) => red.components[i]!.vars);
    const rows = rest.flatMap((i) => red.components[i]!.rows);
    const lp = new ComponentLp(highs, sys, red, vars, rows);
    let infeasible = false;
    try {
      lp.feasiblePoint(() => 'all components');
    } catch (e) {
      if (!(e instanceof InfeasibleReleaseError)) throw e;
      infeasible = true;
    } finally {
      lpSolves += lp.solves;
      lp.dispose();
    }
    if (infeasible) {
      for (const i of rest) {
        const one = new ComponentLp(highs, sys, red, red.components[i]!.vars, red.components[i]!.rows);
        try {
          one.feasiblePoint(() => describeComponent(i));
        } finally {
          lpSolves += one.solves;
          one.dispose();
        }
      }
      throw new InfeasibleReleaseError('audit: the published values contradict each other, but no single component shows it (numerical trouble)');
    }
  }

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

  return {
    protectionLevel: options.protectionLevel,
    suppressedCells,
    quantitiesChecked: plans.length,
    failures,
    intervals,
    lpSolves,
    components: red.components.filter((c) => c.rows.length > 0).length,
    seconds: (performance.now() - t0) / 1000,
  };
}
