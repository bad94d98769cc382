// The attacker's model of what stands behind a cell (docs/privacy-model.md,
// "Hidden quantities"): every cell is a few nonnegative quantities of its key
// (period × breakdown value), shared between the metrics that count the same
// thing; a released value ties them together within its rounding.
//
// This file is the spec table in code. Metric definitions come from the public
// catalog (pipelines/metrics/catalog.ts) and docs/metrics.md; nothing here
// knows how the cube is computed.
import { instrument, type Instrument, type InstrumentChoice } from '../../contract/instruments';
import type { AnswerClasses } from '../../metrics/answer-classes';

/**
 * How a quantity behaves across time (parent period ← its child periods):
 * additive: parent = Σ children when the window covers the parent, ≥ otherwise.
 * distinct: each child ≤ parent; parent ≤ Σ children when covered.
 * snapshot: parent = its last child.
 * monotone: each child ≤ parent only.
 * subadditive: parent ≤ Σ children when covered, nothing else.
 * none: no time structure.
 */
export type TimeClass = 'additive' | 'distinct' | 'snapshot' | 'monotone' | 'subadditive' | 'none';

/**
 * How a quantity behaves across a breakdown (see breakdownRule):
 * people: participants (one value each, several modalities, maybe no band).
 * events: encounters, minutes (one place, one modality).
 * sum: the sum behind a mean (adds over partitions only).
 * staff: staff in staff metrics (one program and site each).
 * incident_events: incidents, resolutions, days (site partitions; programs cover only known sites).
 * incident_staff: staff involved in incidents (across sites and categories).
 */
export type BreakdownClass = 'people' | 'events' | 'sum' | 'staff' | 'incident_events' | 'incident_staff';

export interface QuantityDef {
  time: TimeClass;
  breakdown: BreakdownClass;
  /** Counts only months inside the data window: the window covers every parent. */
  alwaysCovered?: boolean;
  /** May be negative (sum of changes). */
  signed?: boolean;
}

export const QUANTITIES = {
  served: { time: 'distinct', breakdown: 'people' },
  enc: { time: 'additive', breakdown: 'events' },
  minutes: { time: 'additive', breakdown: 'events' },
  sched_people: { time: 'distinct', breakdown: 'people' },
  no_show_people: { time: 'distinct', breakdown: 'people' },
  no_show: { time: 'additive', breakdown: 'events' },
  scheduled: { time: 'additive', breakdown: 'events' },
  group_enc: { time: 'additive', breakdown: 'events' },
  group_people: { time: 'distinct', breakdown: 'people' },
  enrolled: { time: 'additive', breakdown: 'people' },
  contacted: { time: 'additive', breakdown: 'people' },
  days: { time: 'additive', breakdown: 'sum' },
  cohort30: { time: 'additive', breakdown: 'people' },
  cohort90: { time: 'additive', breakdown: 'people' },
  cohort180: { time: 'additive', breakdown: 'people' },
  retained30: { time: 'additive', breakdown: 'people' },
  retained90: { time: 'additive', breakdown: 'people' },
  retained180: { time: 'additive', breakdown: 'people' },
  cohort13: { time: 'additive', breakdown: 'people' },
  weekly: { time: 'additive', breakdown: 'people' },
  sat_n: { time: 'distinct', breakdown: 'people' },
  sat_sum: { time: 'none', breakdown: 'sum' },
  // the person's latest response in the period lies in one child and is their latest there
  sat_pos: { time: 'subadditive', breakdown: 'people' },
  // served and responded in the quarter need not be in the same month
  responded: { time: 'monotone', breakdown: 'people' },
  trust_n: { time: 'distinct', breakdown: 'people' },
  trust_sum: { time: 'none', breakdown: 'sum' },
  trust_hi: { time: 'subadditive', breakdown: 'people' },
  rec_n: { time: 'distinct', breakdown: 'people' },
  rec_sum: { time: 'none', breakdown: 'sum', signed: true },
  reliable: { time: 'subadditive', breakdown: 'people' },
  at_cutoff: { time: 'subadditive', breakdown: 'people' },
  // both a reliable improvement and at the cut-off (neither share publishes it)
  rec_both: { time: 'subadditive', breakdown: 'people' },
  setters: { time: 'distinct', breakdown: 'people' },
  self: { time: 'distinct', breakdown: 'people' },
  // observable once the period's last goal is 180 days old: a later goal in the parent can hide an earlier child
  observed: { time: 'subadditive', breakdown: 'people' },
  attained: { time: 'subadditive', breakdown: 'people' },
  sup_staff: { time: 'distinct', breakdown: 'staff', alwaysCovered: true },
  staff_months: { time: 'additive', breakdown: 'staff', alwaysCovered: true },
  sup_minutes: { time: 'additive', breakdown: 'staff', alwaysCovered: true },
  staff_now: { time: 'snapshot', breakdown: 'staff' },
  trained: { time: 'snapshot', breakdown: 'staff' },
  inc_staff: { time: 'distinct', breakdown: 'incident_staff' },
  incidents: { time: 'additive', breakdown: 'incident_events' },
  res_staff: { time: 'distinct', breakdown: 'incident_staff' },
  resolved: { time: 'additive', breakdown: 'incident_events' },
  res_days: { time: 'additive', breakdown: 'incident_events' },
} as const satisfies Record<string, QuantityDef>;

