// A tile's last few periods, as a small line with gaps. Decorative: the tile
// states the values, so the sparkline is hidden from screen readers.
import { Line, LineChart, ResponsiveContainer, YAxis } from 'recharts';
import { PALETTE, type ChartPoint } from './chart-data';
import { useHydrated } from './useHydrated';

export function Sparkline({ points }: { points: ChartPoint[] }) {
  const hydrated = useHydrated();
  if (!hydrated) return <div className="sparkline" aria-hidden="true" />;
  return (
    <div className="sparkline" aria-hidden="true">
      <ResponsiveContainer width="100%" height={36}>
        <LineChart data={points} margin={{ top: 4, right: 4, bottom: 4, left: 4 }} accessibilityLayer={false}>
          <YAxis hide domain={['auto', 'auto']} />
          <Line type="linear" dataKey="value" stroke={PALETTE.series} strokeWidth={1.5} dot={false} connectNulls={false} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
