// Participants: who enrolls where and when, how they engage, and the hidden
// traits (contact pattern, latent satisfaction, trust, recovery) that the
// encounter and survey generators turn into data. The planted relationships
// all start here, so they are listed together:
//   - weekly contact → longer engagement, fewer no-shows, higher satisfaction
//     and trust, larger recovery gain; sporadic contact → the opposite;
//   - the lagging site → a more sporadic mix, shorter stays, more no-shows,
//     lower satisfaction;
//   - rare groups (NHPI, gender 'another', age 90+) at exact small counts.
import { GENDERS, RACE_ETHNICITIES, REFERRAL_SOURCES } from '../contract/entities';
import { fmtDay, WINDOW_END, WINDOW_MONTHS, weekday, windowMonthEnd, windowMonthStart } from './calendar';
import { csvField, EOL } from './csv-writer';
import { fakeContact, fakeName, fakeStreetAddress } from './identity';
import type { Rec } from './malformed';
import { HOUSING_STATUSES, ORDINARY_ZIP3, RESTRICTED_ZIP3 } from './names';
import { clamp, Rng, Weighted } from './random';
import type { ScaleConfig } from './scales';
import type { Site } from './world';

export const PATTERNS = ['weekly', 'regular', 'sporadic'] as const;
export const WEEKLY = 0;
export const REGULAR = 1;
export const SPORADIC = 2;

export interface Participant {
  number: number;
  id: string;
  site: Site;
  /** Uniform draw that picks the peer-specialist position once the site is staffed. */
  positionDraw: number;
  pattern: number;
  enrolled: number;
  /** First possible contact day, or -1 if the person was never reached. */
  firstContact: number;
  /** Contact stops after this day. */
  engagementEnd: number;
  /** Discharge day, or -1 while enrolled. */
  discharged: number;
  /** Planned (graduated) discharge rather than dropping out; only these get a discharge survey. */
  planned: boolean;
  noShow: number;
  dob: number;
  gender: string;
  race: string;
  zip: string;
  referral: string;
  housing: string;
  first: string;
  last: string;
  email: string;
  phone: string;
  street: string;
  caseNotes: string;
  /** Latent item-level means on 1–5. */
  satisfaction: number;
  trust: number;
  /** Latent intake recovery per item on 1–6, and the 180-day gain in sum points. */
  recoveryIntake: number;
  recoveryGain: number;
}

// January and September peaks (new-year resolutions, after summer), a summer
// and December trough, and a little growth in the second year.
const MONTH_WEIGHTS = [1.5, 1.1, 1.0, 1.0, 0.95, 0.85, 0.8, 0.75, 1.4, 1.15, 0.95, 0.7];
const ENROLL_MONTH = new Weighted(
  Array.from({ length: WINDOW_MONTHS }, (_, m) => [m, MONTH_WEIGHTS[m % 12]! * (m >= 12 ? 1.08 : 1)] as const),
);

const PATTERN_MIX = new Weighted([[WEEKLY, 0.35], [REGULAR, 0.4], [SPORADIC, 0.25]] as const);
const PATTERN_MIX_LAGGING = new Weighted([[WEEKLY, 0.22], [REGULAR, 0.4], [SPORADIC, 0.38]] as const);

/** Per pattern: share who leave within 90 days, median stay otherwise (days), first-contact delay. */
const EARLY_LEAVERS = [0.1, 0.22, 0.5];
const MEDIAN_STAY = [480, 300, 150];
const NO_SHOW = [0.11, 0.16, 0.27];
const SATISFACTION = [4.25, 3.85, 3.3];
const TRUST = [4.2, 3.8, 3.3];
const RECOVERY_GAIN = [10, 6, 2];

// Rare categories are left out of these tables and planted at exact counts below.
const GENDER = new Weighted<string>([['woman', 46], ['man', 48], ['nonbinary', 2.5], ['unknown', 3]]);
const RACE = new Weighted<string>([
  ['white', 52], ['hispanic_latino', 18], ['black', 14], ['asian', 4], ['american_indian_alaska_native', 3.5],
  ['multiracial', 4], ['another', 1.2], ['unknown', 3],
]);
const REFERRAL = new Weighted<string>([
  ['self', 25], ['clinician', 25], ['hospital', 15], ['peer', 12], ['community', 10], ['court', 8], ['other', 3], ['unknown', 2], ['', 2],
]);
const HOUSING = new Weighted<string>(HOUSING_STATUSES.map((h, i) => [h, [55, 18, 12, 5, 10][i]!] as const));