export type Quantity = keyof typeof QUANTITIES;
export const quantityDef = (q: Quantity): QuantityDef => QUANTITIES[q];

/** What a released value says: q = factor·v, or num = factor·v·den; both within the value's rounding. */
export type ValueRelation =
  | { kind: 'level'; q: Quantity; factor: number; /** the quantity is a whole number: rounding to ≥ 0 decimals is exact */ integer: boolean }
  | { kind: 'ratio'; num: Quantity; den: Quantity; factor: number; /** cells of this dimension take den from the total */ denAtTotalFor?: string };

export interface MetricModel {
  /** Contributors: protected for every suppressed cell. */
  n: Quantity;
  /** People in the numerator: also protected (and n − a) for shares and people-numerator ratios. */
  a?: Quantity;
  /** The quantities of the cell's own key. */
  own: readonly Quantity[];
  /** An absent cell (known value, known period) means these are 0. */
  zeroIfAbsent: readonly Quantity[];
  value: ValueRelation;
}

const level = (q: Quantity, factor = 1, integer = true): ValueRelation => ({ kind: 'level', q, factor, integer });
const ratio = (num: Quantity, den: Quantity, factor = 1): ValueRelation => ({ kind: 'ratio', num, den, factor });
const own = (n: Quantity, a: Quantity | undefined, qs: Quantity[], value: ValueRelation): MetricModel => ({
  n,
  ...(a ? { a } : {}),
  own: qs,
  zeroIfAbsent: qs,
  value,
});

export const METRIC_MODELS: Readonly<Record<string, MetricModel>> = {
  participants_served: own('served', undefined, ['served'], level('served')),
  encounters_attended: own('served', undefined, ['served', 'enc'], level('enc')),
  contact_hours: own('served', undefined, ['served', 'minutes'], level('minutes', 60, false)),
  encounters_per_participant: own('served', undefined, ['served', 'enc'], ratio('enc', 'served')),
  no_show_rate: own('sched_people', 'no_show_people', ['sched_people', 'no_show_people', 'no_show', 'scheduled', 'enc', 'served'], ratio('no_show', 'scheduled')),
  group_share: own('served', 'group_people', ['served', 'group_people', 'group_enc', 'enc'], ratio('group_enc', 'enc')),
  new_enrollments: own('enrolled', undefined, ['enrolled'], level('enrolled')),
  days_to_first_contact: own('contacted', undefined, ['contacted', 'days'], ratio('days', 'contacted')),
  retention_30d: own('cohort30', 'retained30', ['cohort30', 'retained30'], ratio('retained30', 'cohort30')),
  retention_90d: own('cohort90', 'retained90', ['cohort90', 'retained90'], ratio('retained90', 'cohort90')),
  retention_180d: own('cohort180', 'retained180', ['cohort180', 'retained180'], ratio('retained180', 'cohort180')),
  consistent_contact: own('cohort13', 'weekly', ['cohort13', 'weekly'], ratio('weekly', 'cohort13')),
  satisfaction_mean: own('sat_n', undefined, ['sat_n', 'sat_sum'], ratio('sat_sum', 'sat_n')),
  satisfaction_positive: own('sat_n', 'sat_pos', ['sat_n', 'sat_pos'], ratio('sat_pos', 'sat_n')),
  satisfaction_response_rate: own('served', 'responded', ['served', 'responded'], ratio('responded', 'served')),
  trust_mean: own('trust_n', undefined, ['trust_n', 'trust_sum'], ratio('trust_sum', 'trust_n')),
  trust_high: own('trust_n', 'trust_hi', ['trust_n', 'trust_hi'], ratio('trust_hi', 'trust_n')),
  recovery_change: own('rec_n', undefined, ['rec_n', 'rec_sum'], ratio('rec_sum', 'rec_n')),
  recovery_reliable_improvement: own('rec_n', 'reliable', ['rec_n', 'reliable', 'rec_both'], ratio('reliable', 'rec_n')),
  recovery_at_cutoff: own('rec_n', 'at_cutoff', ['rec_n', 'at_cutoff', 'rec_both'], ratio('at_cutoff', 'rec_n')),
  goals_self_directed: own('setters', 'self', ['setters', 'self'], ratio('self', 'setters')),
  goal_attainment: own('observed', 'attained', ['observed', 'attained'], ratio('attained', 'observed')),
  supervision_minutes_per_staff_month: own('sup_staff', undefined, ['sup_staff', 'staff_months', 'sup_minutes'], ratio('sup_minutes', 'staff_months')),
  ethics_training_current: own('staff_now', 'trained', ['staff_now', 'trained'], ratio('trained', 'staff_now')),
  // enc is the participants' encounters of the same key (of the total for a category);
  // a cell without incidents says nothing about them, so it is not zeroed with the cell.
  incidents_per_1000_encounters: {
    n: 'inc_staff',
    own: ['inc_staff', 'incidents'],
    zeroIfAbsent: ['inc_staff', 'incidents'],
    value: { kind: 'ratio', num: 'incidents', den: 'enc', factor: 1 / 1000, denAtTotalFor: 'incident_category' },
  },
  incident_days_to_resolve: own('res_staff', undefined, ['res_staff', 'resolved', 'res_days'], ratio('res_days', 'resolved')),
};

