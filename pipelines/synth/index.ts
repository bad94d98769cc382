// The seeded synthetic data generator: contract CSVs that look like program
// exports (fake identifiers included), with planted relationships, small
// groups and malformed rows, plus synth-manifest.json describing them.
// Same seed and scale → byte-identical files.
import { mkdir, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fmtDay, WINDOW_END, WINDOW_START } from './calendar';
import { idSequence, type GenContext } from './context';
import { CsvWriter } from './csv-writer';
import { ENCOUNTER_COLUMNS, writeEncounters } from './encounters';
import { GOAL_COLUMNS, writeGoals } from './goals';
import { corruptionsFor, Planter, type MalformedEntry } from './malformed';
import { SYNTH_FILES, type SynthFile, type SynthManifest } from './manifest';
import { RESTRICTED_ZIP3 } from './names';
import { buildParticipants, PARTICIPANT_COLUMNS, participantLine, participantRecord } from './people';
import { SCALES, type ScaleName } from './scales';
import {
  INCIDENT_COLUMNS,
  STAFF_COLUMNS,
  SUPERVISION_COLUMNS,
  TRAINING_COLUMNS,
  writeIncidents,
  writeStaff,
  writeSupervision,
  writeTrainings,
} from './standards';
import { SURVEY_COLUMNS, writeSurveys } from './surveys';
import { buildSites, buildStaff } from './world';

export { SYNTH_FILES, SynthManifestSchema, type SynthManifest, type SynthFile } from './manifest';
export { SCALES, SCALE_NAMES, type ScaleName } from './scales';
export { FAKE_FIRST_NAMES, FAKE_LAST_NAMES, FAKE_STREETS, RESTRICTED_ZIP3 } from './names';

export interface SynthOptions {
  scale: ScaleName;
  seed: number;
  outDir: string;
  /** Progress and summary lines; the CLI sends them to stderr. */
  log?: (line: string) => void;
}

export interface FileSummary {
  file: SynthFile;
  rows: number;
  malformed: number;
  bytes: number;
  seconds: number;
}

export interface SynthResult {
  manifest: SynthManifest;
  files: FileSummary[];
  seconds: number;
}

export const MANIFEST_FILE = 'synth-manifest.json';

const COLUMNS: Record<SynthFile, readonly string[]> = {
  'participants.csv': PARTICIPANT_COLUMNS,
  'encounters.csv': ENCOUNTER_COLUMNS,
  'survey_responses.csv': SURVEY_COLUMNS,
  'goals.csv': GOAL_COLUMNS,
  'staff.csv': STAFF_COLUMNS,
  'supervision.csv': SUPERVISION_COLUMNS,
  'trainings.csv': TRAINING_COLUMNS,
  'incidents.csv': INCIDENT_COLUMNS,
};

