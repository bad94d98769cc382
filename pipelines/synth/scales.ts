// Sizes of the three generated worlds. Encounter volume is not set here: it
// follows from the contact patterns (people.ts) and the number of participants,
// so the ratio of encounters to people stays realistic at every scale.

export const SCALE_NAMES = ['tiny', 'demo', 'statewide'] as const;
export type ScaleName = (typeof SCALE_NAMES)[number];

export interface ScaleConfig {
  name: ScaleName;
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
}

export const SCALES: Record<ScaleName, ScaleConfig> = {
  tiny: {
    name: 'tiny',
    programs: 2,
    sites: 4,
    participants: 400,
    smallSiteParticipants: 5,
    participantsPerPeerSpecialist: 75,
    malformedPerKind: 2,
    progressEvery: 0,
  },
  demo: {
    name: 'demo',
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
    programs: 12,
    sites: 120,
    participants: 262_000,
    smallSiteParticipants: 9,
    participantsPerPeerSpecialist: 150,
    malformedPerKind: 4,
    progressEvery: 2_000_000,
  },
};
