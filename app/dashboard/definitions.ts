// What each metric means, in one place: the plain words a program manager
// reads beside a chart, on the About page and in the funder report, and the
// exact rule an analyst needs (the export manifest). docs/metrics.md's metric
// sections are generated from this module (`npx tsx scripts/metrics-doc.ts`)
// and tests/app/metric-definitions.test.ts fails when the two differ or when
// a catalog metric has no entry. It imports nothing, so the browser bundle
// can carry it for the inline help.

export type MetricKind = 'count' | 'total' | 'ratio' | 'share' | 'mean';

export interface MetricDefinition {
  kind: MetricKind;
  /** What the number tells you, in one sentence without symbols or jargon. */
  plain: string;
  /** How it is worked out, in words a program manager follows. */
  how: string;
  /** The exact rule (docs/metrics.md's definition); `code` spans in backticks. */
  exact: string;
}

const retention = (days: number): MetricDefinition => ({
  kind: 'share',
  plain: `Of the people who joined in the period, the share still meeting their peer specialist ${days} days after joining.`,
  how: `Among people who joined in the period, and joined at least ${days} days before the latest data: the share who had a meeting on or after day ${days}. The most recent periods appear once ${days} days have passed.`,
  exact: `among people enrolled in the period whose first ${days} days the data window covers (enrollment + ${days} ≤ last data date): share with an attended encounter on or after day ${days}.`,
});