export async function generate(opts: SynthOptions): Promise<SynthResult> {
  const started = performance.now();
  const log = opts.log ?? (() => {});
  const cfg = SCALES[opts.scale];
  const { seed } = opts;
  if (!Number.isSafeInteger(seed) || seed < 0) throw new Error(`seed must be a non-negative integer, got ${seed}`);
  await mkdir(opts.outDir, { recursive: true });

  const sites = buildSites(cfg, seed);
  const participants = buildParticipants(cfg, sites.sites, seed);
  const perSite = new Array<number>(sites.sites.length).fill(0);
  for (const p of participants) perSite[p.site.index]!++;
  const world = buildStaff(sites, perSite, cfg, seed);

  // Ids no file uses, placed far above the real and the planted ranges.
  const pWidth = participants[0]!.id.length - 1;
  const sWidth = world.staff[0]!.id.length - 1;
  const orphanP0 = 10 ** pWidth - 1000;
  const orphanS0 = 10 ** sWidth - 100;
  if (orphanP0 <= participants.length + 100 || orphanS0 <= world.staff.length + 100) throw new Error('id space too small for orphan ids');
  const orphans = {
    participant: (k: number) => `P${orphanP0 + k}`,
    staff: (k: number) => `S${orphanS0 + k}`,
  };

  const ctx: GenContext = {
    seed,
    cfg,
    world,
    participants,
    planter: (file, units, idColumn, freshId) =>
      new Planter(seed, file, corruptionsFor(file, orphans), cfg.malformedPerKind, units, idColumn, freshId),
  };

  const summaries: FileSummary[] = [];
  const malformed = {} as Record<SynthFile, MalformedEntry[]>;
  const partials: string[] = [];
  let perSiteMonth: Int32Array = new Int32Array(0);

  const run = async (file: SynthFile, body: (w: CsvWriter, fileCtx: GenContext) => Promise<void>) => {
    const t0 = performance.now();
    const w = new CsvWriter(opts.outDir, file, COLUMNS[file], cfg.progressEvery, (f, rows) =>
      log(`  ${f}: ${rows.toLocaleString('en-US')} rows…`),
    );
    const planters: Planter[] = [];
    const fileCtx: GenContext = {
      ...ctx,
      planter: (...args) => {
        const p = ctx.planter(...args);
        planters.push(p);
        return p;
      },
    };
    await body(w, fileCtx);
    await w.close();
    partials.push(w.path);
    const entries = planters.flatMap((p) => p.entries).sort((a, b) => a.line - b.line);
    malformed[file] = entries;
    const bytes = (await stat(w.path)).size;
    const seconds = (performance.now() - t0) / 1000;
    summaries.push({ file, rows: w.rows, malformed: entries.length, bytes, seconds });
    log(`${file}: ${w.rows.toLocaleString('en-US')} rows (${entries.length} malformed), ${mb(bytes)}, ${seconds.toFixed(1)} s`);
  };

  await run('participants.csv', async (w, c) => {
    const planter = c.planter(w.file, participants.length, 'participant_id', idSequence('P', pWidth, participants.length));
    for (let k = 0; k < participants.length; k++) {
      const p = participants[k]!;
      w.line(participantLine(p));
      if (planter.due(k)) planter.plant(w, k, participantRecord(p));
      if ((k & 1023) === 0) await w.pace();
    }
    planter.finish(w, participantRecord(participants[participants.length - 1]!));
  });
  await run('encounters.csv', async (w, c) => {
    perSiteMonth = (await writeEncounters(c, w)).perSiteMonth;
  });
  await run('survey_responses.csv', (w, c) => writeSurveys(c, w));
  await run('goals.csv', (w, c) => writeGoals(c, w));
  await run('staff.csv', (w, c) => writeStaff(c, w));
  await run('supervision.csv', (w, c) => writeSupervision(c, w));
  await run('trainings.csv', (w, c) => writeTrainings(c, w));
  await run('incidents.csv', (w, c) => writeIncidents(c, w, perSiteMonth));

  const manifest: SynthManifest = {
    generator: 'peer-outcomes-synth',
    format: 1,
    seed,
    scale: cfg.name,
    window: { start: fmtDay(WINDOW_START), end: fmtDay(WINDOW_END) },
    files: Object.fromEntries(
      SYNTH_FILES.map((f) => [f, { rows: summaries.find((s) => s.file === f)!.rows, malformed: malformed[f] }]),
    ) as SynthManifest['files'],
    planted: {
      laggingSite: world.laggingSite.name,
      smallSite: world.smallSite.name,
      smallSiteParticipants: cfg.smallSiteParticipants,
      lowSupervisionProgram: world.lowSupervisionProgram.name,
      restrictedZip3: [...RESTRICTED_ZIP3],
    },
  };
  // Files appear under their real names only once all are complete, manifest last.
  for (const p of partials) await rename(p, p.slice(0, -'.partial'.length));
  await writeFile(join(opts.outDir, MANIFEST_FILE), JSON.stringify(manifest, null, 2) + '\n');

  const seconds = (performance.now() - started) / 1000;
  return { manifest, files: summaries, seconds };
}

function mb(bytes: number): string {
  return bytes >= 1e6 ? `${(bytes / 1e6).toFixed(1)} MB` : `${(bytes / 1e3).toFixed(1)} kB`;
}