// Contract enums, checked here so a renamed value fails at startup rather than in the loader.
for (const g of ['woman', 'man', 'nonbinary', 'unknown', 'another']) if (!(GENDERS as readonly string[]).includes(g)) throw new Error(g);
for (const r of ['white', 'native_hawaiian_pacific_islander']) if (!(RACE_ETHNICITIES as readonly string[]).includes(r)) throw new Error(r);
for (const r of ['self', 'clinician']) if (!(REFERRAL_SOURCES as readonly string[]).includes(r)) throw new Error(r);

/** Spreads `count` members over 0..n-1 evenly, starting at a fractional offset. */
function planted(n: number, count: number, offset: number): Set<number> {
  const s = new Set<number>();
  for (let k = 0; k < count; k++) s.add(Math.floor(((k + offset) * n) / count));
  return s;
}

export function buildParticipants(cfg: ScaleConfig, sites: readonly Site[], seed: number): Participant[] {
  const n = cfg.participants;
  const ordinarySites = sites.filter((s) => !s.small);
  const smallSite = sites.find((s) => s.small)!;
  const SITE = new Weighted(ordinarySites.map((s) => [s, s.weight] as const));
  const aged90 = planted(n, Math.max(2, Math.round(n * 0.0008)), 0.5);
  const nhpi = planted(n, Math.max(2, Math.round(n * 0.003)), 0.25);
  const another = planted(n, Math.max(2, Math.round(n * 0.005)), 0.75);
  const { skew } = cfg;
  const gender = skew ? new Weighted(skew.gender) : GENDER;
  const race = skew ? new Weighted(skew.race) : RACE;
  const age = skew?.age ?? { mean: 39, sd: 12 };

  const people: (Participant & { draw: number })[] = [];
  for (let i = 0; i < n; i++) {
    const rng = new Rng(seed, 'person', i);
    const site = i < cfg.smallSiteParticipants ? smallSite : SITE.sample(rng);
    const p = timeline(rng, site);
    const years = aged90.has(i) ? rng.int(90, 95) : Math.round(clamp(rng.normal(age.mean, age.sd), 18, 84));
    const [first, last] = fakeName(rng);
    people.push({
      ...p,
      draw: i,
      number: 0,
      id: '',
      site,
      positionDraw: rng.next(),
      dob: p.enrolled - Math.floor((years + rng.next()) * 365.25),
      gender: another.has(i) ? 'another' : gender.sample(rng),
      race: nhpi.has(i) ? 'native_hawaiian_pacific_islander' : race.sample(rng),
      zip: zipFor(rng, site),
      referral: REFERRAL.sample(rng),
      housing: HOUSING.sample(rng),
      first,
      last,
      email: '',
      phone: '',
      street: fakeStreetAddress(rng),
      caseNotes: caseNote(rng, first, last),
    });
  }
  // Source systems number people as they enroll.
  people.sort((a, b) => a.enrolled - b.enrolled || a.draw - b.draw);
  const width = Math.max(6, String(n).length);
  people.forEach((p, k) => {
    p.number = k + 1;
    p.id = `P${String(k + 1).padStart(width, '0')}`;
    const c = fakeContact(new Rng(seed, 'person-contact', k), p.first, p.last, String(k + 1));
    p.email = c.email;
    p.phone = c.phone;
  });
  return people;
}

type Timeline = Pick<
  Participant,
  'pattern' | 'enrolled' | 'firstContact' | 'engagementEnd' | 'discharged' | 'planned' | 'noShow' | 'satisfaction' | 'trust' | 'recoveryIntake' | 'recoveryGain'
>;

