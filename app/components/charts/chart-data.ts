// Chart points from released values. A suppressed or missing value becomes
// null, which the charts draw as a gap (never as 0, never bridged); the
// suppressed ones also carry a flag so the chart can mark them.
import type { ReleasedValue } from '../../../pipelines/release/format';
import { formatNumber, formatValue } from '~/lib/format';

export const PALETTE = {
  // Okabe–Ito blue: distinguishable with any colour vision, 5.2:1 on white.
  series: '#0072B2',
  suppressed: '#5f6673',
  grid: '#e3e6eb',
  axis: '#4a5263',
} as const;

export interface ChartPoint {
  label: string;
  value: number | null;
  suppressed: boolean;
  text: string;
}

/** Proportions are drawn as percentages; everything else as published. */
export function chartPoint(label: string, v: ReleasedValue | null, unit: string, decimals: number): ChartPoint {
  if (v === null) return { label, value: null, suppressed: false, text: 'none' };
  if (v.status === 'suppressed') return { label, value: null, suppressed: true, text: 'suppressed' };
  return { label, value: unit === 'proportion' ? v.value * 100 : v.value, suppressed: false, text: formatValue(v.value, unit, decimals) };
}

/** Axis ticks: percentages whole; other values with up to the published decimals, trailing zeros dropped. */
export function tickFormatter(unit: string, decimals: number): (x: number) => string {
  if (unit === 'proportion') return (x) => `${formatNumber(x, 0)}%`;
  return (x) => {
    const text = formatNumber(x, decimals);
    return text.includes('.') ? text.replace(/\.?0+$/, '') : text;
  };
}
