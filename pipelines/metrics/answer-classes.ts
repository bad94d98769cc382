// What a published mean says about a share of the same answers. A mean of
// scores and the share at or above a threshold rest on the same respondents:
// each of them is in one of two classes (below, at or above), and each class
// allows only some values. With n respondents and a of them in the upper
// class, the sum behind the mean lies between
//   below.lo·(n − a) + atOrAbove.lo·a   and   below.hi·(n − a) + atOrAbove.hi·a,
// so a published mean bounds a. These are public facts of the metric
// definitions (docs/metrics.md) and the instruments; the suppression step and
// the audit each draw their own conclusions from them.
import { instrument, possibleScores, type InstrumentChoice } from '../contract/instruments';
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
 * Slack for the store's rounding: scores are kept to 6 decimals (a score
 * compares with its threshold exactly: no score below a threshold rounds up
 * to it, as they differ by at least 1/12) and the reliable-change test is
 * computed in floating point. Widening the classes a little keeps every
 * relation true of the data; it only loosens the bounds.
 */
const SLACK = 1e-5;

/**
 * The two classes of `values` split at `threshold`. `ambiguous`: values this
 * close to the threshold may fall on either side (a floating-point test).
 */
function classesOf(values: readonly number[], threshold: number, ambiguous = 0): Pick<MeanShareLink, 'below' | 'atOrAbove'> {
  const below = values.filter((v) => v < threshold + ambiguous);
  const above = values.filter((v) => v >= threshold - ambiguous);
  if (below.length === 0 || above.length === 0) throw new Error(`answer classes: threshold ${threshold} leaves a class empty`);
  return {
    below: [Math.min(...below) - SLACK, Math.max(...below) + SLACK],
    atOrAbove: [Math.min(...above) - SLACK, Math.max(...above) + SLACK],
  };
}

/** Every difference follow-up − intake of two possible scores. */
function possibleChanges(scores: readonly number[]): number[] {
  const out = new Set<number>();
  for (const f of scores) for (const i of scores) out.add(f - i);
  return [...out];
}

/** The mean–share pairs of the release, for the configured instruments. */
export function meanShareLinks(configured: InstrumentChoice): MeanShareLink[] {
  const sat = instrument(configured.satisfaction);
  const trust = instrument(configured.trust);
  const rec = instrument(configured.recovery);
  const recScores = possibleScores(rec);
  const changes = possibleChanges(recScores);
  // reliable: change ÷ (SD × √2 × √(1 − reliability)) ≥ z (docs/metrics.md)
  const reliableChange = RELIABLE_CHANGE_Z * rec.referenceSd! * Math.sqrt(2) * Math.sqrt(1 - rec.reliability!);
  // at the cut-off: the follow-up score is; the change is that score − an intake score
  const cut = classesOf(recScores, rec.positiveThreshold);
  const [lo, hi] = [recScores[0]!, recScores[recScores.length - 1]!];
  return [
    { mean: 'satisfaction_mean', share: 'satisfaction_positive', ...classesOf(possibleScores(sat), sat.positiveThreshold) },
    { mean: 'trust_mean', share: 'trust_high', ...classesOf(possibleScores(trust), trust.positiveThreshold) },
    { mean: 'recovery_change', share: 'recovery_reliable_improvement', ...classesOf(changes, reliableChange, SLACK) },
    {
      mean: 'recovery_change',
      share: 'recovery_at_cutoff',
      below: [cut.below[0] - hi, cut.below[1] - lo],
      atOrAbove: [cut.atOrAbove[0] - hi, cut.atOrAbove[1] - lo],
    },
  ];
}
