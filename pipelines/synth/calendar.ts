// Dates as whole day numbers (days since 1970-01-01, UTC). Arithmetic on
// integers is exact and fast, and formatting goes through a cache because the
// statewide run formats tens of millions of dates drawn from a few thousand days.

const MS_PER_DAY = 86_400_000;

export function toDay(iso: string): number {
  const t = Date.parse(`${iso}T00:00:00Z`);
  if (Number.isNaN(t)) throw new Error(`not a date: ${iso}`);
  return Math.round(t / MS_PER_DAY);
}

export function dayOf(year: number, month: number, day: number): number {
  return Math.round(Date.UTC(year, month - 1, day) / MS_PER_DAY);
}

/** The generator's fixed time window; it never looks at today's date, so output does not age. */
export const WINDOW_START = toDay('2024-01-01');
export const WINDOW_END = toDay('2025-12-31');
export const WINDOW_MONTHS = 24;
export const WINDOW_START_YEAR = 2024;

const CACHE_BASE = toDay('1900-01-01');
const CACHE_SIZE = toDay('2100-01-01') - CACHE_BASE;
const formatted: (string | undefined)[] = new Array(CACHE_SIZE);

export function fmtDay(day: number): string {
  const i = day - CACHE_BASE;
  if (i >= 0 && i < CACHE_SIZE) {
    const s = formatted[i];
    if (s !== undefined) return s;
    const made = new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
    formatted[i] = made;
    return made;
  }
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
export function weekday(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

export function yearOf(day: number): number {
  return new Date(day * MS_PER_DAY).getUTCFullYear();
}

/** 1..12 */
export function monthOf(day: number): number {
  return new Date(day * MS_PER_DAY).getUTCMonth() + 1;
}

/** Month slot within the window, 0..23; callers only pass days inside it. */
export function windowMonthIndex(day: number): number {
  const i = day - WINDOW_START;
  if (i >= 0 && i < WINDOW_DAYS) return monthSlot[i]!;
  const d = new Date(day * MS_PER_DAY);
  return (d.getUTCFullYear() - WINDOW_START_YEAR) * 12 + d.getUTCMonth();
}

export function windowMonthStart(index: number): number {
  return dayOf(WINDOW_START_YEAR + Math.floor(index / 12), (index % 12) + 1, 1);
}

export function windowMonthEnd(index: number): number {
  return windowMonthStart(index + 1) - 1;
}

// Per-day lookups for the window, used in the encounter hot loop: how likely a
// planned contact is to be skipped that day (summer holidays in August, the
// end-of-year break from 20 December).
const WINDOW_DAYS = WINDOW_END - WINDOW_START + 1;
const skipShare = new Float64Array(WINDOW_DAYS);
const monthSlot = new Uint8Array(WINDOW_DAYS);
for (let i = 0; i < WINDOW_DAYS; i++) {
  const day = WINDOW_START + i;
  const m = monthOf(day);
  const dom = new Date(day * MS_PER_DAY).getUTCDate();
  monthSlot[i] = (yearOf(day) - WINDOW_START_YEAR) * 12 + m - 1;
  skipShare[i] = m === 8 ? 0.28 : m === 12 && dom >= 20 ? 0.5 : 0;
}

export function seasonalSkip(day: number): number {
  const i = day - WINDOW_START;
  return i >= 0 && i < WINDOW_DAYS ? skipShare[i]! : 0;
}
