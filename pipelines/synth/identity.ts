// Fake direct identifiers, shaped like what case-management systems export.
// They exist only so the pipeline's dropping of identifier columns is
// exercised; each kind has a shape a test can grep for (see names.ts).
import { AREA_CODES, FAKE_FIRST_NAMES, FAKE_LAST_NAMES, FAKE_STREETS } from './names';
import type { Rng } from './random';

export function fakeName(rng: Rng): [string, string] {
  return [rng.pick(FAKE_FIRST_NAMES), rng.pick(FAKE_LAST_NAMES)];
}

/** `tag` makes the email unique (a participant or staff number). */
export function fakeContact(rng: Rng, first: string, last: string, tag: string): { email: string; phone: string } {
  const nn = String(rng.int(0, 99)).padStart(2, '0');
  return {
    email: `${first}.${last}.${tag}@example.org`.toLowerCase(),
    phone: `(${rng.pick(AREA_CODES)}) 555-01${nn}`,
  };
}

export function fakeStreetAddress(rng: Rng): string {
  return `${rng.int(100, 9899)} ${rng.pick(FAKE_STREETS)} St`;
}

