// A metric across the values of a breakdown in one period: horizontal bars
// from the axis's base (zero, or the bottom of a score's scale), each
// labelled with its value. A suppressed value has no bar: its row says
// "suppressed" beside the group's name and carries the mark. Plain SVG, the
// same on the server and in the browser.
import { unitText } from '~/lib/format';
import { axisDomain, axisTicks, type AxisScale } from './axis';
import { PALETTE, tickFormatter, type ChartPoint } from './chart-data';
import { defaultScale, px } from './TrendChart';
import { SuppressedMark } from './SuppressedMark';
import { useChartWidth } from './useChartWidth';

export interface BreakdownChartProps {
  title: string;
  unit: string;
  decimals: number;
  scale?: AxisScale;
  rows: ChartPoint[];
  /** The whole the groups belong to, as a last, grey bar. */
  reference?: ChartPoint;
}

const ROW = 28;
const CHAR = 6.6;

const rowNote = (r: ChartPoint) => (r.suppressed ? ' (suppressed)' : r.value === null ? ' (no one)' : '');

export function BreakdownChart({ title, unit, decimals, scale, rows: groups, reference }: BreakdownChartProps) {
  const { ref, width } = useChartWidth<HTMLDivElement>(880);
  const rows = reference ? [...groups, reference] : groups;
  const domain = axisDomain(scale ?? defaultScale(unit), rows.map((r) => r.value));
  const [lo, hi] = domain;
  const ticks = axisTicks(domain);
  const tick = tickFormatter(unit, decimals);
  // Room for the longest name and its note, not more: the bars need the rest.
  const labelW = Math.min(width * 0.45, 16 + CHAR * Math.max(...rows.map((r) => r.label.length + rowNote(r).length)));
  const valueW = 12 + CHAR * Math.max(4, ...rows.map((r) => (r.value === null ? 0 : r.text.length)));
  const plotW = Math.max(40, width - labelW - valueW);
  const top = 8;
  const h = top + rows.length * ROW + 34;
  const x = (v: number) => px(labelW + ((v - lo) / (hi - lo)) * plotW);
  const base = x(Math.min(Math.max(0, lo), hi));
  const summary = `${title}: bar chart of ${groups.length} groups${reference ? `, and ${reference.label}` : ''}. The table has every value.`;
  return (
    <div className="chart" ref={ref} role="img" aria-label={summary}>
      <svg width={width} height={h} viewBox={`0 0 ${width} ${h}`} className="chart__svg" aria-hidden="true" focusable="false">
        {ticks.map((t) => (
          <g key={t}>
            <line x1={x(t)} x2={x(t)} y1={top} y2={top + rows.length * ROW} stroke={t === 0 && lo < 0 ? PALETTE.zero : PALETTE.grid} />
            <text x={x(t)} y={top + rows.length * ROW + 14} textAnchor="middle" fontSize={12} fill={PALETTE.axis}>
              {tick(t)}
            </text>
          </g>
        ))}
        <text x={px(labelW + plotW / 2)} y={h - 4} textAnchor="middle" fontSize={12} fill={PALETTE.axis}>
          {unitText(unit)}
        </text>
        {rows.map((r, i) => {
          const cy = top + i * ROW + ROW / 2;
          const end = r.value === null ? base : x(r.value);
          return (
            <g key={r.label}>
              <text x={px(labelW - 8)} y={cy} dy={4} textAnchor="end" fontSize={12} fill={PALETTE.axis}>
                {r.label}
                {rowNote(r) && (
                  <tspan fill={PALETTE.suppressed} fontStyle="italic">
                    {rowNote(r)}
                  </tspan>
                )}
              </text>
              {r.suppressed ? (
                <g className="chart__suppressed">
                  <SuppressedMark x={base + 2} y={cy - 6} />
                </g>
              ) : r.value !== null ? (
                <>
                  {/* A released value at the base keeps a 2 px bar, and so its label. */}
                  <rect x={Math.min(base, end)} y={cy - 8} width={px(Math.max(2, Math.abs(end - base)))} height={16} fill={r === reference ? PALETTE.reference : PALETTE.series}>
                    <title>{`${r.label}: ${r.text}`}</title>
                  </rect>
                  <text x={Math.max(base, end) + 6} y={cy} dy={4} fontSize={12} fill={PALETTE.axis}>
                    {r.text}
                  </text>
                </>
              ) : null}
            </g>
          );
        })}
      </svg>
    </div>
  );
}
