// A metric across the values of a breakdown in one period: horizontal bars,
// each labelled with its value. A suppressed value has no bar; its row says
// "suppressed" beside the group's name.
import { Bar, BarChart, CartesianGrid, LabelList, ResponsiveContainer, XAxis, YAxis } from 'recharts';
import { unitText } from '~/lib/format';
import { PALETTE, tickFormatter, type ChartPoint } from './chart-data';
import { SuppressedMark } from './SuppressedMark';
import { useHydrated } from './useHydrated';

export interface BreakdownChartProps {
  title: string;
  unit: string;
  decimals: number;
  rows: ChartPoint[];
}

const ROW_HEIGHT = 30;

function CategoryTick(props: { x?: number | string; y?: number | string; payload?: { value: string }; rows: ChartPoint[] }) {
  const { x = 0, y = 0, payload, rows } = props;
  const row = rows.find((r) => r.label === payload?.value);
  return (
    <g>
      <text x={Number(x)} y={Number(y)} dy={4} textAnchor="end" fill={PALETTE.axis} fontSize={12}>
        {payload?.value}
        {row?.suppressed ? (
          <tspan fill={PALETTE.suppressed} fontStyle="italic">
            {' '}
            (suppressed)
          </tspan>
        ) : row && row.value === null ? (
          <tspan fill={PALETTE.suppressed}> (no one)</tspan>
        ) : null}
      </text>
      {/* The mark where the bar would start: no bar, never a bar of 0. */}
      {row?.suppressed ? <SuppressedMark x={Number(x) + 6} y={Number(y) - 6} /> : null}
    </g>
  );
}

export function BreakdownChart({ title, unit, decimals, rows }: BreakdownChartProps) {
  const hydrated = useHydrated();
  const height = Math.max(80, rows.length * ROW_HEIGHT + 48);
  // Room for the longest name and its "(suppressed)" / "(no one)", not more: the bars need the rest.
  const longest = Math.max(...rows.map((r) => r.label.length + (r.suppressed ? 13 : r.value === null ? 9 : 0)));
  const axisWidth = Math.min(340, Math.max(60, Math.round(16 + 6.8 * longest)));
  const summary = `${title}: bar chart of ${rows.length} groups. The table below has every value.`;
  if (!hydrated) return <div className="chart chart--loading" style={{ height }} role="img" aria-label={summary} />;
  return (
    <div className="chart" role="img" aria-label={summary}>
      <ResponsiveContainer width="100%" height={height}>
        <BarChart data={rows} layout="vertical" margin={{ top: 8, right: 64, bottom: 24, left: 8 }} accessibilityLayer={false}>
          <CartesianGrid stroke={PALETTE.grid} horizontal={false} />
          <XAxis
            type="number"
            tick={{ fill: PALETTE.axis, fontSize: 12 }}
            tickFormatter={tickFormatter(unit, decimals)}
            domain={unit === 'proportion' ? [0, 100] : [0, 'auto']}
            label={{ value: unitText(unit), position: 'insideBottom', dy: 16, fill: PALETTE.axis, fontSize: 12 }}
          />
          <YAxis type="category" dataKey="label" width={axisWidth} tick={(p: object) => <CategoryTick {...p} rows={rows} />} interval={0} />
          {/* A released 0 keeps a 2 px bar (and so its label); a suppressed or missing value (null) gets none. */}
          <Bar dataKey="value" fill={PALETTE.series} isAnimationActive={false} barSize={16} minPointSize={(value: unknown) => (value === 0 ? 2 : 0)}>
            <LabelList dataKey="text" position="right" fill={PALETTE.axis} fontSize={12} />
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