function timeline(rng: Rng, site: Site): Timeline {
  const lag = site.lagging;
  const pattern = (lag ? PATTERN_MIX_LAGGING : PATTERN_MIX).sample(rng);
  const m = ENROLL_MONTH.sample(rng);
  let enrolled = rng.int(windowMonthStart(m), windowMonthEnd(m));
  // Intake happens on weekdays.
  const wd = weekday(enrolled);
  if (wd === 6) enrolled += enrolled + 2 <= WINDOW_END ? 2 : -1;
  else if (wd === 0) enrolled += enrolled + 1 <= WINDOW_END ? 1 : -2;

  const satDev = rng.normal(0, 0.4);
  const traits = {
    pattern,
    enrolled,
    noShow: clamp(NO_SHOW[pattern]! * rng.lognormal(1, 0.35) + (lag ? 0.13 : 0), 0.02, 0.7),
    satisfaction: SATISFACTION[pattern]! - (lag ? 0.5 : 0) + satDev,
    trust: TRUST[pattern]! - (lag ? 0.35 : 0) + 0.5 * satDev + rng.normal(0, 0.3),
    recoveryIntake: clamp(rng.normal(3.15, 0.8), 1.2, 5.8),
    recoveryGain: RECOVERY_GAIN[pattern]! - (lag ? 1.5 : 0) + rng.normal(0, 4),
  };

  const delay = pattern === WEEKLY ? rng.int(0, 7) : pattern === REGULAR ? rng.int(0, 14) : 2 + Math.round(rng.exponential(10));
  const firstContact = enrolled + delay;
  // About one in 25 is never reached; they are discharged administratively after a couple of months.
  if (rng.chance(0.04) || firstContact > WINDOW_END) {
    const d = enrolled + rng.int(45, 90);
    return { ...traits, firstContact: -1, engagementEnd: enrolled, discharged: d <= WINDOW_END ? d : -1, planned: false };
  }
  const early = rng.chance(EARLY_LEAVERS[pattern]!);
  let stay = early ? rng.int(7, 90) : clamp(Math.round(rng.lognormal(MEDIAN_STAY[pattern]!, 0.55)), 91, 1000);
  if (lag) stay = Math.max(7, Math.round(stay * 0.8));
  const end = firstContact + stay;
  if (end >= WINDOW_END) return { ...traits, firstContact, engagementEnd: WINDOW_END, discharged: -1, planned: false };
  const planned = !early && rng.chance(0.6);
  // Dropouts are closed administratively 30–90 days after they stop coming.
  const discharged = planned ? end : end + rng.int(30, 90);
  return { ...traits, firstContact, engagementEnd: end, discharged: discharged <= WINDOW_END ? discharged : -1, planned };
}

function zipFor(rng: Rng, site: Site): string {
  const u = rng.next();
  if (u < 0.02) return ''; // not recorded
  const zip3 =
    u < 0.78 ? site.zip3[0] : u < 0.945 ? site.zip3[1] : u < 0.975 ? rng.pick(RESTRICTED_ZIP3) : rng.pick(ORDINARY_ZIP3);
  const zip5 = zip3 + String(rng.int(1, 99)).padStart(2, '0');
  return rng.chance(0.015) ? `${zip5}-${String(rng.int(1, 9999)).padStart(4, '0')}` : zip5;
}

const PREFERS = ['text messages', 'afternoon calls', 'meeting at the library', 'morning visits', 'meeting at the coffee shop'];
const ABOUT = ['lives with a sister', 'looking for work', 'has a dog named Biscuit', 'new in town', 'wants to finish a GED', 'recently out of the hospital'];
const QUOTES = ['I want my life back', 'one day at a time', 'I need someone who gets it', 'just tired of starting over'];

function caseNote(rng: Rng, first: string, last: string): string {
  switch (rng.int(0, 2)) {
    case 0:
      return `Intake with ${first} ${last}. Prefers ${rng.pick(PREFERS)}; ${rng.pick(ABOUT)}.`;
    case 1:
      return `${first} ${last} said "${rng.pick(QUOTES)}" at intake, ${rng.pick(ABOUT)}.`;
    default:
      return `Spoke with ${first} about goals, ${first} ${last} agreed to check-ins by ${rng.pick(PREFERS)}.`;
  }
}

export const PARTICIPANT_COLUMNS = [
  'participant_id', 'first_name', 'last_name', 'date_of_birth', 'gender', 'race_ethnicity', 'email', 'phone',
  'street_address', 'zip', 'program', 'site', 'enrolled_on', 'discharged_on', 'referral_source', 'housing_status', 'case_notes',
] as const;

export function participantRecord(p: Participant): Rec {
  return {
    participant_id: p.id,
    first_name: p.first,
    last_name: p.last,
    date_of_birth: fmtDay(p.dob),
    gender: p.gender,
    race_ethnicity: p.race,
    email: p.email,
    phone: p.phone,
    street_address: p.street,
    zip: p.zip,
    program: p.site.program.name,
    site: p.site.name,
    enrolled_on: fmtDay(p.enrolled),
    discharged_on: p.discharged >= 0 ? fmtDay(p.discharged) : '',
    referral_source: p.referral,
    housing_status: p.housing,
    case_notes: p.caseNotes,
  };
}

export function participantLine(p: Participant): string {
  const r = participantRecord(p);
  return PARTICIPANT_COLUMNS.map((c) => csvField(r[c]!)).join(',') + EOL;
}

