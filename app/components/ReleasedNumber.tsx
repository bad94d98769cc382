// The only way a released value reaches the screen. A suppressed value renders
// as a mark and the word "suppressed", never as a number; a cell the release
// does not have (nobody was in it) renders as a dash.
import type { ReleasedValue } from '../../pipelines/release/format';
import { formatValue } from '~/lib/format';
import { SuppressedMark } from './charts/SuppressedMark';

export interface ReleasedNumberProps {
  value: ReleasedValue | null;
  unit: string;
  decimals: number;
}

/** A small hatched square: the suppression mark, the same in tables, tiles and chart legends. */
export function SuppressedIcon() {
  return (
    <svg className="suppressed-icon" width="12" height="12" viewBox="0 0 12 12" aria-hidden="true" focusable="false">
      <SuppressedMark x={0} y={0} />
    </svg>
  );
}

export function ReleasedNumber({ value, unit, decimals }: ReleasedNumberProps) {
  if (value === null) {
    return (
      <span className="value value--none" data-status="none" title="No one in this group in this period">
        <span aria-hidden="true">—</span>
        <span className="sr-only">no one</span>
      </span>
    );
  }
  if (value.status === 'suppressed') {
    return (
      <span className="value value--suppressed" data-status="suppressed">
        <SuppressedIcon />
        <span>suppressed</span>
      </span>
    );
  }
  return (
    <span className="value" data-status="released">
      {formatValue(value.value, unit, decimals)}
    </span>
  );
}

export function SuppressionLegend({ k }: { k: number }) {
  return (
    <p className="legend-suppressed">
      <SuppressedIcon /> suppressed: fewer than {k} people, or a figure from which such a number could be worked out.
      A dash (—) means no one was in the group in that period.
    </p>
  );
}
