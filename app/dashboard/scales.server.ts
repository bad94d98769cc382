// What a chart's axis spans and how the chart names its scale. A chart zoomed
// to its data turns a move from 3.81 to 3.93 on a 1–5 scale into a collapse,
// so no axis fits the data's range: a mean score spans its instrument's whole
// scale, a share 0–100%, a change in score every change the scale allows, and
// everything else (counts, totals, rates, durations) starts at zero.
//
// The release's manifest names the instrument behind each construct's scores
// (`instruments`: { satisfaction, trust, recovery } → instrument id). The app
// may not read the pipeline's instrument registry, so the public facts of each
// instrument's scale are listed here; tests/app/chart-scales.test.ts holds them
// equal to the registry (pipelines/contract/instruments.ts).
import { z } from 'zod';
import type { AxisScale } from '~/components/charts/axis';
import { formatNumber } from '~/lib/format';

export type Construct = 'satisfaction' | 'trust' | 'recovery';

export interface InstrumentScale {
  scaleMin: number;
  scaleMax: number;
  items: number;
  /** A score is the mean of the answered items, or their sum prorated to all items. */
  scoring: 'mean' | 'prorated_sum';
  /** A score at or above this is "positive", "high trust" or "at or above the cut-off". */
  positiveThreshold: number;
}

export const INSTRUMENT_SCALES: Readonly<Record<string, InstrumentScale>> = {
  po_satisfaction: { scaleMin: 1, scaleMax: 5, items: 6, scoring: 'mean', positiveThreshold: 4 },
  po_trust: { scaleMin: 1, scaleMax: 5, items: 5, scoring: 'mean', positiveThreshold: 4 },
  po_recovery: { scaleMin: 1, scaleMax: 6, items: 10, scoring: 'prorated_sum', positiveThreshold: 47 },
  barc10: { scaleMin: 1, scaleMax: 6, items: 10, scoring: 'prorated_sum', positiveThreshold: 47 },
  csq8: { scaleMin: 1, scaleMax: 4, items: 8, scoring: 'mean', positiveThreshold: 3 },
  wai_sr: { scaleMin: 1, scaleMax: 5, items: 12, scoring: 'mean', positiveThreshold: 4 },
};

/** The lowest and highest score one response can have. */
export function scoreRange(i: InstrumentScale): [number, number] {
  return i.scoring === 'mean' ? [i.scaleMin, i.scaleMax] : [i.scaleMin * i.items, i.scaleMax * i.items];
}

const Choice = z.object({ satisfaction: z.string(), trust: z.string(), recovery: z.string() }).partial();

/** The instrument scale behind each construct, from the manifest's `instruments` text; an unknown id has none. */
export function releaseScales(instrumentsJson: string): Partial<Record<Construct, InstrumentScale>> {
  let json: unknown;
  try {
    json = JSON.parse(instrumentsJson);
  } catch {
    return {};
  }
  const parsed = Choice.safeParse(json);
  if (!parsed.success) return {};
  const out: Partial<Record<Construct, InstrumentScale>> = {};
  for (const [construct, id] of Object.entries(parsed.data) as [Construct, string | undefined][]) {
    const scale = id ? INSTRUMENT_SCALES[id] : undefined;
    if (scale) out[construct] = scale;
  }
  return out;
}

/** Metrics read off an instrument's scores: the construct, and what the value is on its scale. */
const SCORED: Record<string, { construct: Construct; is: 'mean' | 'change' | 'at-threshold' | 'share' }> = {
  satisfaction_mean: { construct: 'satisfaction', is: 'mean' },
  satisfaction_positive: { construct: 'satisfaction', is: 'at-threshold' },
  trust_mean: { construct: 'trust', is: 'mean' },
  trust_high: { construct: 'trust', is: 'at-threshold' },
  recovery_change: { construct: 'recovery', is: 'change' },
  recovery_at_cutoff: { construct: 'recovery', is: 'at-threshold' },
  recovery_reliable_improvement: { construct: 'recovery', is: 'share' },
};

const THRESHOLD_WORD: Record<Construct, string> = { satisfaction: 'positive', trust: 'high trust', recovery: 'the cut-off' };

/** A metric's axis, and its scale and unit in words, shown with every chart of the metric. */
export interface MetricScale extends AxisScale {
  text: string;
}

const n = (x: number) => formatNumber(x, 0);
const span = (lo: number, hi: number) => `${n(lo)}–${n(hi)}`;

const UNIT_WORDS: Record<string, string> = {
  people: 'Number of people',
  encounters: 'Number of encounters',
  hours: 'Hours',
  'per participant': 'Encounters per participant served',
  days: 'Mean number of days',
  'minutes per staff-month': 'Minutes per peer-specialist month',
  'per 1,000 encounters': 'Incidents per 1,000 encounters',
};

export function metricScale(metric: { id: string; unit: string }, scales: Partial<Record<Construct, InstrumentScale>>): MetricScale {
  const scored = SCORED[metric.id];
  const instrument = scored ? scales[scored.construct] : undefined;
  if (metric.unit === 'proportion') {
    if (scored?.is === 'at-threshold' && instrument) {
      const [lo, hi] = scoreRange(instrument);
      const word = THRESHOLD_WORD[scored.construct];
      return {
        min: 0,
        max: 100,
        text: `Percent scoring ${n(instrument.positiveThreshold)} or more on the ${span(lo, hi)} ${scored.construct} scale (${word}); axis 0–100%.`,
      };
    }
    return { min: 0, max: 100, text: 'Percent; axis 0–100%.' };
  }
  if (scored && instrument) {
    const [lo, hi] = scoreRange(instrument);
    const threshold = `${scored.construct === 'recovery' ? 'the cut-off is' : `${THRESHOLD_WORD[scored.construct]} =`} ${n(instrument.positiveThreshold)} or more`;
    if (scored.is === 'change') {
      const most = hi - lo;
      return {
        min: -most,
        max: most,
        text: `Mean change in score, intake to follow-up, on the ${span(lo, hi)} ${scored.construct} scale (${threshold}); the axis spans every possible change, −${n(most)} to +${n(most)}.`,
      };
    }
    return { min: lo, max: hi, text: `Mean score on the ${span(lo, hi)} ${scored.construct} scale (${threshold}); the axis spans the whole scale.` };
  }
  if (scored) return { min: 0, max: null, text: `Mean ${metric.unit}; the release does not name the instrument, so its scale is not known; axis from zero.` };
  return { min: 0, max: null, text: `${UNIT_WORDS[metric.unit] ?? metric.unit}; axis from zero.` };
}