/** The quantities a metric's cells touch, with the dimension each lives at. */
export function quantitiesAt(model: MetricModel, dimension: string): { q: Quantity; dimension: string }[] {
  const out = model.own.map((q) => ({ q, dimension }));
  if (model.value.kind === 'ratio' && !model.own.includes(model.value.den)) {
    const d = model.value.denAtTotalFor === dimension ? 'total' : dimension;
    out.push({ q: model.value.den, dimension: d });
  }
  return out;
}

/** n, a pairs whose complement n − a is people too; `time`: a rule for n − a not implied by those of n and a. */
export const COMPLEMENTS: readonly { n: Quantity; a: Quantity; time: 'subadditive' | null }[] = [
  { n: 'sched_people', a: 'no_show_people', time: 'subadditive' },
  { n: 'served', a: 'group_people', time: 'subadditive' },
  { n: 'served', a: 'responded', time: 'subadditive' },
  { n: 'cohort30', a: 'retained30', time: null },
  { n: 'cohort90', a: 'retained90', time: null },
  { n: 'cohort180', a: 'retained180', time: null },
  { n: 'cohort13', a: 'weekly', time: null },
  { n: 'sat_n', a: 'sat_pos', time: 'subadditive' },
  { n: 'trust_n', a: 'trust_hi', time: 'subadditive' },
  { n: 'rec_n', a: 'reliable', time: 'subadditive' },
  { n: 'rec_n', a: 'at_cutoff', time: 'subadditive' },
  { n: 'setters', a: 'self', time: 'subadditive' },
  { n: 'observed', a: 'attained', time: 'subadditive' },
  { n: 'staff_now', a: 'trained', time: null },
];

export type BreakdownRule = 'partition' | 'cover' | 'subset' | 'within' | 'none';

const DEMOGRAPHIC = new Set(['program', 'site', 'age_band', 'gender', 'race_ethnicity']);

/** How the values of `dimension` relate to the total, for a quantity of class `cls`. */
export function breakdownRule(cls: BreakdownClass, dimension: string): BreakdownRule {
  const demographic = DEMOGRAPHIC.has(dimension);
  const band = dimension === 'consistency_band' || dimension === 'trust_band';
  switch (cls) {
    case 'people':
      return demographic ? 'partition' : dimension === 'modality' ? 'cover' : band ? 'subset' : 'none';
    case 'events':
      return demographic || dimension === 'modality' ? 'partition' : band ? 'subset' : 'none';
    case 'sum':
      return demographic ? 'partition' : 'none';
    case 'staff':
      return dimension === 'program' || dimension === 'site' ? 'partition' : 'none';
    case 'incident_events':
      // programs cover only known sites: Σ programs ≤ total
      return dimension === 'site' || dimension === 'incident_category' ? 'partition' : dimension === 'program' ? 'subset' : 'none';
    case 'incident_staff':
      return dimension === 'site' || dimension === 'incident_category' ? 'cover' : dimension === 'program' ? 'within' : 'none';
  }
}

