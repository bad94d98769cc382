// Metrics that count the same people: participants served, encounters per
// participant and contact hours of one site and quarter all rest on the same
// participants. Suppressing one of them while another is released publishes
// the very count the suppression hides, so cells are suppressed in bundles:
// every metric of one population at one key (grain, period, breakdown value).
// The disclosure side's own reading of docs/privacy-model.md ("Hidden
// quantities"); the audit has its own and would catch a bundle too small.
//
// A mean and a share of the same answers (satisfaction, trust, recovery) are
// not one population: the share's numerator is what it hides, and the mean
// bounds it only through the instrument's classes (answer-classes.ts). A
// suppressed share takes its mean along only where the mean alone pins it.
import { DEFAULT_INSTRUMENTS, type InstrumentChoice } from '../contract/instruments';
import { answerClasses, type MeanShareLink, type RecoveryClasses } from '../metrics/answer-classes';
import type { Cell } from './cells';

const POPULATIONS: Record<string, readonly string[]> = {
  // the audit protects n of a count, a total, a mean or a ratio without a people numerator:
  // every other metric whose value (with a released neighbour) gives that n goes with it
  served: ['participants_served', 'encounters_attended', 'contact_hours', 'encounters_per_participant'],
  enrolled: ['new_enrollments', 'days_to_first_contact'],
  // shares and ratios with a people numerator: the audit protects a and n − a, not n
  group: ['group_share'],
  no_show: ['no_show_rate'],
  responded: ['satisfaction_response_rate'],
  retention_30d: ['retention_30d'],
  retention_90d: ['retention_90d'],
  retention_180d: ['retention_180d'],
  consistent_contact: ['consistent_contact'],
  satisfaction_mean: ['satisfaction_mean'],
  satisfaction_positive: ['satisfaction_positive'],
  trust_mean: ['trust_mean'],
  trust_high: ['trust_high'],
  recovery_change: ['recovery_change'],
  recovery_reliable: ['recovery_reliable_improvement'],
  recovery_at_cutoff: ['recovery_at_cutoff'],
  goals: ['goals_self_directed', 'goal_attainment'],
  supervision: ['supervision_minutes_per_staff_month'],
  ethics: ['ethics_training_current'],
  incidents: ['incidents_per_1000_encounters', 'incident_days_to_resolve'],
};

const POPULATION_OF = new Map(Object.entries(POPULATIONS).flatMap(([p, ms]) => ms.map((m) => [m, p] as const)));

export function populationOf(metricId: string): string {
  const p = POPULATION_OF.get(metricId);
  if (!p) throw new Error(`disclosure: metric ${metricId} belongs to no population (pipelines/disclosure/bundles.ts)`);
  return p;
}

/**
 * Populations whose metrics are tied only by relations between counts that
 * the audit's model lists (docs/privacy-model.md, "Hidden quantities": enc ≥
 * served, contacted ≤ enrolled, observed ≤ setters, …). A cell of such a
 * bundle may be released apart from the rest when the audit still passes.
 * Not so incidents, whose staff counts across the two metrics the model
 * relates only in part. (A mean taken along by its share is no bundle: it
 * pins the share, see `pins`.)
 */
const SPLITTABLE = new Set(['served', 'group', 'enrolled', 'goals']);

export const mayReleaseApart = (metricId: string): boolean => SPLITTABLE.has(populationOf(metricId));

export const bundleKeyOf = (c: Cell) =>
  `${populationOf(c.def.id)}\u0001${c.grain}\u0001${c.period}\u0001${c.dimension}\u0001${c.dimensionValue}`;

/** Cells grouped by bundle. */
export class Bundles {
  private byKey = new Map<string, Cell[]>();
  /** share metric → its links to a mean of the same answers */
  private linksOf = new Map<string, MeanShareLink[]>();
  private sharesOf = new Map<string, MeanShareLink[]>();
  private recovery: RecoveryClasses;
  /** `${mean key}\u0002${share key}` → whether the mean pins the share (the cells never change) */
  private pinned = new Map<string, boolean>();

  /**
   * protectionLevel: how wide, in people, the interval a mean leaves for its
   * share's numerator must be for the two to part (Infinity: never part).
   */
  constructor(
    cells: readonly Cell[],
    private readonly protectionLevel = Number.POSITIVE_INFINITY,
    instruments: InstrumentChoice = DEFAULT_INSTRUMENTS,
  ) {
    for (const c of cells) {
      const k = bundleKeyOf(c);
      const list = this.byKey.get(k);
      if (list) list.push(c);
      else this.byKey.set(k, [c]);
    }
    const answers = answerClasses(instruments);
    this.recovery = answers.recovery;
    for (const l of answers.links) {
      this.linksOf.set(l.share, [...(this.linksOf.get(l.share) ?? []), l]);
      this.sharesOf.set(l.mean, [...(this.sharesOf.get(l.mean) ?? []), l]);
    }
  }

  of(c: Cell): readonly Cell[] {
    const own = this.byKey.get(bundleKeyOf(c)) ?? [c];
    const linked = this.numeratorLink(c);
    const withNumerator = linked ? [...own, ...(this.byKey.get(linked) ?? [])] : own;
    const means = (this.linksOf.get(c.def.id) ?? []).flatMap((l) => {
      const mean = this.sameKey(l.mean, c);
      return mean && this.pins(l, mean, c) ? [mean] : [];
    });
    return means.length > 0 ? [...withNumerator, ...means] : withNumerator;
  }

