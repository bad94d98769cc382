// Metrics that count the same people: participants served, encounters per
// participant and contact hours of one site and quarter all rest on the same
// participants. Suppressing one of them while another is released publishes
// the very count the suppression hides, so cells are suppressed in bundles:
// every metric of one population at one key (grain, period, breakdown value).
// The disclosure side's own reading of docs/privacy-model.md ("Hidden
// quantities"); the audit has its own and would catch a bundle too small.
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
  satisfaction: ['satisfaction_mean', 'satisfaction_positive'],
  trust: ['trust_mean', 'trust_high'],
  recovery: ['recovery_change', 'recovery_reliable_improvement', 'recovery_at_cutoff'],
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
 * Not so a mean and a share of the same answers (satisfaction, trust,
 * recovery): a published mean bounds how many answered above a threshold,
 * and the LP does not know the threshold; nor incidents, whose staff counts
 * across the two metrics the model relates only in part.
 */
const SPLITTABLE = new Set(['served', 'group', 'enrolled', 'goals']);

export const mayReleaseApart = (metricId: string): boolean => SPLITTABLE.has(populationOf(metricId));

export const bundleKeyOf = (c: Cell) =>
  `${populationOf(c.def.id)}\u0001${c.grain}\u0001${c.period}\u0001${c.dimension}\u0001${c.dimensionValue}`;

/** Cells grouped by bundle. */
export class Bundles {
  private byKey = new Map<string, Cell[]>();

  constructor(cells: readonly Cell[]) {
    for (const c of cells) {
      const k = bundleKeyOf(c);
      const list = this.byKey.get(k);
      if (list) list.push(c);
      else this.byKey.set(k, [c]);
    }
  }

  of(c: Cell): readonly Cell[] {
    const own = this.byKey.get(bundleKeyOf(c)) ?? [c];
    const linked = this.numeratorLink(c);
    return linked ? [...own, ...(this.byKey.get(linked) ?? [])] : own;
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
