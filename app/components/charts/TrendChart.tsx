// A metric's trend: a line with a gap wherever a value is suppressed or
// missing (the scale and unit are named above the chart, in words), and a dashed vertical mark at each suppressed period; optionally a
// dashed reference line (the whole the group belongs to). Drawn as plain SVG,
// the same on the server and in the browser, so the page has its chart without
// JavaScript; each point's value is its tooltip, and the table beside the
// chart has every number.
import { axisDomain, axisTicks, type AxisScale } from './axis';
import { PALETTE, tickFormatter, type ChartPoint } from './chart-data';
import { SuppressedMark } from './SuppressedMark';
import { useChartWidth } from './useChartWidth';

export interface TrendChartProps {
  title: string;
  unit: string;
  decimals: number;
  /** The axis: by default 0–100% for proportions, from zero for everything else (never zoomed to the data). */
  scale?: AxisScale;
  points: ChartPoint[];
  /** The whole, drawn dashed behind the line: one point per period of `points`. */
  reference?: { name: string; points: ChartPoint[] };
  height?: number;
  /** A fixed width (reports are drawn at the width they print); fills its container otherwise. */
  width?: number;
  /** A small multiple: fewer ticks and labels. */
  compact?: boolean;
}

export const defaultScale = (unit: string) => (unit === 'proportion' ? { min: 0, max: 100 } : { min: 0, max: null });

const CHAR = 6.6; // px per character of 12 px text, for room to leave
const TOP = 18;
/** Coordinates to a tenth of a pixel: the HTML stays small. */
export const px = (v: number) => Math.round(v * 10) / 10;

/** One path per run of drawn values: `M` starts a run; a gap starts the next. */
function linePath(points: ChartPoint[], x: (i: number) => number, y: (v: number) => number): string {
  let d = '';
  let inRun = false;
  points.forEach((p, i) => {
    if (p.value === null) {
      inRun = false;
      return;
    }
    d += `${inRun ? 'L' : 'M'}${x(i)} ${y(p.value)} `;
    inRun = true;
  });
  return d.trim();
}

export function TrendChart({ title, unit, decimals, scale, points, reference, height, width: fixed, compact = false }: TrendChartProps) {
  const { ref, width } = useChartWidth<HTMLDivElement>(compact ? 320 : 880, fixed);
  const h = height ?? (compact ? 150 : 240);
  const domain = axisDomain(scale ?? defaultScale(unit), [...points.map((p) => p.value), ...(reference?.points.map((p) => p.value) ?? [])]);
  const [lo, hi] = domain;
  const ticks = axisTicks(domain);
  const tick = tickFormatter(unit, decimals);
  // Period labels are centred on their point: the first and last need half a label of room beside the plot.
  const widest = Math.max(...points.map((p) => p.label.length)) * CHAR + 16;
  const left = Math.max(12 + CHAR * Math.max(...ticks.map((t) => tick(t).length)), widest / 2);
  const right = widest / 2;
  const bottom = 22;
  const plotW = Math.max(40, width - left - right);
  const plotH = h - TOP - bottom;
  const n = points.length;
  const x = (i: number) => px(left + (n === 1 ? plotW / 2 : (i * plotW) / (n - 1)));
  const y = (v: number) => px(TOP + (1 - (v - lo) / (hi - lo)) * plotH);
  // Period labels that fit: every k-th, the last one always.
  const every = n <= 1 ? 1 : Math.max(1, Math.ceil(widest / (plotW / (n - 1))));
  const labelled = points.map((_, i) => i === n - 1 || (i % every === 0 && n - 1 - i >= every));
  const suppressed = points.filter((p) => p.suppressed).length;
  const summary = `${title}: line chart of ${n} periods${suppressed ? `, ${suppressed} suppressed` : ''}${reference ? `, with ${reference.name} for reference` : ''}. The table has every value.`;
  return (
    <div className="chart" ref={ref} role="img" aria-label={summary}>
      <svg width={width} height={h} viewBox={`0 0 ${width} ${h}`} className="chart__svg" aria-hidden="true" focusable="false">
        {/* Shared attributes on groups, one path for the grid: a page has many charts, and its HTML carries them all. */}
        <path d={ticks.map((t) => `M${px(left)} ${y(t)}H${px(left + plotW)}`).join('')} stroke={PALETTE.grid} />
        {lo < 0 && hi > 0 && <path d={`M${px(left)} ${y(0)}H${px(left + plotW)}`} stroke={PALETTE.zero} />}
        <g fontSize={12} fill={PALETTE.axis}>
          <g textAnchor="end">
            {ticks.map((t) => (
              <text key={t} className="chart__tick" x={px(left - 6)} y={px(y(t) + 4)}>
                {tick(t)}
              </text>
            ))}
          </g>
          <g textAnchor="middle">
            {points.map((p, i) =>
              labelled[i] ? (
                <text key={p.label} x={x(i)} y={h - 6}>
                  {p.label}
                </text>
              ) : null,
            )}
          </g>
        </g>
        {points.map((p, i) =>
          p.suppressed ? (
            <g key={`s-${p.label}`} className="chart__suppressed">
              <title>{`${p.label}: suppressed`}</title>
              <line x1={x(i)} x2={x(i)} y1={TOP} y2={TOP + plotH} stroke={PALETTE.suppressed} strokeDasharray="4 3" />
              <SuppressedMark x={x(i) - 6} y={TOP - 14} />
            </g>
          ) : null,
        )}
        {reference && (
          <path className="chart__reference" d={linePath(reference.points, x, y)} fill="none" stroke={PALETTE.reference} strokeWidth={1.5} strokeDasharray="6 4">
            <title>{reference.name}</title>
          </path>
        )}
        <path className="chart__line" d={linePath(points, x, y)} fill="none" stroke={PALETTE.series} strokeWidth={2} />
        {/* A dot with its value as tooltip at every point; a small multiple marks only a point with no neighbour, which no line shows. */}
        <g fill={PALETTE.series}>
          {points.map((p, i) =>
            p.value === null || (compact && (points[i - 1]?.value ?? null) !== null) || (compact && (points[i + 1]?.value ?? null) !== null) ? null : (
              <circle key={`p-${p.label}`} cx={x(i)} cy={y(p.value)} r={compact ? 2.5 : 3.5}>
                <title>{`${p.label}: ${p.text}${reference?.points[i] ? ` (${reference.name}: ${reference.points[i]!.text})` : ''}`}</title>
              </circle>
            ),
          )}
        </g>
      </svg>
    </div>
  );
}
