// An attacker's toolkit, written apart from the pipeline's audit: it reads a
// release file and tries to recover suppressed counts by differencing
// (margin − released parts, quarter − released months, program − released
// sites) and by a small LP per row. Tests assert that every attempt leaves
// every suppressed count at least p wide.
import loadHighs from 'highs';
import { instrument, type Instrument } from '../../pipelines/contract/instruments';
import { query } from './pipeline';

export interface ReleaseCell {
  table_id: string;
  metric: string;
  period_grain: string;
  period: string;
  dimension: string;
  dimension_value: string;
  value: number | null;
  status: 'released' | 'suppressed';
}

export interface Release {
  cells: ReleaseCell[];
  periods: { period_grain: string; period: string; period_start: string; period_end: string }[];
  parents: Map<string, string>; // site → program
}

export async function readRelease(file: string): Promise<Release> {
  const cells = await query<ReleaseCell>(file, `SELECT table_id, metric, period_grain, period, dimension, dimension_value, value, status FROM cells`);
  const periods = await query<Release['periods'][number]>(
    file,
    `SELECT period_grain, period, period_start::VARCHAR AS period_start, period_end::VARCHAR AS period_end FROM periods`,
  );
  const dv = await query<{ dimension_value: string; parent_value: string | null }>(
    file,
    `SELECT dimension_value, parent_value FROM dimension_values WHERE dimension = 'site'`,
  );
  return { cells, periods, parents: new Map(dv.filter((d) => d.parent_value).map((d) => [d.dimension_value, d.parent_value!])) };
}

/** Metrics whose value is a count of people that adds up over a partition and, for these two, over time. */
export const ADDITIVE_COUNTS = ['new_enrollments', 'encounters_attended'] as const;
/** People counts: add up over partitions (each person has one program, site, age band, gender, race/ethnicity). */
export const PARTITION_COUNTS = ['participants_served', 'new_enrollments', 'encounters_attended'] as const;
const PARTITIONS = ['program', 'site', 'age_band', 'gender', 'race_ethnicity'];

export interface Recovery {
  attack: string;
  cell: string;
  recovered: number;
}

const key = (c: ReleaseCell) => `${c.table_id} ${c.period} ${c.dimension_value}`;

function group<T>(items: T[], by: (t: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const i of items) (m.get(by(i)) ?? m.set(by(i), []).get(by(i))!).push(i);
  return m;
}

/**
 * Exact differencing: wherever an equation's every term but one suppressed
 * cell is released, that cell is recovered. Returns every recovery found.
 */
export function differencingAttacks(r: Release): Recovery[] {
  const found: Recovery[] = [];
  const counts = r.cells.filter((c) => (PARTITION_COUNTS as readonly string[]).includes(c.metric));
  const total = new Map(counts.filter((c) => c.dimension === 'total').map((c) => [`${c.metric}:${c.period_grain} ${c.period}`, c]));

  // 1. margin − released parts, for every partition table (two tables: the breakdown and its margin)
  for (const [, row] of group(counts.filter((c) => PARTITIONS.includes(c.dimension)), (c) => `${c.table_id} ${c.period}`)) {
    const margin = total.get(`${row[0]!.metric}:${row[0]!.period_grain} ${row[0]!.period}`);
    const hidden = row.filter((c) => c.status === 'suppressed');
    if (margin?.status === 'released' && hidden.length === 1) {
      const rest = row.filter((c) => c.status === 'released').reduce((a, c) => a + c.value!, 0);
      found.push({ attack: 'margin', cell: key(hidden[0]!), recovered: margin.value! - rest });
    }
  }

  // 2. program − its released sites (the site table against the program table)
  const programs = new Map(counts.filter((c) => c.dimension === 'program').map((c) => [`${c.metric}:${c.period_grain} ${c.period} ${c.dimension_value}`, c]));
  const sitesByProgram = group(
    counts.filter((c) => c.dimension === 'site' && r.parents.has(c.dimension_value)),
    (c) => `${c.metric}:${c.period_grain} ${c.period} ${r.parents.get(c.dimension_value)}`,
  );
  for (const [k, sites] of sitesByProgram) {
    const program = programs.get(k);
    const hidden = sites.filter((c) => c.status === 'suppressed');
    if (program?.status === 'released' && hidden.length === 1) {
      found.push({ attack: 'program-sites', cell: key(hidden[0]!), recovered: program.value! - sites.filter((c) => c.status === 'released').reduce((a, c) => a + c.value!, 0) });
    }
  }

  // 3. two periods: a parent period − its released child periods (additive counts only)
  const within = (a: Release['periods'][number], b: Release['periods'][number]) => a.period_start >= b.period_start && a.period_end <= b.period_end;
  for (const metric of ADDITIVE_COUNTS) {
    for (const [up, down] of [['quarter', 'month'], ['year', 'quarter']] as const) {
      for (const parent of r.periods.filter((p) => p.period_grain === up)) {
        const kids = r.periods.filter((p) => p.period_grain === down && within(p, parent));
        const months = (up === 'quarter' ? 3 : 4);
        if (kids.length !== months) continue; // the window does not cover the parent
        const series = group(
          r.cells.filter((c) => c.metric === metric && c.period_grain === down && kids.some((k) => k.period === c.period)),
          (c) => `${c.dimension} ${c.dimension_value}`,
        );
        for (const [s, children] of series) {
          const parentCell = r.cells.find((c) => c.metric === metric && c.period_grain === up && c.period === parent.period && `${c.dimension} ${c.dimension_value}` === s);
          const hidden = children.filter((c) => c.status === 'suppressed');
          if (parentCell?.status === 'released' && hidden.length === 1) {
            found.push({ attack: 'periods', cell: key(hidden[0]!), recovered: parentCell.value! - children.filter((c) => c.status === 'released').reduce((a, c) => a + c.value!, 0) });
          }
        }
      }
    }
  }
  return found;
}

