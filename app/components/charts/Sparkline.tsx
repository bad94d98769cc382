// A tile's last few periods, as a small line with gaps and a dashed mark at
// each suppressed period. Decorative: the tile states the values, so the
// sparkline is hidden from screen readers.
import { Line, LineChart, ReferenceLine, ResponsiveContainer, XAxis, YAxis } from 'recharts';
import { PALETTE, type ChartPoint } from './chart-data';
import { useHydrated } from './useHydrated';

export function Sparkline({ points }: { points: ChartPoint[] }) {
  const hydrated = useHydrated();
  if (!hydrated) return <div className="sparkline" aria-hidden="true" />;
  return (
    <div className="sparkline" aria-hidden="true">
      <ResponsiveContainer width="100%" height={36}>
        <LineChart data={points} margin={{ top: 4, right: 4, bottom: 4, left: 4 }} accessibilityLayer={false}>
          <XAxis hide dataKey="label" />
          <YAxis hide domain={['auto', 'auto']} />
          {points
            .filter((p) => p.suppressed)
            .map((p) => (
              <ReferenceLine key={p.label} x={p.label} stroke={PALETTE.suppressed} strokeDasharray="2 2" />
            ))}
          <Line type="linear" dataKey="value" stroke={PALETTE.series} strokeWidth={1.5} dot={false} connectNulls={false} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
