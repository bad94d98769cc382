// Chart points from released values. A suppressed or missing value becomes
// null, which the charts draw as a gap (never as 0, never bridged); the
// suppressed ones also carry a flag so the chart can mark them.
import type { ReleasedValue } from '../../../pipelines/release/format';
import { formatNumber, formatValue } from '~/lib/format';

export const PALETTE = {
  // Okabe–Ito blue: distinguishable with any colour vision, 5.2:1 on white.
  series: '#0072B2',
  reference: '#4a5263',
  suppressed: '#5f6673',
  grid: '#e3e6eb',
  zero: '#8a919e',
  axis: '#4a5263',
} as const;

export interface ChartPoint {
  label: string;
  value: number | null;
  suppressed: boolean;
  /** The value as the tables show it, and what it rests on where the release says (a tooltip). */
  text: string;
}

/** Proportions are drawn as percentages; everything else as published. `base`: e.g. "of 311 participants served". */
export function chartPoint(label: string, v: ReleasedValue | null, unit: string, decimals: number, base?: string): ChartPoint {
  if (v === null) return { label, value: null, suppressed: false, text: 'no one' };
  if (v.status === 'suppressed') return { label, value: null, suppressed: true, text: 'suppressed' };
  const text = formatValue(v.value, unit, decimals);
  return { label, value: unit === 'proportion' ? v.value * 100 : v.value, suppressed: false, text: base ? `${text} ${base}` : text };
}

/** Axis ticks: percentages whole; other values with up to the published decimals, trailing zeros dropped. */
export function tickFormatter(unit: string, decimals: number): (x: number) => string {
  if (unit === 'proportion') return (x) => `${formatNumber(x, 0)}%`;
  return (x) => {
    const text = formatNumber(x, decimals);
    return text.includes('.') ? text.replace(/\.?0+$/, '') : text;
  };
}
