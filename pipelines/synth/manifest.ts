// synth-manifest.json: what was generated and where the planted malformed rows
// are, so pipeline tests can check the loader quarantined exactly those lines.
// A zod schema rather than just a type, so a reader can validate the file it got.
import { z } from 'zod';
import { MALFORMED_KINDS } from './malformed';
import { SCALE_NAMES } from './scales';

export const SYNTH_FILES = [
  'participants.csv',
  'encounters.csv',
  'survey_responses.csv',
  'goals.csv',
  'staff.csv',
  'supervision.csv',
  'trainings.csv',
  'incidents.csv',
] as const;
export type SynthFile = (typeof SYNTH_FILES)[number];

export const MalformedEntrySchema = z.object({
  line: z.number().int().min(2),
  kind: z.enum(MALFORMED_KINDS),
  check: z.enum(['schema', 'row_rule', 'reference', 'registry']),
  column: z.string(),
  reason: z.string(),
});

export const SynthManifestSchema = z.object({
  generator: z.literal('peer-outcomes-synth'),
  format: z.literal(1),
  seed: z.number().int().nonnegative(),
  scale: z.enum(SCALE_NAMES),
  window: z.object({ start: z.string(), end: z.string() }),
  files: z.record(
    z.enum(SYNTH_FILES),
    z.object({
      /** Data rows (header excluded), malformed ones included. */
      rows: z.number().int().nonnegative(),
      malformed: z.array(MalformedEntrySchema),
    }),
  ),
  planted: z.object({
    laggingSite: z.string(),
    smallSite: z.string(),
    smallSiteParticipants: z.number().int(),
    lowSupervisionProgram: z.string(),
    restrictedZip3: z.array(z.string()),
  }),
});
export type SynthManifest = z.infer<typeof SynthManifestSchema>;