export interface Narrow {
  cell: string;
  min: number;
  max: number;
}

/**
 * Margin recovery by LP, one row at a time: the suppressed cells of a
 * partition row are unknowns ≥ 0 that add up to the released margin minus the
 * released parts. Returns the suppressed cells whose interval is below p.
 */
export async function rowLpAttack(r: Release, p: number): Promise<{ narrow: Narrow[]; solved: number }> {
  const highs = await loadHighs();
  const counts = r.cells.filter((c) => (PARTITION_COUNTS as readonly string[]).includes(c.metric));
  const total = new Map(counts.filter((c) => c.dimension === 'total').map((c) => [`${c.metric}:${c.period_grain} ${c.period}`, c]));
  const narrow: Narrow[] = [];
  let solved = 0;
  for (const [, row] of group(counts.filter((c) => PARTITIONS.includes(c.dimension)), (c) => `${c.table_id} ${c.period}`)) {
    const margin = total.get(`${row[0]!.metric}:${row[0]!.period_grain} ${row[0]!.period}`);
    const hidden = row.filter((c) => c.status === 'suppressed');
    if (margin?.status !== 'released' || hidden.length === 0) continue;
    const rest = margin.value! - row.filter((c) => c.status === 'released').reduce((a, c) => a + c.value!, 0);
    const vars = hidden.map((_, i) => `x${i}`);
    for (const [i, c] of hidden.entries()) {
      const bound = (sense: 'Minimize' | 'Maximize') => {
        const lp = `${sense}\n obj: ${vars[i]}\nSubject To\n sum: ${vars.join(' + ')} = ${rest}\nBounds\n${vars.map((v) => ` ${v} >= 0`).join('\n')}\nEnd`;
        const res = highs.solve(lp, { output_flag: false } as never);
        solved++;
        if (res.Status !== 'Optimal') throw new Error(`row LP ${key(c)}: ${res.Status}`);
        return res.ObjectiveValue;
      };
      const min = bound('Minimize');
      const max = bound('Maximize');
      if (max - min < p - 1e-6) narrow.push({ cell: key(c), min, max });
    }
  }
  return { narrow, solved };
}

/** Each share of answers at or above a threshold, with the mean of the same answers. */
const MEAN_OF_SHARE: Record<string, string> = {
  satisfaction_positive: 'satisfaction_mean',
  trust_high: 'trust_mean',
  recovery_reliable_improvement: 'recovery_change',
  recovery_at_cutoff: 'recovery_change',
};

/** Scores one response can have, from the instrument's public description (docs/metrics.md). */
function scoresOf(i: Instrument): number[] {
  const out: number[] = [];
  for (let answered = Math.ceil(i.minAnsweredShare * i.items - 1e-9); answered <= i.items; answered++) {
    for (let total = answered * i.scaleMin; total <= answered * i.scaleMax; total++) {
      out.push(i.scoring === 'mean' ? total / answered : (total / answered) * i.items);
    }
  }
  return out;
}

type Range = [number, number];
const span = (xs: number[]): Range => [Math.min(...xs), Math.max(...xs)];

/** Recovery respondents as the attacker sees them: every (follow-up, intake) pair, its change and its two flags. */
function recoveryPairs(instruments: { recovery: string }) {
  const i = instrument(instruments.recovery);
  const scores = scoresOf(i);
  const rci = (x: number) => x / (i.referenceSd! * Math.sqrt(2) * Math.sqrt(1 - i.reliability!)) >= 1.96;
  return scores.flatMap((follow) =>
    scores.map((intake) => ({ change: follow - intake, reliable: rci(follow - intake), cutoff: follow >= i.positiveThreshold })),
  );
}

/** For each share: [lowest, highest] value a respondent adds to the mean's sum, outside and inside the share. */
export function classRanges(share: string, instruments: { satisfaction: string; trust: string; recovery: string }) {
  const split = (pairs: [number, boolean][]) => ({
    out: span(pairs.filter(([, inside]) => !inside).map(([v]) => v)),
    in: span(pairs.filter(([, inside]) => inside).map(([v]) => v)),
  });
  if (share === 'satisfaction_positive' || share === 'trust_high') {
    const i = instrument(share === 'trust_high' ? instruments.trust : instruments.satisfaction);
    return split(scoresOf(i).map((s) => [s, s >= i.positiveThreshold]));
  }
  const pairs = recoveryPairs(instruments);
  return split(pairs.map((x) => [x.change, share === 'recovery_at_cutoff' ? x.cutoff : x.reliable]));
}

