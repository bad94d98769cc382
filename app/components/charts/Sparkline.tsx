// A tile's last few periods, as a small line with gaps and a dashed mark at
// each suppressed period, on the metric's own axis (a mean on its whole
// scale, a share on 0–100%), so a small move looks small. Decorative: the
// tile states the values, so the sparkline is hidden from screen readers.
import { axisDomain, type AxisScale } from './axis';
import { PALETTE, type ChartPoint } from './chart-data';

const W = 200;
const H = 36;

export function Sparkline({ points, scale }: { points: ChartPoint[]; scale: AxisScale }) {
  const [lo, hi] = axisDomain(scale, points.map((p) => p.value));
  const n = points.length;
  const x = (i: number) => 4 + (n <= 1 ? (W - 8) / 2 : (i * (W - 8)) / (n - 1));
  const y = (v: number) => 4 + (1 - (v - lo) / (hi - lo)) * (H - 8);
  let d = '';
  points.forEach((p, i) => {
    if (p.value === null) return;
    d += `${i > 0 && points[i - 1]!.value !== null ? 'L' : 'M'}${x(i).toFixed(1)} ${y(p.value).toFixed(1)} `;
  });
  return (
    <div className="sparkline" aria-hidden="true">
      <svg viewBox={`0 0 ${W} ${H}`} preserveAspectRatio="none" width="100%" height={H} focusable="false">
        {points.map((p, i) =>
          p.suppressed ? <line key={p.label} x1={x(i)} x2={x(i)} y1={2} y2={H - 2} stroke={PALETTE.suppressed} strokeDasharray="2 2" vectorEffect="non-scaling-stroke" /> : null,
        )}
        <path d={d.trim()} fill="none" stroke={PALETTE.series} strokeWidth={1.5} vectorEffect="non-scaling-stroke" />
      </svg>
    </div>
  );
}
