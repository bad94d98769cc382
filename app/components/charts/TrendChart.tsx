// A metric's trend: a line with a gap wherever a value is suppressed or
// missing, and a dashed vertical mark at each suppressed period. The numbers
// are in the table beside it (MetricTable); the chart is a picture of them.
import { CartesianGrid, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { unitText } from '~/lib/format';
import { PALETTE, tickFormatter, type ChartPoint } from './chart-data';
import { SuppressedMark } from './SuppressedMark';
import { useHydrated } from './useHydrated';

export interface TrendChartProps {
  title: string;
  unit: string;
  decimals: number;
  /** Counts and totals start at 0; means and ratios fit their range. */
  fromZero: boolean;
  points: ChartPoint[];
  height?: number;
  /** A fixed width (reports are drawn at the width they print); fills its container otherwise. */
  width?: number;
}

export function TrendChart({ title, unit, decimals, fromZero, points, height = 240, width }: TrendChartProps) {
  const hydrated = useHydrated();
  const suppressed = points.filter((p) => p.suppressed);
  const summary = `${title}: line chart of ${points.length} periods${suppressed.length ? `, ${suppressed.length} suppressed` : ''}. The table below has every value.`;
  if (!hydrated) return <div className="chart chart--loading" style={{ height }} role="img" aria-label={summary} />;
  const chart = (
    <LineChart data={points} width={width} height={width ? height : undefined} margin={{ top: 16, right: 16, bottom: 8, left: 8 }} accessibilityLayer={false}>
      <CartesianGrid stroke={PALETTE.grid} vertical={false} />
      <XAxis dataKey="label" tick={{ fill: PALETTE.axis, fontSize: 12 }} interval="preserveStartEnd" minTickGap={12} />
      <YAxis
        tick={{ fill: PALETTE.axis, fontSize: 12 }}
        tickFormatter={tickFormatter(unit, decimals)}
        domain={unit === 'proportion' ? [0, 100] : fromZero ? [0, 'auto'] : ['auto', 'auto']}
        width={56}
        label={{ value: unitText(unit), angle: -90, position: 'insideLeft', fill: PALETTE.axis, fontSize: 12, dy: 40 }}
      />
      <Tooltip
        filterNull={false}
        formatter={(_value, _name, item) => [(item.payload as ChartPoint).text, title]}
        isAnimationActive={false}
      />
      {suppressed.map((p) => (
        <ReferenceLine
          key={p.label}
          x={p.label}
          stroke={PALETTE.suppressed}
          strokeDasharray="4 3"
          label={(props: { viewBox?: { x?: number; y?: number } }) => <SuppressedMark x={(props.viewBox?.x ?? 0) - 6} y={(props.viewBox?.y ?? 0) - 14} />}
        />
      ))}
      <Line
        type="linear"
        dataKey="value"
        stroke={PALETTE.series}
        strokeWidth={2}
        dot={{ r: 3, fill: PALETTE.series }}
        connectNulls={false}
        isAnimationActive={false}
      />
    </LineChart>
  );
  return (
    <div className="chart" role="img" aria-label={summary}>
      {width ? chart : <ResponsiveContainer width="100%" height={height}>{chart}</ResponsiveContainer>}
    </div>
  );
}