/** Recovery's four classes (reliable? × at the cut-off?): the range of changes in each. */
function recoveryJoint(instruments: { recovery: string }): Record<'RC' | 'Rc' | 'rC' | 'rc', Range> {
  const pairs = recoveryPairs(instruments);
  const of = (reliable: boolean, cutoff: boolean) => span(pairs.filter((x) => x.reliable === reliable && x.cutoff === cutoff).map((x) => x.change));
  return { RC: of(true, true), Rc: of(true, false), rC: of(false, true), rc: of(false, false) };
}

/**
 * A published mean against a suppressed share of the same answers, for an
 * attacker who also knows how many answered (`respondents`: the truth, which
 * the release does not give). Each respondent's value lies in the range of
 * their class, so the published mean (± its rounding) bounds how many are in
 * the share; for a recovery share whose sibling share is released, the four
 * classes of both shares together do. Returns the shares left narrower than
 * p, and how many were tried.
 */
export function meanShareAttack(
  r: Release,
  decimals: Map<string, number>,
  respondents: (share: ReleaseCell) => number,
  instruments: { satisfaction: string; trust: string; recovery: string },
  p: number,
): { narrow: Narrow[]; tried: number; joint: number } {
  const at = (c: ReleaseCell, metric: string) => `${metric}:${c.period_grain}:${c.dimension} ${c.period} ${c.dimension_value}`;
  const byKey = new Map(r.cells.map((c) => [at(c, c.metric), c]));
  const half = (c: ReleaseCell) => {
    const d = decimals.get(c.table_id);
    if (d === undefined) throw new Error(`no decimals for ${c.table_id}`);
    return 0.5 * 10 ** -d;
  };
  const joint = recoveryJoint(instruments);
  const narrow: Narrow[] = [];
  let tried = 0;
  let jointTried = 0;
  for (const share of r.cells) {
    const meanMetric = MEAN_OF_SHARE[share.metric];
    if (!meanMetric || share.status !== 'suppressed') continue;
    const mean = byKey.get(at(share, meanMetric));
    if (mean?.status !== 'released') continue;
    tried++;
    const n = respondents(share);
    if (!Number.isInteger(n) || n <= 0) throw new Error(`no respondents for ${key(share)}`);
    const [sumLo, sumHi] = [n * (mean.value! - half(mean)), n * (mean.value! + half(mean))];
    const cls = classRanges(share.metric, instruments);
    // sum ≤ out.hi·(n − a) + in.hi·a, and sum ≥ out.lo·(n − a) + in.lo·a; whole people
    let min = Math.ceil(Math.max(0, (sumLo - cls.out[1] * n) / (cls.in[1] - cls.out[1])) - 1e-9);
    let max = Math.floor(Math.min(n, (sumHi - cls.out[0] * n) / (cls.in[0] - cls.out[0])) + 1e-9);
    const siblingMetric = share.metric === 'recovery_at_cutoff' ? 'recovery_reliable_improvement' : share.metric === 'recovery_reliable_improvement' ? 'recovery_at_cutoff' : undefined;
    const sibling = siblingMetric && byKey.get(at(share, siblingMetric));
    if (sibling && sibling.status === 'released') {
      jointTried++;
      // every whole a, b (the sibling's, within its rounding) and x (in both) the sum allows
      const bs: number[] = [];
      for (let b = Math.ceil(n * (sibling.value! - half(sibling)) - 1e-9); b <= n * (sibling.value! + half(sibling)) + 1e-9; b++) if (b >= 0 && b <= n) bs.push(b);
      const fits = (a: number) =>
        bs.some((b) => {
          const [R, C] = share.metric === 'recovery_reliable_improvement' ? [a, b] : [b, a];
          for (let x = Math.max(0, R + C - n); x <= Math.min(R, C); x++) {
            const counts: [Range, number][] = [[joint.RC, x], [joint.Rc, R - x], [joint.rC, C - x], [joint.rc, n - R - C + x]];
            const least = counts.reduce((s, [range, k]) => s + range[0] * k, 0);
            const most = counts.reduce((s, [range, k]) => s + range[1] * k, 0);
            if (least <= sumHi + 1e-9 && most >= sumLo - 1e-9) return true;
          }
          return false;
        });
      const fitting = Array.from({ length: n + 1 }, (_, a) => a).filter(fits);
      if (fitting.length > 0) [min, max] = [Math.max(min, fitting[0]!), Math.min(max, fitting[fitting.length - 1]!)];
    }
    if (max - min < p) narrow.push({ cell: key(share), min, max });
  }
  return { narrow, tried, joint: jointTried };
}