/** Program vs its sites: 'sum' (program = Σ its sites), 'cover' (each site ≤ program ≤ Σ its sites). */
export function nestingRule(cls: BreakdownClass): 'sum' | 'cover' {
  return cls === 'incident_staff' ? 'cover' : 'sum';
}

/** Score range of one response, per construct. */
export interface ScoreRanges {
  satisfaction: [number, number];
  trust: [number, number];
  recovery: [number, number];
}

const range = (i: Instrument): [number, number] =>
  i.scoring === 'mean' ? [i.scaleMin, i.scaleMax] : [i.scaleMin * i.items, i.scaleMax * i.items];

/** Score ranges of the instruments the release names (its manifest). */
export function scoreRanges(configured: InstrumentChoice): ScoreRanges {
  // read-release.ts has checked that each instrument measures its construct
  const of = (construct: keyof ScoreRanges): [number, number] => range(instrument(configured[construct]));
  return { satisfaction: of('satisfaction'), trust: of('trust'), recovery: of('recovery') };
}

export interface KeyRow {
  terms: [Quantity, number][];
  lo: number;
  hi: number;
  why: string;
}

/**
 * Relations among the quantities of one key (period × breakdown value), from
 * the spec table's "other quantities" column, plus a ≤ n. Each is returned
 * only when all its quantities exist at the key (the caller filters).
 */
export function keyRelations(monthsInPeriod: number, scores: ScoreRanges, answers: AnswerClasses): KeyRow[] {
  const inf = Number.POSITIVE_INFINITY;
  const le = (a: Quantity, b: Quantity, why: string): KeyRow => ({ terms: [[a, 1], [b, -1]], lo: -inf, hi: 0, why });
  const rows: KeyRow[] = [
    le('served', 'enc', 'enc ≥ served'),
    le('enc', 'minutes', 'minutes ≥ enc'),
    { terms: [['scheduled', 1], ['enc', -1], ['no_show', -1]], lo: 0, hi: 0, why: 'scheduled = enc + no_show' },
    le('served', 'sched_people', 'sched_people ≥ served'),
    // every scheduled person attended or missed one
    { terms: [['sched_people', 1], ['served', -1], ['no_show_people', -1]], lo: -inf, hi: 0, why: 'sched_people ≤ served + no_show_people' },
    le('no_show_people', 'no_show', 'no_show ≥ no_show_people'),
    le('no_show_people', 'sched_people', 'no_show_people ≤ sched_people'),
    le('group_enc', 'enc', 'group_enc ≤ enc'),
    le('group_people', 'group_enc', 'group_enc ≥ group_people'),
    le('group_people', 'served', 'group_people ≤ served'),
    le('contacted', 'enrolled', 'contacted ≤ enrolled'),
    le('cohort30', 'enrolled', 'cohort30 ≤ enrolled'),
    le('cohort90', 'enrolled', 'cohort90 ≤ enrolled'),
    le('cohort180', 'enrolled', 'cohort180 ≤ enrolled'),
    le('cohort90', 'cohort30', 'cohort90 ≤ cohort30'),
    le('cohort180', 'cohort90', 'cohort180 ≤ cohort90'),
    le('retained30', 'cohort30', 'retained30 ≤ cohort30'),
    le('retained90', 'cohort90', 'retained90 ≤ cohort90'),
    le('retained180', 'cohort180', 'retained180 ≤ cohort180'),
    // retained at 180 days was retained at 90 and 30 (and observable there)
    le('retained90', 'retained30', 'retained90 ≤ retained30'),
    le('retained180', 'retained90', 'retained180 ≤ retained90'),
    le('cohort13', 'enrolled', 'cohort13 ≤ enrolled'),
    le('weekly', 'cohort13', 'weekly ≤ cohort13'),
    le('sat_pos', 'sat_n', 'sat_pos ≤ sat_n'),
    le('responded', 'sat_n', 'responded ≤ sat_n'),
    le('responded', 'served', 'responded ≤ served'),
    le('trust_hi', 'trust_n', 'trust_hi ≤ trust_n'),
    le('reliable', 'rec_n', 'reliable ≤ rec_n'),
    le('at_cutoff', 'rec_n', 'at_cutoff ≤ rec_n'),
    le('self', 'setters', 'self ≤ setters'),
    le('observed', 'setters', 'observed ≤ setters'),
    le('attained', 'observed', 'attained ≤ observed'),
    le('trained', 'staff_now', 'trained ≤ staff_now'),
    le('inc_staff', 'incidents', 'incidents ≥ inc_staff'),
    le('res_staff', 'resolved', 'resolved ≥ res_staff'),
    le('sup_staff', 'staff_months', 'sup_staff ≤ staff_months'),
  ];
  if (Number.isFinite(monthsInPeriod) && monthsInPeriod > 0) {
    rows.push({ terms: [['staff_months', 1], ['sup_staff', -monthsInPeriod]], lo: -inf, hi: 0, why: `staff_months ≤ ${monthsInPeriod}·sup_staff` });
  }
  const between = (sum: Quantity, n: Quantity, [lo, hi]: [number, number], what: string) => {
    rows.push({ terms: [[sum, 1], [n, -lo]], lo: 0, hi: inf, why: `${what} ≥ ${lo}·n` });
    rows.push({ terms: [[sum, 1], [n, -hi]], lo: -inf, hi: 0, why: `${what} ≤ ${hi}·n` });
  };
  between('sat_sum', 'sat_n', scores.satisfaction, 'sat_sum');
  between('trust_sum', 'trust_n', scores.trust, 'trust_sum');
  const span = scores.recovery[1] - scores.recovery[0];
  between('rec_sum', 'rec_n', [-span, span], 'rec_sum');
  rows.push(...answerRows(answers));
  return rows;
}

