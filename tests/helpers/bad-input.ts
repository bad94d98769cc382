// The bad-input corpus's harness: a small valid input (a trimmed copy of the
// tiny synthetic one), copies of it with one thing broken, a run of the real
// runner on a data folder that holds a (stand-in) previous release, and what
// the run left: the exit code and text the CLI would print, the store's
// counts and quarantine, the run log, every file of the data folder.
//
// A run that the input does not stop is stopped right after validation (the
// progress hook throws as de-identification starts, before anything merges):
// everything the corpus checks is settled by then, and the release stage
// would cost minutes per case.
import { parse } from 'csv-parse/sync';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describeFailure } from '../../pipelines/cli/failure';
import { RUN_LOG_FILE, runPipeline, type Progress } from '../../pipelines/runner/run';
import { csvField, EOL } from '../../pipelines/synth/csv-writer';
import { generate } from '../../pipelines/synth/index';
import { DEMO_ENV, query, tempDir } from './pipeline';

/** Participants kept from the tiny input (and the rows that refer to them): enough rows to show the point, a fast load. */
const PARTICIPANTS = 30;

/** A trimmed tiny input: the first participants, their encounters, surveys and goals; all staff rows. */
export async function smallValidInput(): Promise<string> {
  const full = tempDir('bad-full');
  await generate({ scale: 'tiny', seed: 3, outDir: full });
  const dir = tempDir('bad-base');
  const people = new Set<string>();
  for (const name of ['participants.csv', 'encounters.csv', 'survey_responses.csv', 'goals.csv', 'staff.csv', 'supervision.csv', 'trainings.csv', 'incidents.csv']) {
    const text = readFileSync(join(full, name), 'utf8');
    const header = text.slice(0, text.indexOf(EOL));
    const rows = parse(text, { relax_column_count: true, relax_quotes: true, from_line: 2 }) as string[][];
    const kept =
      name === 'participants.csv'
        ? rows.slice(0, PARTICIPANTS)
        : header.split(',').includes('participant_id')
          ? rows.filter((r) => people.has(r[header.split(',').indexOf('participant_id')]!))
          : rows;
    if (name === 'participants.csv') kept.forEach((r) => people.add(r[0]!));
    writeFileSync(join(dir, name), [header, ...kept.map((r) => r.map(csvField).join(','))].join(EOL) + EOL);
  }
  return dir;
}

/** Unique values planted in a broken row's identifier columns: none may show up anywhere but the input. */
export interface Markers {
  name: string;
  email: string;
  phone: string;
  notes: string;
}

let markerSeq = 0;
export function newMarkers(): Markers {
  const n = String(++markerSeq).padStart(3, '0');
  return { name: `Zyqx${n}marker`, email: `zyqx${n}@marker.example`, phone: `(555) 019-7${n}`, notes: `ZYQX-${n}-NOTE said her sister's address` };
}

/** A valid participants row (a new id) carrying the markers in its dropped identifier columns. */
export function participantRow(dir: string, m: Markers, id = `P9${m.name.replace(/\D/g, '')}`): string[] {
  const [header, first] = rowsOf(dir, 'participants.csv');
  const r = Object.fromEntries(header!.map((h, i) => [h, first![i]!]));
  Object.assign(r, { participant_id: id, first_name: m.name, last_name: m.name, email: m.email, phone: m.phone, street_address: `1 ${m.name} Road`, case_notes: m.notes });
  return header!.map((h) => r[h]!);
}

export const joinRow = (fields: string[]) => fields.map(csvField).join(',');

export function rowsOf(dir: string, file: string): string[][] {
  return parse(readFileSync(join(dir, file)), { relax_column_count: true, relax_quotes: true }) as string[][];
}

/** The file's records as text lines (header first); records of the synthetic input hold no line breaks. */
export function linesOf(dir: string, file: string): string[] {
  return readFileSync(join(dir, file), 'utf8').split(EOL).filter((l, i, a) => i < a.length - 1 || l !== '');
}

/** Writes records (header first) back with CRLF endings; `at` inserts raw text as line `at` (header = 1). */
export function insertLine(dir: string, file: string, at: number, raw: string): void {
  const lines = linesOf(dir, file);
  lines.splice(at - 1, 0, raw);
  writeFileSync(join(dir, file), lines.join(EOL) + EOL);
}

