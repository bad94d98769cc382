// Metrics that count the same people: participants served, encounters per
// participant and contact hours of one site and quarter all rest on the same
// participants. Suppressing one of them while another is released publishes
// the very count the suppression hides, so cells are suppressed in bundles:
// every metric of one population at one key (grain, period, breakdown value).
// The disclosure side's own reading of docs/privacy-model.md ("Hidden
// quantities"); the audit has its own and would catch a bundle too small.
import type { Cell } from './cells';

const POPULATIONS: Record<string, readonly string[]> = {
  served: [
    'participants_served',
    'encounters_attended',
    'contact_hours',
    'encounters_per_participant',
    'no_show_rate',
    'group_share',
    'satisfaction_response_rate',
  ],
  enrolled: ['new_enrollments', 'days_to_first_contact', 'retention_30d', 'retention_90d', 'retention_180d', 'consistent_contact'],
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
    return this.byKey.get(bundleKeyOf(c)) ?? [c];
  }
}
