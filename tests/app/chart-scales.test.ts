// Chart axes come from what a value is, never from the data's own range: a
// mean score spans its instrument's scale (named by the release's manifest),
// a share 0–100%, a change in score every change the scale allows, counts and
// durations start at zero. The app's list of instrument scales is the
// pipeline registry's (the app may not import it).
import { renderToStaticMarkup } from 'react-dom/server';
import { createElement } from 'react';
import { describe, expect, it } from 'vitest';
import { INSTRUMENTS } from '../../pipelines/contract/instruments';
import { METRICS } from '../../pipelines/metrics/catalog';
import { chartPoint } from '~/components/charts/chart-data';
import { TrendChart } from '~/components/charts/TrendChart';
import { axisDomain, axisTicks } from '~/components/charts/axis';
import { INSTRUMENT_SCALES, metricScale, releaseScales } from '~/dashboard/scales.server';
import type { ReleasedValue } from '../../pipelines/release/format';

const DEMO = JSON.stringify({ satisfaction: 'po_satisfaction', trust: 'po_trust', recovery: 'po_recovery' });
const scales = releaseScales(DEMO);
const scaleOf = (id: string, instruments = scales) => {
  const m = METRICS.find((x) => x.id === id)!;
  return metricScale(m, instruments);
};

describe('instrument scales', () => {
  it('are the registry’s, for every instrument it has', () => {
    expect(Object.keys(INSTRUMENT_SCALES).sort()).toEqual(INSTRUMENTS.map((i) => i.id).sort());
    for (const i of INSTRUMENTS) {
      expect(INSTRUMENT_SCALES[i.id], i.id).toEqual({
        scaleMin: i.scaleMin,
        scaleMax: i.scaleMax,
        items: i.items,
        scoring: i.scoring,
        positiveThreshold: i.positiveThreshold,
      });
    }
  });

  it('are read from the manifest’s instruments; an unknown instrument or bad JSON gives none', () => {
    expect(releaseScales(DEMO).satisfaction).toEqual(INSTRUMENT_SCALES.po_satisfaction);
    expect(releaseScales(JSON.stringify({ satisfaction: 'csq8' })).satisfaction).toEqual(INSTRUMENT_SCALES.csq8);
    expect(releaseScales(JSON.stringify({ satisfaction: 'no_such' }))).toEqual({});
    expect(releaseScales('not json')).toEqual({});
    expect(releaseScales('[1]')).toEqual({});
  });
});

describe('axis domains from instruments', () => {
  it('a mean score spans its instrument’s whole scale, and says so with the positive threshold', () => {
    const s = scaleOf('satisfaction_mean');
    expect(axisDomain(s, [3.81, 3.93])).toEqual([1, 5]);
    expect(s.text).toContain('1–5');
    expect(s.text).toContain('positive = 4 or more');
    expect(axisDomain(scaleOf('trust_mean'), [4.1])).toEqual([1, 5]);
    // Another instrument, another scale: CSQ-8 items run 1–4, positive from 3.
    const csq = scaleOf('satisfaction_mean', releaseScales(JSON.stringify({ satisfaction: 'csq8' })));
    expect(axisDomain(csq, [3.1])).toEqual([1, 4]);
    expect(csq.text).toContain('positive = 3 or more');
  });

  it('a change in a prorated-sum score spans every possible change; the cut-off share names its cut-off', () => {
    expect(axisDomain(scaleOf('recovery_change'), [4.4, 6.6])).toEqual([-50, 50]);
    expect(scaleOf('recovery_change').text).toContain('10–60');
    const cutoff = scaleOf('recovery_at_cutoff');
    expect(axisDomain(cutoff, [31, 35])).toEqual([0, 100]);
    expect(cutoff.text).toContain('47 or more on the 10–60 recovery scale');
    expect(scaleOf('satisfaction_positive').text).toContain('4 or more on the 1–5 satisfaction scale');
  });

  it('shares span 0–100%; counts, rates and durations start at zero', () => {
    for (const m of METRICS.filter((x) => x.unit === 'proportion')) expect(axisDomain(scaleOf(m.id), [76.2, 79.9]), m.id).toEqual([0, 100]);
    for (const m of METRICS.filter((x) => x.unit !== 'proportion' && x.unit !== 'score' && x.unit !== 'points')) {
      const [lo, hi] = axisDomain(scaleOf(m.id), [8.4, 11.2]);
      expect(lo, m.id).toBe(0);
      expect(hi, m.id).toBeGreaterThanOrEqual(11.2);
      expect(hi, m.id).toBeLessThan(20);
      expect(scaleOf(m.id).text, m.id).toContain('axis from zero');
    }
  });

  it('every metric names its scale', () => {
    for (const m of METRICS) expect(scaleOf(m.id).text.length, m.id).toBeGreaterThan(10);
  });

  it('without the instrument a score is drawn from zero, and the text says the scale is not known', () => {
    const s = scaleOf('satisfaction_mean', {});
    expect(axisDomain(s, [3.81, 3.93])[0]).toBe(0);
    expect(s.text).toContain('not known');
  });

  it('a value outside fixed ends widens the axis instead of leaving the chart', () => {
    const [lo, hi] = axisDomain({ min: 1, max: 5 }, [5.5]);
    expect(lo).toBeLessThanOrEqual(1);
    expect(hi).toBeGreaterThanOrEqual(5.5);
    expect(axisDomain({ min: 0, max: null }, [])).toEqual([0, 1]);
  });

  it('ticks land on both ends of a scale', () => {
    expect(axisTicks([1, 5])).toEqual([1, 2, 3, 4, 5]);
    expect(axisTicks([10, 60])).toEqual([10, 20, 30, 40, 50, 60]);
    expect(axisTicks([-50, 50])).toEqual([-50, -25, 0, 25, 50]);
    expect(axisTicks([0, 100])).toEqual([0, 20, 40, 60, 80, 100]);
  });

  it('a drawn chart of a mean carries the whole scale’s ticks', () => {
    const released = (value: number) => ({ status: 'released', value }) as ReleasedValue;
    const points = [3.81, 3.93].map((v, i) => chartPoint(`M${i}`, released(v), 'score', 2));
    const svg = renderToStaticMarkup(createElement(TrendChart, { title: 'Mean', unit: 'score', decimals: 2, scale: scaleOf('satisfaction_mean'), points }));
    const ticks = [...svg.matchAll(/class="chart__tick"[^>]*>([^<]+)</g)].map((m) => m[1]);
    expect(ticks).toEqual(['1', '2', '3', '4', '5']);
  });
});
