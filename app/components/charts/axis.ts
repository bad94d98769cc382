// Axis ends and ticks, shared by every chart (and sent to the browser: no
// release or instrument knowledge here, only the scale a metric was given).

/** A chart's axis: fixed ends, or from `min` up to the data (max null). Values as charted (proportions in percent). */
export interface AxisScale {
  min: number;
  max: number | null;
}

const STEPS = [1, 2, 2.5, 5, 10];

/** A round step that cuts `range` into at most `most` parts. */
function niceStep(range: number, most: number): number {
  if (!(range > 0)) return 1;
  const raw = range / most;
  const power = 10 ** Math.floor(Math.log10(raw));
  return (STEPS.find((s) => s * power >= raw - 1e-12) ?? 10) * power;
}

/**
 * The axis ends for values `values` (as charted): the scale's fixed ends, or
 * from its minimum up to a round number at or above the largest value. A value
 * outside fixed ends (which a release should not have) widens the axis, so no
 * point is ever drawn off the chart.
 */
export function axisDomain(scale: AxisScale, values: readonly (number | null)[]): [number, number] {
  const shown = values.filter((v): v is number => v !== null && Number.isFinite(v));
  let lo = Math.min(scale.min, ...shown);
  let hi = scale.max ?? Math.max(...shown, lo);
  if (scale.max !== null) hi = Math.max(hi, ...shown);
  // A range too small for any step (one value at the minimum, or none) gets one unit.
  if (!(hi - lo > 1e-9 * Math.max(1, Math.abs(lo)))) hi = lo + 1;
  if (scale.max === null || hi > scale.max || lo < scale.min) {
    const step = niceStep(hi - lo, 5);
    lo = Math.floor(lo / step) * step;
    hi = Math.ceil(hi / step) * step;
  }
  return [lo, hi];
}

/** Ticks at a round step, both ends included where a step of 4–6 parts lands on them (1–5, 10–60, −50–50, 0–100%). */
export function axisTicks([lo, hi]: [number, number]): number[] {
  const onEnds = (step: number) => Number.isInteger(Math.round((lo / step) * 1e9) / 1e9) && Number.isInteger(Math.round((hi / step) * 1e9) / 1e9);
  const step = [5, 4, 6].map((most) => niceStep(hi - lo, most)).find(onEnds) ?? niceStep(hi - lo, 5);
  const ticks: number[] = [];
  for (let t = Math.ceil(lo / step - 1e-9) * step; t <= hi + step * 1e-9; t += step) ticks.push(Math.round(t * 1e9) / 1e9 || 0);
  return ticks;
}