export const DEFINITIONS: Readonly<Record<string, MetricDefinition>> = {
  participants_served: {
    kind: 'count',
    plain: 'How many different people the program met at least once in the period.',
    how: 'Each person counts once, however often they came. Only meetings that took place count, not missed or cancelled ones. By type of contact, a person counts under each type they used.',
    exact: 'people with ≥ 1 attended encounter in the period. By modality: people with ≥ 1 attended encounter of that modality.',
  },
  new_enrollments: {
    kind: 'count',
    plain: 'How many people joined the program in the period.',
    how: 'The people whose enrollment date falls in the period.',
    exact: 'people whose enrollment date is in the period.',
  },
  encounters_attended: {
    kind: 'total',
    plain: 'How many meetings with participants took place in the period.',
    how: 'Every meeting that took place counts (missed and cancelled ones do not), so one person can add several.',
    exact: 'attended encounters in the period; contributors = people served.',
  },
  contact_hours: {
    kind: 'total',
    plain: 'How much time peer specialists spent meeting participants.',
    how: 'The length of every meeting that took place, added up and given in hours.',
    exact: 'minutes of attended encounters ÷ 60; contributors = people served.',
  },
  encounters_per_participant: {
    kind: 'ratio',
    plain: 'How many times, on average, each person served was met in the period.',
    how: 'The meetings that took place, divided by the number of people served.',
    exact: 'encounters attended ÷ people served; min/max = fewest and most encounters of one person.',
  },
  no_show_rate: {
    kind: 'ratio',
    plain: 'How often a planned meeting was missed without being cancelled. Lower is better.',
    how: 'Missed meetings as a share of the meetings that either took place or were missed. Meetings cancelled ahead of time are left out.',
    exact:
      'no-show encounters ÷ (attended + no-show) encounters; cancelled ones do not count. Contributors: people with an attended or no-show encounter; numerator contributors: people with ≥ 1 no-show.',
  },
  days_to_first_contact: {
    kind: 'mean',
    plain: 'How long new participants waited for their first meeting. Lower is better.',
    how: 'For people who joined in the period and have had a meeting since: the days from joining to their first meeting, averaged over those people.',
    exact:
      'among people enrolled in the period who have an attended encounter on or after their enrollment date: mean days from enrollment to the first such encounter.',
  },
  retention_30d: retention(30),
  retention_90d: retention(90),
  retention_180d: retention(180),
  consistent_contact: {
    kind: 'share',
    plain: 'The share of new participants who met their peer specialist nearly every week in their first three months.',
    how: 'Among people who joined in the period and whose first 13 weeks are all in the data: the share who had a meeting in at least 10 of those 13 weeks.',
    exact: 'among people enrolled in the period with a consistency band: share in the `weekly` band.',
  },
  group_share: {
    kind: 'ratio',
    plain: 'How much of the contact happened in mutual-support groups.',
    how: 'Group meetings that took place, as a share of all meetings that took place.',
    exact: 'attended `group` encounters ÷ attended encounters; contributors = people served; numerator contributors: people with ≥ 1 group encounter.',
  },

  satisfaction_mean: {
    kind: 'mean',
    plain: 'How satisfied participants say they are with the service, on the satisfaction survey’s scale.',
    how: 'Each participant who answered the satisfaction survey in the period gets a score, the average of their answers (their latest survey counts if they answered more than once). The figure is the average of those scores.',
    exact: 'mean of each respondent’s latest satisfaction score in the period.',
  },
  satisfaction_positive: {
    kind: 'share',
    plain: 'The share of participants who are satisfied with the service.',
    how: 'Among participants who answered the satisfaction survey in the period: the share whose score reaches the survey’s “satisfied” mark, which is set with the survey.',
    exact: 'share of those respondents whose score is at or above the instrument’s positive threshold.',
  },
  satisfaction_response_rate: {
    kind: 'share',
    plain: 'How many of the people served answered the satisfaction survey.',
    how: 'Among people served in the period: the share who completed a satisfaction survey in the period.',
    exact: 'among people served in the period: share with a scored satisfaction response in the period.',
  },
  trust_mean: {
    kind: 'mean',
    plain: 'How much participants trust their peer specialist, on the trust survey’s scale.',
    how: 'Each participant who answered the trust survey in the period gets a score, the average of their answers (their latest survey counts). The figure is the average of those scores.',
    exact: 'mean of each respondent’s latest trust score in the period.',
  },
  trust_high: {
    kind: 'share',
    plain: 'The share of participants who trust their peer specialist highly.',
    how: 'Among participants who answered the trust survey in the period: the share whose score reaches the survey’s “high trust” mark, which is set with the survey.',
    exact: 'share of those respondents at or above the trust threshold.',
  },

  recovery_change: {
    kind: 'mean',
    plain: 'How much participants’ recovery scores changed between joining and a later check-in. Above zero means better.',
    how: 'For each person with a recovery survey at intake and a follow-up survey (at 90 days, 180 days or discharge) in the period: their latest follow-up score minus their first intake score. The figure is the average of those changes, in points of the survey’s score.',
    exact:
      'for people with a scored intake response (at any time) and a scored follow-up (90d, 180d or discharge) in the period: mean of (latest follow-up in the period − first scored intake score).',
  },
  recovery_reliable_improvement: {
    kind: 'share',
    plain: 'The share of participants whose recovery score improved by more than chance could explain.',
    how: 'Among the same people: the share whose score rose by more than the usual ups and downs of answering a survey twice would produce. This is a standard test (the reliable change index) at 95% confidence; a small rise does not count.',
    exact:
      'of those people: share whose change ÷ (reference SD × √2 × √(1 − reliability)) ≥ 1.96 (reliable change index, Jacobson & Truax 1991).',
  },
  recovery_at_cutoff: {
    kind: 'share',
    plain: 'The share of participants whose recovery score at follow-up reaches the level that goes with lasting recovery.',
    how: 'Among the same people: the share whose latest follow-up score is at or above the survey’s cut-off, which is set with the survey.',
    exact: 'of those people: share whose follow-up score is at or above the instrument’s cut-off (47 on the 10–60 recovery-capital scale).',
  },
  goals_self_directed: {
    kind: 'share',
    plain: 'The share of goal-setters who chose at least one of their goals themselves.',
    how: 'Among people who set a goal in the period: the share with at least one goal set by themselves or together with their peer specialist, not by staff alone.',
    exact: 'among people who set ≥ 1 goal in the period: share with ≥ 1 of those goals set by the participant or jointly.',
  },
  goal_attainment: {
    kind: 'share',
    plain: 'The share of goal-setters who reached a goal within six months.',
    how: 'Among people who set a goal in the period: the share who achieved at least one of those goals within 180 days of setting it. A period appears once 180 days have passed since its last goal.',
    exact:
      'among people who set ≥ 1 goal in the period, once the data window covers 180 days after their last goal of the period: share who achieved ≥ 1 of those goals within 180 days of setting it.',
  },

  supervision_minutes_per_staff_month: {
    kind: 'ratio',
    plain: 'How much supervision a peer specialist gets in a month, on average.',
    how: 'All supervision minutes of peer specialists, divided by the months they were employed in the period (a month counts when they worked any day of it).',
    exact:
      'supervision minutes of peer specialists ÷ peer-specialist months (a month counts when the person was employed on any day of it); min/max = lowest and highest per-person rate.',
  },
  ethics_training_current: {
    kind: 'share',
    plain: 'The share of staff whose ethics training is up to date.',
    how: 'Among all staff employed at the end of the period: the share who completed an ethics training in the 12 months before.',
    exact:
      'among staff of every role employed on the period’s last covered day: share with an `ethics` training completed in the 365 days up to that day.',
  },
  incidents_per_1000_encounters: {
    kind: 'ratio',
    plain: 'How often incidents (such as a breach of confidentiality or of boundaries) happen, for the amount of contact. Lower is better.',
    how: 'Incidents in the period for every 1,000 meetings that took place, so that busy and quiet programs compare fairly.',
    exact:
      'incidents dated in the period × 1000 ÷ attended encounters in the period (placed at the participant’s site). By program and site from the incident’s site (an incident at a site without encounters in the period gives a cell without a rate; at a site no participant or staff row names, it counts in the total and its site but in no program); by `incident_category` at the total level, every category in every period. Contributors: the staff behind the cell — distinct staff employed in its program or site during the period, with the staff its incidents name (a category: all staff of the period); numerator contributors: distinct staff its incidents name; a cell exists wherever staff, encounters or incidents do (decision 0015).',
  },
  incident_days_to_resolve: {
    kind: 'mean',
    plain: 'How long it takes to resolve an incident. Lower is better.',
    how: 'Among incidents resolved in the period: the days from each incident to its resolution, averaged over those incidents.',
    exact:
      'among incidents resolved in the period: mean over incidents of the days from incident to resolution (min/max are per incident); contributors: the staff behind the cell, as for the rate; numerator contributors: distinct staff of the resolved incidents. Where nothing was resolved the cell has no value: it exists (and is suppressed) only when fewer than k staff are behind it.',
  },
};