/**
 * A mean and a share of the same answers: each respondent's value lies in the
 * range of their class, so the sum bounds how many are at or above. Recovery's
 * two shares split the same people twice: rec_both is those in both, and each
 * of the four classes has its own range of changes.
 */
function answerRows({ scores, recovery: r }: AnswerClasses): KeyRow[] {
  const inf = Number.POSITIVE_INFINITY;
  const rows: KeyRow[] = [];
  // recovery's one-share-at-a-time bounds follow from the four classes below: not written twice
  for (const l of scores) {
    const mean = METRIC_MODELS[l.mean]!.value;
    const a = METRIC_MODELS[l.share]!.a;
    if (mean.kind !== 'ratio' || !a) throw new Error(`audit: ${l.mean} / ${l.share} is no mean and share`);
    const [sum, n] = [mean.num, mean.den];
    rows.push({
      terms: [[sum, 1], [n, -l.below[0]], [a, -(l.atOrAbove[0] - l.below[0])]],
      lo: 0,
      hi: inf,
      why: `${sum} ≥ ${l.below[0]}·(${n} − ${a}) + ${l.atOrAbove[0]}·${a}`,
    });
    rows.push({
      terms: [[sum, 1], [n, -l.below[1]], [a, -(l.atOrAbove[1] - l.below[1])]],
      lo: -inf,
      hi: 0,
      why: `${sum} ≤ ${l.below[1]}·(${n} − ${a}) + ${l.atOrAbove[1]}·${a}`,
    });
  }
  // rec_sum within Σ class range × (rec_both, reliable − rec_both, at_cutoff − rec_both, rec_n − reliable − at_cutoff + rec_both)
  const end = (i: 0 | 1): [Quantity, number][] => [
    ['rec_sum', 1],
    ['rec_n', -r.neither[i]],
    ['reliable', -(r.reliableOnly[i] - r.neither[i])],
    ['at_cutoff', -(r.cutoffOnly[i] - r.neither[i])],
    ['rec_both', -(r.both[i] - r.reliableOnly[i] - r.cutoffOnly[i] + r.neither[i])],
  ];
  rows.push(
    { terms: [['rec_both', 1], ['reliable', -1]], lo: -inf, hi: 0, why: 'rec_both ≤ reliable' },
    { terms: [['rec_both', 1], ['at_cutoff', -1]], lo: -inf, hi: 0, why: 'rec_both ≤ at_cutoff' },
    { terms: [['reliable', 1], ['at_cutoff', 1], ['rec_both', -1], ['rec_n', -1]], lo: -inf, hi: 0, why: 'reliable + at_cutoff − rec_both ≤ rec_n' },
    { terms: end(0), lo: 0, hi: inf, why: 'rec_sum ≥ the lowest changes of the four recovery classes' },
    { terms: end(1), lo: -inf, hi: 0, why: 'rec_sum ≤ the highest changes of the four recovery classes' },
  );
  return rows;
}
