// The only way a released value reaches the screen. A suppressed value renders
// as a mark and the word "suppressed", never as a number. A value the release
// does not have is one of three things, each with its own mark, never one
// dash for all: no one was in the group ("no one"), the period is not complete
// or not followed up for long enough yet ("not yet"), or the release does not
// publish the figure here ("not published"). ValueLegend explains the marks.
import type { ReleasedValue } from '../../pipelines/release/format';
import { formatValue } from '~/lib/format';
import { SuppressedMark } from './charts/SuppressedMark';

export type Missing = 'none' | 'not-yet' | 'not-published';
export type Mark = 'suppressed' | Missing;

const MISSING: Record<Missing, { mark: string; title: string }> = {
  none: { mark: 'no one', title: 'No one was in this group in this period' },
  'not-yet': { mark: 'not yet', title: 'Not available yet: the period is not complete, or not followed up for long enough' },
  'not-published': { mark: 'not published', title: 'This release does not publish this figure' },
};

export interface ReleasedNumberProps {
  value: ReleasedValue | null;
  unit: string;
  decimals: number;
  /**
   * What a missing value (null) means here. The dashboard always says; without
   * it a missing value is the plain dash a printed report explains in its own
   * note (decision 0010).
   */
  missing?: Missing;
}

/** A small hatched square: the suppression mark, the same in tables, tiles and chart legends. */
export function SuppressedIcon() {
  return (
    <svg className="suppressed-icon" width="12" height="12" viewBox="0 0 12 12" aria-hidden="true" focusable="false">
      <SuppressedMark x={0} y={0} />
    </svg>
  );
}

/** The mark of a missing value, alone (a tile's change, a legend). */
export function MissingMark({ missing }: { missing: Missing }) {
  const m = MISSING[missing];
  return (
    <span className={`value value--missing value--${missing}`} data-status={missing} title={m.title}>
      {m.mark}
    </span>
  );
}

export function ReleasedNumber({ value, unit, decimals, missing }: ReleasedNumberProps) {
  if (value === null && missing) return <MissingMark missing={missing} />;
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

/** Which marks a list of values needs explained. */
export function marksOf(values: readonly (ReleasedValue | null | undefined)[], missing: Missing = 'none'): Mark[] {
  const marks = new Set<Mark>();
  for (const v of values) {
    if (v?.status === 'suppressed') marks.add('suppressed');
    else if (!v) marks.add(missing);
  }
  return [...marks];
}

/**
 * What each mark on a panel means, for the marks it shows. `floor`
 * adds that released values rest on at least k people where the release does
 * not say how many (shares and means).
 */
export function ValueLegend({ k, marks, floor }: { k: number; marks: readonly Mark[]; floor?: 'people' | 'staff' }) {
  const has = new Set(marks);
  if (has.size === 0 && !floor) return null;
  return (
    <ul className="legend-marks" aria-label="What the marks mean">
      {has.has('suppressed') && (
        <li>
          <SuppressedIcon /> <span className="legend-marks__mark">suppressed</span>: fewer than {k} people, or a figure from which such a
          number could be worked out.
        </li>
      )}
      {(['none', 'not-yet', 'not-published'] as const).map((m) =>
        has.has(m) ? (
          <li key={m}>
            <span className={`value value--missing value--${m}`}>{MISSING[m].mark}</span>: {MISSING[m].title.toLowerCase()}.
          </li>
        ) : null,
      )}
      {floor && (
        <li>
          Every released value rests on at least {k} {floor}; the release does not publish how many, except where a count is shown with it.
        </li>
      )}
    </ul>
  );
}

/** The legend of a panel of released values that may hold suppressed cells and cells with no one. */
export function SuppressionLegend({ k }: { k: number }) {
  return <ValueLegend k={k} marks={['suppressed', 'none']} />;
}
