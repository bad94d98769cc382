import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTimeUtc, formatPeriod, parseDateTimeUtc } from '~/lib/format';
import { valueLabel } from '~/dashboard/labels';
import { DIMENSION_VALUE_ORDER } from '../../pipelines/release/format';

describe('date formatting', () => {
  it('formats dates and periods without depending on locale', () => {
    expect(formatDate('2024-07-01')).toBe('1 July 2024');
    expect(formatPeriod('2024-07-01', '2025-06-30')).toBe('1 July 2024 – 30 June 2025');
    expect(formatPeriod('2024-07-01', null)).toBe('from 1 July 2024');
    expect(formatPeriod(null, null)).toBe('not recorded');
    expect(formatDate('not a date')).toBe('not a date');
  });

  it('formats date-times in UTC and reads offset-less timestamps as UTC', () => {
    expect(formatDateTimeUtc('2025-07-02T09:30:00Z')).toBe('2 July 2025, 09:30 UTC');
    expect(formatDateTimeUtc('2025-07-02T11:30:00+02:00')).toBe('2 July 2025, 09:30 UTC');
    expect(formatDateTimeUtc('2025-07-02 09:30:00')).toBe('2 July 2025, 09:30 UTC');
    expect(parseDateTimeUtc('2025-07-02 09:30:00')).toBe(Date.UTC(2025, 6, 2, 9, 30));
    expect(Number.isNaN(parseDateTimeUtc('yesterday'))).toBe(true);
  });
});

describe('breakdown value labels', () => {
  it('reads every coded value of the release format as words, never a code', () => {
    for (const [dimension, values] of Object.entries(DIMENSION_VALUE_ORDER)) {
      for (const value of values) expect(valueLabel(dimension, value), `${dimension}=${value}`).not.toMatch(/_/);
    }
    expect(valueLabel('age_band', 'under_18')).toBe('Under 18');
    expect(valueLabel('age_band', '18-24')).toBe('18–24');
    expect(valueLabel('age_band', '90+')).toBe('90 and over');
  });
});
