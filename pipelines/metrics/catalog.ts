// The metric catalog: every metric the cube computes, with its family, kind
// and the breakdowns it is computed for. docs/metrics.md defines each one in
// words; tests/metrics-catalog.test.ts holds the two together.

export const FAMILIES = ['reach_engagement', 'satisfaction_trust', 'recovery', 'professional_standards'] as const;
export type Family = (typeof FAMILIES)[number];

/**
 * count: people (value = contributors). total: a sum over events of people.
 * ratio: numerator / denominator of events or minutes. share: a / n of people
 * (numerator_contributors / contributors). mean: mean of one value per person.
 */
export type MetricKind = 'count' | 'total' | 'ratio' | 'share' | 'mean';

export const DEMOGRAPHIC_DIMENSIONS = ['program', 'site', 'age_band', 'gender', 'race_ethnicity'] as const;
export const STAFF_DIMENSIONS = ['program', 'site'] as const;
export type Dimension =
  | 'total'
  | (typeof DEMOGRAPHIC_DIMENSIONS)[number]
  | 'modality'
  | 'consistency_band'
  | 'trust_band'
  | 'incident_category';

export const PERIOD_GRAINS = ['month', 'quarter', 'year'] as const;
export type PeriodGrain = (typeof PERIOD_GRAINS)[number];

export interface MetricDef {
  id: string;
  family: Family;
  label: string;
  unit: 'people' | 'encounters' | 'hours' | 'per participant' | 'proportion' | 'days' | 'score' | 'points' | 'minutes per staff-month' | 'per 1,000 encounters';
  kind: MetricKind;
  /** Whose privacy the contributor count protects. */
  privacyUnit: 'participant' | 'staff';
  dimensions: readonly Dimension[];
  /** A 0% / 100% share or a uniform mean here would tell each member's answer (homogeneity rule). */
  sensitive: boolean;
  /** Published rounded to this many decimals (rounding also blurs differencing). */
  decimals: number;
}

const people = ['total', ...DEMOGRAPHIC_DIMENSIONS] as const;
const staff = ['total', ...STAFF_DIMENSIONS] as const;

const m = (
  id: string,
  family: Family,
  label: string,
  unit: MetricDef['unit'],
  kind: MetricKind,
  dimensions: readonly Dimension[],
  sensitive = false,
): MetricDef => ({
  id,
  family,
  label,
  unit,
  kind,
  privacyUnit: family === 'professional_standards' ? 'staff' : 'participant',
  dimensions,
  sensitive,
  decimals: DECIMALS[unit],
});

const DECIMALS: Record<MetricDef['unit'], number> = {
  people: 0,
  encounters: 0,
  hours: 1,
  'per participant': 2,
  proportion: 3,
  days: 1,
  score: 2,
  points: 2,
  'minutes per staff-month': 1,
  'per 1,000 encounters': 2,
};

export const METRICS: readonly MetricDef[] = [
  m('participants_served', 'reach_engagement', 'Participants served', 'people', 'count', [...people, 'modality']),
  m('new_enrollments', 'reach_engagement', 'New enrollments', 'people', 'count', people),
  m('encounters_attended', 'reach_engagement', 'Encounters attended', 'encounters', 'total', [...people, 'modality']),
  m('contact_hours', 'reach_engagement', 'Contact hours', 'hours', 'total', [...people, 'modality']),
  m('encounters_per_participant', 'reach_engagement', 'Encounters per participant served', 'per participant', 'ratio', people),
  m('no_show_rate', 'reach_engagement', 'No-show rate', 'proportion', 'ratio', people),
  m('days_to_first_contact', 'reach_engagement', 'Days from enrollment to first contact', 'days', 'mean', people),
  m('retention_30d', 'reach_engagement', 'Retained at 30 days', 'proportion', 'share', [...people, 'consistency_band', 'trust_band']),
  m('retention_90d', 'reach_engagement', 'Retained at 90 days', 'proportion', 'share', [...people, 'consistency_band', 'trust_band']),
  m('retention_180d', 'reach_engagement', 'Retained at 180 days', 'proportion', 'share', [...people, 'consistency_band', 'trust_band']),
  m('consistent_contact', 'reach_engagement', 'Consistent contact in the first 13 weeks', 'proportion', 'share', people),
  m('group_share', 'reach_engagement', 'Share of encounters in mutual-support groups', 'proportion', 'ratio', people),

  m('satisfaction_mean', 'satisfaction_trust', 'Mean satisfaction score', 'score', 'mean', [...people, 'consistency_band', 'trust_band'], true),
  m('satisfaction_positive', 'satisfaction_trust', 'Satisfied (at or above the positive threshold)', 'proportion', 'share', [...people, 'consistency_band', 'trust_band'], true),
  m('satisfaction_response_rate', 'satisfaction_trust', 'Satisfaction survey response rate', 'proportion', 'share', people),
  m('trust_mean', 'satisfaction_trust', 'Mean trust score', 'score', 'mean', [...people, 'consistency_band'], true),
  m('trust_high', 'satisfaction_trust', 'High trust in the peer specialist', 'proportion', 'share', [...people, 'consistency_band'], true),

  m('recovery_change', 'recovery', 'Recovery score change, intake to follow-up', 'points', 'mean', people, true),
  m('recovery_reliable_improvement', 'recovery', 'Reliable improvement in recovery score', 'proportion', 'share', people, true),
  m('recovery_at_cutoff', 'recovery', 'Recovery score at or above the cut-off', 'proportion', 'share', people, true),
  m('goals_self_directed', 'recovery', 'Goal-setters with a goal they set themselves', 'proportion', 'share', people),
  m('goal_attainment', 'recovery', 'Goal-setters who achieved a goal within 180 days', 'proportion', 'share', people),

  m('supervision_minutes_per_staff_month', 'professional_standards', 'Supervision minutes per peer-specialist month', 'minutes per staff-month', 'ratio', staff),
  m('ethics_training_current', 'professional_standards', 'Staff with ethics training in the last 12 months', 'proportion', 'share', staff),
  m('incidents_per_1000_encounters', 'professional_standards', 'Incidents per 1,000 encounters', 'per 1,000 encounters', 'ratio', [...staff, 'incident_category']),
  m('incident_days_to_resolve', 'professional_standards', 'Days to resolve an incident', 'days', 'mean', staff),
];

export function metric(id: string): MetricDef {
  const d = METRICS.find((x) => x.id === id);
  if (!d) throw new Error(`unknown metric ${id}`);
  return d;
}

/** Consistency band from weeks with attended contact among the first 13 weeks after enrollment. */
export const CONSISTENCY_BANDS = { weekly: 10, regular: 5 } as const; // ≥10 weekly, 5–9 regular, ≤4 sporadic
export const RELIABLE_CHANGE_Z = 1.96;
export const GOAL_WINDOW_DAYS = 180;
export const ETHICS_CURRENT_DAYS = 365;
