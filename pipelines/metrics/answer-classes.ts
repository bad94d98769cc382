// What a published mean says about a share of the same answers. A mean of
// scores and the share at or above a threshold rest on the same respondents:
// each of them is in one of two classes (below, at or above), and each class
// allows only some values. With n respondents and a of them in the upper
// class, the sum behind the mean lies between
//   below.lo·(n − a) + atOrAbove.lo·a   and   below.hi·(n − a) + atOrAbove.hi·a,
// so a published mean bounds a. These are public facts of the metric
// definitions (docs/metrics.md) and the instruments; the suppression step and
// the audit each draw their own conclusions from them.
import { instrument, possibleScores, type Instrument, type InstrumentChoice } from '../contract/instruments';
import { RELIABLE_CHANGE_Z } from './catalog';

export interface MeanShareLink {
  /** The mean metric (sum ÷ respondents) and the share metric over the same respondents. */
  mean: string;
  share: string;
  /** The values one respondent can contribute to the mean's sum, for each class of the share. */
  below: [number, number];
  atOrAbove: [number, number];
}

/**
 * The store keeps each score to 6 decimals (scores.sql) and compares it with
 * the threshold exactly; the reliable-change test divides in floating point.
 * Classes follow the stored values; a change within EDGE of the reliable
 * threshold counts on both sides, and every range is widened by SLACK. Each relation stays
 * true of the data; the bounds only loosen by a hundred-thousandth.
 */
const SLACK = 1e-5;
const EDGE = 1e-9;

type Range = [number, number];
const span = (xs: readonly number[]): Range => {
  if (xs.length === 0) throw new Error('answer classes: a class no respondent can be in');
  return [Math.min(...xs) - SLACK, Math.max(...xs) + SLACK];
};
const union = (a: Range, b: Range): Range => [Math.min(a[0], b[0]), Math.max(a[1], b[1])];
/** A score as the store keeps it, in millionths (an exact integer). */
const stored = (score: number) => Math.round(score * 1e6);
/** [can be at or above, can be below] the threshold; `edge`: how close counts as either. */
const sides = (value: number, threshold: number, edge = 0) => [value >= threshold - edge, value < threshold + edge];

/** The two classes of an instrument's scores split at its threshold. */
function scoreClasses(i: Instrument): Pick<MeanShareLink, 'below' | 'atOrAbove'> {
  const scores = possibleScores(i).map((v) => stored(v) / 1e6);
  return {
    below: span(scores.filter((v) => sides(v, i.positiveThreshold)[1])),
    atOrAbove: span(scores.filter((v) => sides(v, i.positiveThreshold)[0])),
  };
}

/**
 * Recovery's two shares split the same respondents twice: the change a
 * respondent adds to the sum, by whether it is a reliable improvement and
 * whether the follow-up score is at or above the cut-off.
 */
export interface RecoveryClasses {
  both: Range;
  reliableOnly: Range;
  cutoffOnly: Range;
  neither: Range;
}

function recoveryClasses(configured: InstrumentChoice): RecoveryClasses {
  const rec = instrument(configured.recovery);
  const scores = possibleScores(rec).map(stored);
  // reliable: change ÷ (SD × √2 × √(1 − reliability)) ≥ z (docs/metrics.md)
  const denominator = rec.referenceSd! * Math.sqrt(2) * Math.sqrt(1 - rec.reliability!);
  const out = { both: [] as number[], reliableOnly: [] as number[], cutoffOnly: [] as number[], neither: [] as number[] };
  for (const follow of scores) {
    const [cut, notCut] = sides(follow / 1e6, rec.positiveThreshold);
    for (const intake of scores) {
      const change = (follow - intake) / 1e6;
      const [reliable, notReliable] = sides(change / denominator, RELIABLE_CHANGE_Z, EDGE);
      if (reliable && cut) out.both.push(change);
      if (reliable && notCut) out.reliableOnly.push(change);
      if (notReliable && cut) out.cutoffOnly.push(change);
      if (notReliable && notCut) out.neither.push(change);
    }
  }
  return { both: span(out.both), reliableOnly: span(out.reliableOnly), cutoffOnly: span(out.cutoffOnly), neither: span(out.neither) };
}

export interface AnswerClasses {
  /** Satisfaction and trust: a mean and one share of the same answers. */
  scores: MeanShareLink[];
  /** Recovery's mean change and its two shares together. */
  recovery: RecoveryClasses;
  /** Every mean–share pair, one share at a time (recovery's from its four classes). */
  links: MeanShareLink[];
}

/** The answer classes of the release, for the configured instruments. */
export function answerClasses(configured: InstrumentChoice): AnswerClasses {
  const r = recoveryClasses(configured);
  const scores: MeanShareLink[] = [
    { mean: 'satisfaction_mean', share: 'satisfaction_positive', ...scoreClasses(instrument(configured.satisfaction)) },
    { mean: 'trust_mean', share: 'trust_high', ...scoreClasses(instrument(configured.trust)) },
  ];
  const recovery: MeanShareLink[] = [
    {
      mean: 'recovery_change',
      share: 'recovery_reliable_improvement',
      below: union(r.cutoffOnly, r.neither),
      atOrAbove: union(r.both, r.reliableOnly),
    },
    { mean: 'recovery_change', share: 'recovery_at_cutoff', below: union(r.reliableOnly, r.neither), atOrAbove: union(r.both, r.cutoffOnly) },
  ];
  return { scores, recovery: r, links: [...scores, ...recovery] };
}