export function sha256(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/** Every file under a folder, relative paths. */
export function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((f) => join(dir, f))
    .filter((p) => statSync(p).isFile())
    .map((p) => relative(dir, p));
}

/** A stand-in previous release: the runs here stop before the release stage, so its bytes must not change. */
export function plantPreviousRelease(dataDir: string): Record<string, string> {
  mkdirSync(join(dataDir, 'releases', 'previous'), { recursive: true });
  const bytes = Buffer.from('stand-in for the release a good run published earlier\n');
  writeFileSync(join(dataDir, 'release.duckdb'), bytes);
  writeFileSync(join(dataDir, 'releases', 'previous', 'release.duckdb'), bytes);
  return releaseChecksums(dataDir);
}

export function releaseChecksums(dataDir: string): Record<string, string> {
  const files = ['release.duckdb', ...filesUnder(join(dataDir, 'releases')).map((f) => join('releases', f))];
  return Object.fromEntries(files.map((f) => [f, sha256(join(dataDir, f))]));
}

class StoppedAfterValidation extends Error {}

export interface Outcome {
  exitCode: number;
  /** What the CLI would print to stderr (a refused run) or nothing (a run that went on). */
  printed: string;
  /** Progress lines the CLI would print. */
  progress: string;
  runId: string;
  files: { file: string; rows_read: number; accepted: number; quarantined: number }[];
  quarantine: { file: string; line: number; column: string; reason: string }[];
  /** The run log's line for this run. */
  logLine: Record<string, unknown>;
}

/** Runs the pipeline on `inputDir` into `dataDir` up to validation, as the CLI would, and reads what it left. */
export async function runUpToValidation(inputDir: string, dataDir: string): Promise<Outcome> {
  const progress: string[] = [];
  let exitCode = 0;
  let printed = '';
  try {
    await runPipeline({
      inputDir,
      dataDir,
      env: DEMO_ENV,
      onProgress: (p: Progress) => {
        if (p.stage === 'deidentify') throw new StoppedAfterValidation('stopped after validation (bad-input corpus)');
        progress.push(`${p.stage} ${p.detail ?? ''}`);
      },
    });
  } catch (e) {
    if (!(e instanceof StoppedAfterValidation)) ({ exitCode, text: printed } = describeFailure(e, {}));
  }
  const log = readFileSync(join(dataDir, RUN_LOG_FILE), 'utf8').trim().split('\n');
  const logLine = JSON.parse(log.at(-1)!) as Record<string, unknown>;
  const runId = String(logLine.runId);
  const store = join(dataDir, 'analytics.duckdb');
  const files = existsSync(store)
    ? await query<Outcome['files'][number]>(store, `SELECT file, rows_read::INTEGER AS rows_read, accepted::INTEGER AS accepted, quarantined::INTEGER AS quarantined FROM input_files WHERE run_id = '${runId}'`)
    : [];
  const quarantine = existsSync(store)
    ? await query<Outcome['quarantine'][number]>(store, `SELECT file, line::INTEGER AS line, "column", reason FROM quarantine WHERE run_id = '${runId}' ORDER BY file, line`)
    : [];
  return { exitCode, printed, progress: progress.join('\n'), runId, files, quarantine, logLine };
}

/** Copies the valid input to a new folder for one case. */
export function copyInput(base: string): string {
  const dir = tempDir('bad-case');
  cpSync(base, dir, { recursive: true });
  return dir;
}

/** Where each marker value shows up: texts by label, and every file under the data folder (the store included). */
export function leaks(m: Markers, texts: Record<string, string>, dataDir: string): string[] {
  const values = [...Object.values(m), m.notes.split(' ')[0]!];
  const found: string[] = [];
  for (const [label, text] of Object.entries(texts)) for (const v of values) if (text.includes(v)) found.push(`${label}: ${v}`);
  for (const f of filesUnder(dataDir)) {
    const bytes = readFileSync(join(dataDir, f));
    for (const v of values) if (bytes.includes(v)) found.push(`${f}: ${v}`);
  }
  return found;
}