export function definitionOf(metric: string): MetricDefinition | null {
  return DEFINITIONS[metric] ?? null;
}

/** The catalog facts the documentation needs (pipelines/metrics/catalog.ts passes them in). */
export interface DocMetric {
  id: string;
  family: string;
  label: string;
  unit: string;
  kind: string;
}

const FAMILY_TITLES: Readonly<Record<string, string>> = {
  reach_engagement: 'Reach and engagement',
  satisfaction_trust: 'Satisfaction and trust',
  recovery: 'Recovery and empowerment',
  professional_standards: 'Professional standards (privacy unit: staff)',
};

export const DOC_BEGIN = '<!-- metric definitions: generated from app/dashboard/definitions.ts by `npx tsx scripts/metrics-doc.ts`; edit them there -->';
export const DOC_END = '<!-- end of generated metric definitions -->';

const cell = (s: string) => s.replaceAll('|', '\\|');

/** docs/metrics.md's metric sections, in catalog order, one table per family. */
export function metricsDocSection(catalog: readonly DocMetric[]): string {
  const families = [...new Set(catalog.map((m) => m.family))];
  const parts = families.map((family) => {
    const rows = catalog
      .filter((m) => m.family === family)
      .map((m) => {
        const d = DEFINITIONS[m.id];
        if (!d) throw new Error(`no definition for ${m.id} in app/dashboard/definitions.ts`);
        return `| \`${m.id}\`: ${cell(m.label)} | ${m.kind}, ${cell(m.unit)} | ${cell(d.plain)} | ${cell(d.how)} | ${cell(d.exact)} |`;
      });
    return [`## ${FAMILY_TITLES[family] ?? family}`, '', '| metric | kind, unit | what it tells you | how it is computed | exact rule |', '| --- | --- | --- | --- | --- |', ...rows].join('\n');
  });
  return [DOC_BEGIN, '', parts.join('\n\n'), '', DOC_END].join('\n');
}

/** `doc` with its generated block replaced by the one for `catalog`. */
export function withMetricsDocSection(doc: string, catalog: readonly DocMetric[]): string {
  const begin = doc.indexOf(DOC_BEGIN);
  const end = doc.indexOf(DOC_END);
  if (begin < 0 || end < begin) throw new Error('docs/metrics.md has no generated block (its begin and end markers)');
  return doc.slice(0, begin) + metricsDocSection(catalog) + doc.slice(end + DOC_END.length);
}
