// Sizes of the generated worlds. Encounter volume is not set here: it
// follows from the contact patterns (people.ts) and the number of participants,
// so the ratio of encounters to people stays realistic at every scale.
// `skewed` is the shape that is hardest on disclosure control rather than the
// largest: one small program whose sites differ tenfold in size, rare
// demographic groups and modalities, few survey answers, so most cells are
// primary-suppressed and complementary suppression has little room.
// `statewide2x` doubles statewide's sites and people (same 12 programs) for
// the growth benchmark (bench/disclosure-growth.bench.ts).

export const SCALE_NAMES = ['tiny', 'skewed', 'demo', 'statewide', 'statewide2x'] as const;
export type ScaleName = (typeof SCALE_NAMES)[number];

export interface ScaleConfig {
  name: ScaleName;
  /** One line for `npm run synth -- --help`. */
  summary: string;
  programs: number;
  sites: number;
  participants: number;
  /** Exact size of the planted small site: disclosure control must have a cell to suppress. */
  smallSiteParticipants: number;
  /** Participants enrolled per peer-specialist position over the window (sets staffing). */
  participantsPerPeerSpecialist: number;
  /** Malformed rows planted per kind per file. */
  malformedPerKind: number;
  /** Log progress every this many rows of a file (0 = only when a file is done). */
  progressEvery: number;
  /** Replaces the default population mix (people.ts, encounters.ts, surveys.ts). */
  skew?: Skew;
}

/** A population unlike the default one; weights are relative, as in `Weighted`. */
export interface Skew {
  /** Relative sizes of the sites in order, instead of drawn ones (the planted small site keeps its exact count). */
  siteWeights: readonly number[];
  /** Age at enrollment: normal(mean, sd), clamped to 18..84 (the planted 90+ aside). */
  age: { mean: number; sd: number };
  /** Gender and race/ethnicity mixes; the planted rare values ('another', NHPI) come on top. */
  gender: readonly (readonly [string, number])[];
  race: readonly (readonly [string, number])[];
  modality: readonly (readonly [string, number])[];
  /** Multiplies the chance of every survey being answered (intake and follow-ups). */
  surveyResponse: number;
}

export const SCALES: Record<ScaleName, ScaleConfig> = {
  tiny: {
    name: 'tiny',
    summary: "the size of one real program; the tests' input",
    programs: 2,
    sites: 4,
    participants: 400,
    smallSiteParticipants: 5,
    participantsPerPeerSpecialist: 75,
    malformedPerKind: 2,
    progressEvery: 0,
  },
  skewed: {
    name: 'skewed',
    summary: 'sites of 80% / 15% / 5%, rare groups and modalities, few surveys: most cells suppressed',
    programs: 1,
    sites: 3,
    participants: 300,
    smallSiteParticipants: 15,
    participantsPerPeerSpecialist: 60,
    malformedPerKind: 2,
    progressEvery: 0,
    skew: {
      // 80% / 15% / 5%: the last is the planted small site (15 of 300).
      siteWeights: [80, 15, 5],
      // A few people under 25 and over 64.
      age: { mean: 45, sd: 8 },
      gender: [['man', 70], ['woman', 28], ['nonbinary', 1], ['unknown', 1]],
      race: [
        ['white', 84], ['hispanic_latino', 7], ['black', 4], ['asian', 1], ['american_indian_alaska_native', 1],
        ['multiracial', 1.5], ['another', 0.5], ['unknown', 1],
      ],
      modality: [['in_person', 0.84], ['phone', 0.12], ['video', 0.02], ['text', 0.01], ['group', 0.01]],
      surveyResponse: 0.35,
    },
  },
  demo: {
    name: 'demo',
    summary: '`npm run demo`',
    programs: 5,
    sites: 14,
    participants: 6_500,
    smallSiteParticipants: 8,
    participantsPerPeerSpecialist: 125,
    malformedPerKind: 3,
    progressEvery: 0,
  },
  statewide: {
    name: 'statewide',
    summary: '`npm run bench:pipeline`',
    programs: 12,
    sites: 120,
    participants: 262_000,
    smallSiteParticipants: 9,
    participantsPerPeerSpecialist: 150,
    malformedPerKind: 4,
    progressEvery: 2_000_000,
  },
  statewide2x: {
    name: 'statewide2x',
    summary: 'statewide with twice the sites and people: `npm run bench:growth`',
    programs: 12,
    sites: 240,
    participants: 524_000,
    smallSiteParticipants: 9,
    participantsPerPeerSpecialist: 150,
    malformedPerKind: 4,
    progressEvery: 4_000_000,
  },
};
