// The dashboard's pages: which released metrics each one shows, in what
// order, and which way is better for each. Metrics come from the release's
// catalog; a metric listed here that the release lacks is simply not shown,
// and a metric of a page's family that is not listed here comes last.

export type PageId = 'overview' | 'engagement' | 'satisfaction' | 'recovery' | 'standards' | 'equity' | 'about';

export interface PageDef {
  id: PageId;
  path: string;
  title: string;
  /** The release catalog's family whose metrics the page shows as trends. */
  family?: string;
  /** The page's metrics in display order. */
  metrics: readonly string[];
  intro: string;
}

export const PAGES: readonly PageDef[] = [
  {
    id: 'overview',
    path: '/dashboard',
    title: 'Overview',
    metrics: [],
    intro: 'The latest complete period at a glance, and what needs attention.',
  },
  {
    id: 'engagement',
    path: '/dashboard/engagement',
    title: 'Engagement',
    family: 'reach_engagement',
    metrics: [
      'participants_served',
      'new_enrollments',
      'encounters_attended',
      'contact_hours',
      'encounters_per_participant',
      'no_show_rate',
      'days_to_first_contact',
      'retention_30d',
      'retention_90d',
      'retention_180d',
      'consistent_contact',
      'group_share',
    ],
    intro: 'How many people the programs reach, how often they meet, and who stays.',
  },
  {
    id: 'satisfaction',
    path: '/dashboard/satisfaction',
    title: 'Satisfaction & trust',
    family: 'satisfaction_trust',
    metrics: ['satisfaction_mean', 'satisfaction_positive', 'satisfaction_response_rate', 'trust_mean', 'trust_high'],
    intro: 'How satisfied participants are, and how much they trust their peer specialist.',
  },
  {
    id: 'recovery',
    path: '/dashboard/recovery',
    title: 'Recovery & empowerment',
    family: 'recovery',
    metrics: ['recovery_change', 'recovery_reliable_improvement', 'recovery_at_cutoff', 'goals_self_directed', 'goal_attainment'],
    intro: 'Change in recovery scores from intake to follow-up, and the goals participants set and reach.',
  },
  {
    id: 'standards',
    path: '/dashboard/standards',
    title: 'Professional standards',
    family: 'professional_standards',
    metrics: [
      'supervision_minutes_per_staff_month',
      'ethics_training_current',
      'incidents_per_1000_encounters',
      'incident_days_to_resolve',
    ],
    intro: 'Supervision, ethics training and incidents: the standards peer specialists keep. Counted over staff, not participants.',
  },
  {
    id: 'equity',
    path: '/dashboard/equity',
    title: 'Equity',
    metrics: [
      'participants_served',
      'retention_90d',
      'consistent_contact',
      'no_show_rate',
      'satisfaction_positive',
      'trust_high',
      'recovery_reliable_improvement',
      'recovery_at_cutoff',
      'goal_attainment',
    ],
    intro: 'The same outcomes side by side across demographic groups, for all programs together.',
  },
  {
    id: 'about',
    path: '/dashboard/about',
    title: 'About this data',
    metrics: [],
    intro: 'Where these numbers come from, how they are protected, and what each one means.',
  },
];

export function page(id: PageId): PageDef {
  const found = PAGES.find((p) => p.id === id);
  if (!found) throw new Error(`unknown page ${id}`);
  return found;
}

/** Measures that wait until everyone in a period has been followed up (retention, goals). */
export const FOLLOW_UP_METRICS = new Set(['retention_30d', 'retention_90d', 'retention_180d', 'consistent_contact', 'goal_attainment']);

/** Metrics where a lower value is the better one. */
const LOWER_IS_BETTER = new Set([
  'no_show_rate',
  'days_to_first_contact',
  'incidents_per_1000_encounters',
  'incident_days_to_resolve',
]);

export type Direction = 'higher' | 'lower' | 'neither';

/** Which way is better; counts of activity are neither (more is not always better). */
export function direction(metric: string, kind: string): Direction {
  if (LOWER_IS_BETTER.has(metric)) return 'lower';
  if (kind === 'count' || kind === 'total') return 'neither';
  return 'higher';
}

/** The overview's tiles, in order. */
export const KPI_METRICS: readonly string[] = [
  'participants_served',
  'new_enrollments',
  'contact_hours',
  'no_show_rate',
  'retention_90d',
  'satisfaction_positive',
  'trust_high',
  'recovery_reliable_improvement',
  'ethics_training_current',
];

/** Outcomes compared across programs (or a program's sites) for the overview's attention list. */
export const ATTENTION_METRICS: readonly string[] = [
  'retention_90d',
  'no_show_rate',
  'satisfaction_positive',
  'trust_high',
  'recovery_reliable_improvement',
  'goal_attainment',
];

/** Breakdowns the equity page compares. */
export const EQUITY_DIMENSIONS: readonly string[] = ['age_band', 'gender', 'race_ethnicity'];
