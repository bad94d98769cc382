// Deterministic date formatting (same text on the server and in the browser,
// whatever their locale or time zone), so hydration never disagrees.

/** Month names, January first: for dates and for choosing a fiscal year's first month. */
export const MONTH_NAMES = [
  'January', 'February', 'March', 'April', 'May', 'June',
  'July', 'August', 'September', 'October', 'November', 'December',
] as const;

const pad = (n: number) => String(n).padStart(2, '0');

/** "2025-03-01" → "1 March 2025". Returns the input unchanged if it is not a date. */
export function formatDate(isoDate: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  const month = m ? MONTH_NAMES[Number(m[2]) - 1] : undefined;
  if (!m || !month) return isoDate;
  return `${Number(m[3])} ${month} ${m[1]}`;
}

/**
 * Milliseconds since the epoch for an ISO 8601 date-time. A value without an
 * offset (DuckDB's TIMESTAMP text, "2025-03-01 14:05:00") is read as UTC, not as
 * the local time of whichever machine parses it.
 */
export function parseDateTimeUtc(isoDateTime: string): number {
  const s = isoDateTime.trim();
  const noOffset = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(s);
  return Date.parse(noOffset ? `${s.replace(' ', 'T')}Z` : s);
}

/** An ISO 8601 date-time → "1 March 2025, 14:05 UTC". Returns the input if unparseable. */
export function formatDateTimeUtc(isoDateTime: string): string {
  const ms = parseDateTimeUtc(isoDateTime);
  if (Number.isNaN(ms)) return isoDateTime;
  const d = new Date(ms);
  const month = MONTH_NAMES[d.getUTCMonth()] ?? '';
  return `${d.getUTCDate()} ${month} ${d.getUTCFullYear()}, ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())} UTC`;
}

/** The data period as text: both ends, one end, or a plain "not recorded". */
export function formatPeriod(from: string | null, to: string | null): string {
  if (from && to) return `${formatDate(from)} – ${formatDate(to)}`;
  if (from) return `from ${formatDate(from)}`;
  if (to) return `until ${formatDate(to)}`;
  return 'not recorded';
}

// ---------------------------------------------------------------------------
// Numbers. Every figure is formatted from its unit and the decimals the
// release published it with, the same way on every page, report and export
// preview (no locale: the server and the browser must agree).

/** 12345.6 → "12,345.6" with exactly `decimals` decimals. */
export function formatNumber(x: number, decimals = 0): string {
  const [whole = '0', fraction] = Math.abs(x).toFixed(decimals).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const sign = x < 0 && Number(Math.abs(x).toFixed(decimals)) !== 0 ? '−' : '';
  return `${sign}${grouped}${fraction ? `.${fraction}` : ''}`;
}

/** A released value as text: proportions as percentages, everything else in its unit's decimals. */
export function formatValue(x: number, unit: string, decimals: number): string {
  if (unit === 'proportion') return `${formatNumber(x * 100, Math.max(0, decimals - 2))}%`;
  return formatNumber(x, decimals);
}

/** The unit as a reader says it, for axis titles and table headers. */
export function unitText(unit: string): string {
  return unit === 'proportion' ? 'percent' : unit;
}
