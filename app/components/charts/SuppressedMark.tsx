// The suppression mark: a hatched square, placed at (x, y) inside a chart's
// SVG, and wrapped in its own small SVG for tables and legends (SuppressedIcon).
import { PALETTE } from './chart-data';

export function SuppressedMark({ x, y }: { x: number; y: number }) {
  return (
    <g transform={`translate(${x} ${y})`} aria-hidden="true">
      <rect x="0.5" y="0.5" width="11" height="11" fill="#ffffff" stroke={PALETTE.suppressed} />
      <path d="M1 11 L11 1 M1 6 L6 1 M6 11 L11 6" stroke={PALETTE.suppressed} strokeWidth="1.2" />
    </g>
  );
}