  /** The cell of `metricId` with c's grain, period and breakdown value. */
  private sameKey(metricId: string, c: Cell): Cell | undefined {
    return this.byKey.get(`${populationOf(metricId)}\u0001${c.grain}\u0001${c.period}\u0001${c.dimension}\u0001${c.dimensionValue}`)
      ?.find((x) => x.def.id === metricId);
  }

  /**
   * Whether releasing `mean` would leave `share`'s numerator a narrower
   * interval than the protection level, to an attacker who knows the mean's
   * exact sum and how many answered (stronger than the release lets anyone
   * be: the value is rounded and n is not published) and, for recovery, how
   * many are in the other share (whether or not it is released). Whole
   * people: the interval's ends are rounded inwards.
   */
  private pins(l: MeanShareLink, mean: Cell, share: Cell): boolean {
    if (!(this.protectionLevel < Number.POSITIVE_INFINITY)) return true;
    const key = `${mean.key}\u0002${share.key}`;
    let pinned = this.pinned.get(key);
    if (pinned === undefined) this.pinned.set(key, (pinned = this.narrow(l, mean, share)));
    return pinned;
  }

  private narrow(l: MeanShareLink, mean: Cell, share: Cell): boolean {
    if (mean.value === null) return false;
    const n = share.n;
    const sum = mean.value * n;
    // sum ≤ below.hi·(n − a) + atOrAbove.hi·a, and sum ≥ below.lo·(n − a) + atOrAbove.lo·a
    const lo = Math.max(0, (sum - l.below[1] * n) / (l.atOrAbove[1] - l.below[1]));
    const hi = Math.min(n, (sum - l.below[0] * n) / (l.atOrAbove[0] - l.below[0]));
    if (Math.floor(hi + 1e-9) - Math.ceil(lo - 1e-9) < this.protectionLevel) return true;
    const other = RECOVERY_SIBLING[share.def.id];
    const sibling = other === undefined ? undefined : this.sameKey(other, share);
    if (sibling?.a === null || sibling?.a === undefined) return false;
    const [min, max] = recoveryShareRange(this.recovery, share.def.id === 'recovery_reliable_improvement', n, sum, sibling.a);
    return max - min < this.protectionLevel;
  }

  /** Whether releasing the mean `c` would pin a suppressed share of the same answers. */
  pinsASuppressedShare(c: Cell, isSuppressed: (x: Cell) => boolean): boolean {
    return (this.sharesOf.get(c.def.id) ?? []).some((l) => {
      const share = this.sameKey(l.share, c);
      return share !== undefined && isSuppressed(share) && this.pins(l, c, share);
    });
  }

  /**
   * Group share's numerator, people with a group encounter, is published as
   * participants served by modality "group" (a breakdown of the total only):
   * the two go together both ways.
   */
  private numeratorLink(c: Cell): string | undefined {
    const at = `${c.grain}\u0001${c.period}`;
    if (c.def.id === 'group_share' && c.dimension === 'total') return `served\u0001${at}\u0001modality\u0001group`;
    if (populationOf(c.def.id) === 'served' && c.dimension === 'modality' && c.dimensionValue === 'group') return `group\u0001${at}\u0001total\u0001all`;
    return undefined;
  }
}

/** Recovery's two shares of the same respondents, each with the other. */
const RECOVERY_SIBLING: Record<string, string | undefined> = {
  recovery_reliable_improvement: 'recovery_at_cutoff',
  recovery_at_cutoff: 'recovery_reliable_improvement',
};

/**
 * The whole numbers a recovery share's numerator can take, given n, the
 * exact sum of changes and the other share's numerator b: some x people in
 * both shares, each of the four classes within its range of changes.
 * [0, −1] when none fits (the caller then keeps the mean suppressed).
 */
function recoveryShareRange(r: RecoveryClasses, reliableShare: boolean, n: number, sum: number, b: number): [number, number] {
  const fits = (a: number) => {
    const [reliable, cutoff] = reliableShare ? [a, b] : [b, a];
    const sumAt = (x: number, i: 0 | 1) =>
      r.both[i] * x + r.reliableOnly[i] * (reliable - x) + r.cutoffOnly[i] * (cutoff - x) + r.neither[i] * (n - reliable - cutoff + x);
    const [xLo, xHi] = [Math.max(0, reliable + cutoff - n), Math.min(reliable, cutoff)];
    if (xLo > xHi) return false;
    // both ends are linear in x: their extremes lie at xLo or xHi
    const least = Math.min(sumAt(xLo, 0), sumAt(xHi, 0));
    const most = Math.max(sumAt(xLo, 1), sumAt(xHi, 1));
    return sum >= least - 1e-9 && sum <= most + 1e-9;
  };
  let min = -1;
  let max = -1;
  for (let a = 0; a <= n; a++) {
    if (!fits(a)) continue;
    if (min < 0) min = a;
    max = a;
  }
  return min < 0 ? [0, -1] : [min, max];
}
