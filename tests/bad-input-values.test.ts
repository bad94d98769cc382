// Value-level bad input: the tiny synthetic extract with one planted row per
// kind of bad value appended, run once through the CLI as extracted on
// EXTRACT_DATE (a full run: the staff privacy unit shows only in the
// release), and two settings that stop a run
// before it reads anything. For each kind: the exit code, the quarantine entry
// and the summary line that reports it, rows read = accepted + quarantined,
// and no planted identifier in anything printed, logged, stored or released.
import { parse } from 'csv-parse/sync';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { keptReleaseFile } from '../pipelines/release/format';
import { SETTINGS_FILE } from '../pipelines/release/settings';
import { ANALYTICS_FILE, RUN_LOG_FILE, type RunSummary } from '../pipelines/runner/run';
import { csvField, EOL } from '../pipelines/synth/csv-writer';
import { generate } from '../pipelines/synth/index';
import { DEMO_ENV, query, tempDir } from './helpers/pipeline';

const ROOT = resolve(import.meta.dirname, '..');
/**
 * The extract date of the corpus (settings latestDate): the synthetic extract
 * covers 2024–2025, so everything after June 2024 is quarantined as not yet
 * happened, and the six months left make the release stage quick.
 */
const EXTRACT_DATE = '2024-06-30';

/** Identifying values planted in the input: none may appear in anything printed, logged or released. */
const PLANTED = {
  phoneSite: 'call Rosa 555-0142',
  emailProgram: 'rosa.planted@example.org',
  mappedSite: 'Ask for Marguerite Plantedname, 12 Elm Street',
  name: 'Rosalind Plantedperson',
};
const MAPPED_TO = 'Harbor Annex';

type Row = Record<string, string>;
interface Planted {
  file: string;
  row: Row;
  /** What the contract does with it: the column and reason of its quarantine entry, or accepted. */
  expect: { column: string; reason: RegExp } | 'accepted';
}

// Rows built on the synthetic extract's first participant, staff member and encounter.
const enc = (id: string, over: Row): Row => ({ encounter_id: id, participant_id: 'P000001', staff_id: 'S0001', date: '2024-03-20', minutes: '30', modality: 'phone', status: 'attended', ...over });
const person = (id: string, over: Row): Row => ({
  participant_id: id, first_name: 'Rosalind', last_name: 'Plantedperson', date_of_birth: '1990-04-12', gender: 'woman', race_ethnicity: 'asian',
  email: PLANTED.emailProgram, zip: '80371', program: 'Harbor Peer Recovery', site: 'Harbor — Northgate', enrolled_on: '2024-02-06',
  referral_source: 'peer', case_notes: `${PLANTED.name} asked us to call her`, ...over,
});
const response = (id: string, instrument: string, item1: string): Row => ({
  response_id: id, participant_id: 'P000001', instrument, timepoint: '30d', administered_on: '2024-03-14',
  item_1: item1, item_2: '4', item_3: '4', item_4: '4', item_5: '4', item_6: '4',
});

/** The kinds, by name; each row is appended to its file, so its line is known. */
const KINDS: Record<string, Planted> = {
  'future date': { file: 'encounters.csv', row: enc('X01', { date: '2099-01-01' }), expect: { column: 'date', reason: new RegExp(`^after ${EXTRACT_DATE}, the extract date`) } },
  'date before the programs started': { file: 'encounters.csv', row: enc('X02', { date: '2005-05-05' }), expect: { column: 'date', reason: /^before 2010-01-01, the earliest date accepted/ } },
  'half a minute': { file: 'encounters.csv', row: enc('X03', { minutes: '30.5' }), expect: { column: 'minutes', reason: /^not a whole number$/ } },
  'a whole number written 30.0': { file: 'encounters.csv', row: enc('X04', { minutes: '30.0' }), expect: 'accepted' },
  'huge number': { file: 'encounters.csv', row: enc('X05', { minutes: '99999999999999999999' }), expect: { column: 'minutes', reason: /^outside 0\.\.720$/ } },
  'infinite number': { file: 'encounters.csv', row: enc('X06', { minutes: '1e400' }), expect: { column: 'minutes', reason: /^not a finite number$/ } },
  'not a number (NaN)': { file: 'encounters.csv', row: enc('X07', { minutes: 'NaN' }), expect: { column: 'minutes', reason: /^not a finite number$/ } },
  'padded, upper-case enumerations': { file: 'encounters.csv', row: enc('X08', { modality: ' Phone ', status: 'ATTENDED  ' }), expect: 'accepted' },
  'orphan encounter': { file: 'encounters.csv', row: enc('X09', { participant_id: 'P999999' }), expect: { column: 'participant_id', reason: /^no such participant/ } },
  'out-of-range minutes': { file: 'encounters.csv', row: enc('X10', { minutes: '900' }), expect: { column: 'minutes', reason: /^outside 0\.\.720$/ } },
  'conflicting duplicate encounter id': { file: 'encounters.csv', row: enc('E00000001', { minutes: '90' }), expect: { column: 'encounter_id', reason: /^duplicate key/ } },
  'upper-case instrument id': { file: 'survey_responses.csv', row: response('X11', 'PO_SATISFACTION', '5'), expect: 'accepted' },
  'padded mixed-case instrument id': { file: 'survey_responses.csv', row: response('X12', ' Po_Satisfaction ', '3'), expect: 'accepted' },
  'unknown instrument': { file: 'survey_responses.csv', row: response('X13', 'PHQ9', '3'), expect: { column: 'instrument', reason: /^not one of: po_satisfaction/ } },
  'answer off the scale': { file: 'survey_responses.csv', row: response('X14', 'po_satisfaction', '9'), expect: { column: 'item_1', reason: /off the instrument's scale/ } },
  'site name with a phone number': { file: 'participants.csv', row: person('X15', { site: PLANTED.phoneSite }), expect: { column: 'site', reason: /^site name looks like a phone or record number.*displayNames\.site/ } },
  'program name that is an email': { file: 'participants.csv', row: person('X16', { program: PLANTED.emailProgram }), expect: { column: 'program', reason: /^program name looks like an email address/ } },
  'identifying site name mapped to a display name': { file: 'participants.csv', row: person('X17', { site: PLANTED.mappedSite }), expect: 'accepted' },
  'birth year out of range': { file: 'participants.csv', row: person('X18', { date_of_birth: '1850-04-12' }), expect: { column: 'birth_year', reason: /^outside 1900\.\.2099$/ } },
  'conflicting duplicate participant id': { file: 'participants.csv', row: person('P000001', { gender: 'nonbinary' }), expect: { column: 'participant_id', reason: /^duplicate key/ } },
  'orphan supervision': { file: 'supervision.csv', row: { supervision_id: 'X19', staff_id: 'Z99', date: '2024-03-03', minutes: '60' }, expect: { column: 'staff_id', reason: /^no such staff member/ } },
};

/** The tiny synthetic extract with the planted rows appended; returns each kind's line in its file. */
async function writeCorpus(dir: string): Promise<Record<string, number>> {
  await generate({ scale: 'tiny', seed: 1, outDir: dir });
  const lines: Record<string, number> = {};
  for (const [kind, p] of Object.entries(KINDS)) {
    const path = join(dir, p.file);
    const text = readFileSync(path, 'utf8');
    const columns = text.slice(0, text.search(/\r?\n/)).split(',');
    appendFileSync(path, columns.map((c) => csvField(p.row[c] ?? '')).join(',') + EOL);
    // A record's line counts the header as 1 and each record as one, as the loader numbers them.
    lines[kind] = (parse(readFileSync(path), { columns: true }) as unknown[]).length + 1;
  }
  return lines;
}

function cli(input: string, data: string): SpawnSyncReturns<string> {
  return spawnSync(join(ROOT, 'node_modules', '.bin', 'tsx'), ['pipelines/cli/pipeline.ts', '--input', input, '--data', data], {
    cwd: ROOT,
    env: DEMO_ENV,
    encoding: 'utf8',
    timeout: 600_000,
  });
}

const settings = (data: string, s: object) => writeFileSync(join(data, SETTINGS_FILE), JSON.stringify(s));

describe('a month of extracts with one bad value of each kind', () => {
  let input: string;
  let data: string;
  let lines: Record<string, number>;
  let result: SpawnSyncReturns<string>;
  let summary: RunSummary & { status: string };
  let quarantine: { file: string; line: number; column: string; reason: string }[];

  beforeAll(async () => {
    input = tempDir('bad-values');
    data = tempDir('bad-values-data');
    lines = await writeCorpus(input);
    settings(data, { earliestDate: '2010-01-01', latestDate: EXTRACT_DATE, displayNames: { site: { [PLANTED.mappedSite]: MAPPED_TO } } });
    result = cli(input, data);
    const log = readFileSync(join(data, RUN_LOG_FILE), 'utf8').trim().split('\n');
    // the run's own line (the CLI adds a line for publishing after it)
    summary = log.map((l) => JSON.parse(l)).find((l) => l.runId && l.status)!;
  }, 600_000);

  beforeAll(async () => {
    quarantine = await query(join(data, ANALYTICS_FILE), `SELECT file, line::INTEGER AS line, "column", reason FROM quarantine ORDER BY file, line`);
  });

  it('the run succeeds: bad values are quarantined, not fatal', () => {
    expect(result.stderr).not.toMatch(/pipeline failed|pipeline:/);
    expect(result.status).toBe(0);
    expect(summary.status).toBe('succeeded');
  });

  for (const [kind, p] of Object.entries(KINDS)) {
    it(`${kind}: ${p.expect === 'accepted' ? 'accepted' : 'quarantined with its reason, reported in the summary'}`, () => {
      const mine = quarantine.filter((q) => q.file === p.file && q.line === lines[kind]);
      if (p.expect === 'accepted') {
        expect(mine).toEqual([]);
        return;
      }
      const e = p.expect;
      const entry = mine.find((q) => q.column === e.column && e.reason.test(q.reason));
      expect(entry, JSON.stringify(mine)).toBeDefined();
      // The summary prints every reason with its count and first line.
      const group = summary.quarantineByReason.find((g) => g.file === p.file && g.column === e.column && g.reason === entry!.reason)!;
      expect(group.rows).toBeGreaterThanOrEqual(1);
      expect(result.stdout).toContain(`${p.file} ${e.column}: ${entry!.reason} (first: line ${group.firstLine})`);
    });
  }

  it('prints the quarantine by reason with counts, and the dates it accepted', () => {
    const minutes = summary.quarantineByReason.find((g) => g.file === 'encounters.csv' && g.column === 'minutes' && g.reason === 'outside 0..720')!;
    // the huge number and 900, with the synthetic extract's own out-of-range minutes
    const planted = quarantine.filter((q) => q.file === 'encounters.csv' && q.reason === 'outside 0..720').length;
    expect(planted).toBeGreaterThanOrEqual(2);
    expect(minutes.rows).toBe(planted);
    expect(result.stdout).toMatch(/rows quarantined \(table quarantine in analytics\.duckdb\), by reason:/);
    expect(result.stdout).toContain(`dates accepted: 2010-01-01 to ${EXTRACT_DATE}`);
  });

  it('per file, rows read = accepted + quarantined, and every record is read', () => {
    expect(summary.files.length).toBe(8);
    for (const f of summary.files) {
      expect(f.rowsRead, f.file).toBe(f.accepted + f.quarantined);
      expect(f.rowsRead, f.file).toBe((parse(readFileSync(join(input, f.file)), { columns: true }) as unknown[]).length);
    }
  });

  it('the future date does not stretch the data window', async () => {
    const [w] = await query<{ data_from: string; data_to: string }>(join(data, ANALYTICS_FILE), `SELECT data_from::VARCHAR AS data_from, data_to::VARCHAR AS data_to FROM data_window`);
    expect(w!.data_from >= '2024-01-01' && w!.data_to <= EXTRACT_DATE, JSON.stringify(w)).toBe(true);
  });

  it('a mapped site is stored and released under its display name only', async () => {
    const sites = await query<{ site: string }>(join(data, ANALYTICS_FILE), `SELECT DISTINCT site FROM participants`);
    expect(sites.map((s) => s.site)).toContain(MAPPED_TO);
    const released = await query<{ v: string }>(join(data, keptReleaseFile(summary.runId)), `SELECT DISTINCT dimension_value AS v FROM cells WHERE dimension = 'site'`);
    expect(released.map((r) => r.v)).toContain(MAPPED_TO);
  });

  it('no planted identifier in stdout, stderr, the run log, the store or the release', () => {
    const files = [join(data, RUN_LOG_FILE), join(data, ANALYTICS_FILE), join(data, keptReleaseFile(summary.runId))].map((f) => readFileSync(f));
    // Parts of the planted names too: the phone number and the personal names on their own.
    for (const value of [...Object.values(PLANTED), '555-0142', 'Plantedname', 'Plantedperson']) {
      expect(result.stdout, value).not.toContain(value);
      expect(result.stderr, value).not.toContain(value);
      for (const f of files) expect(f.includes(Buffer.from(value, 'utf8')), value).toBe(false);
    }
  });

  it('staff privacy unit: a program with fewer than k staff has every staff cell suppressed, and its cells exist whether or not an incident happened', async () => {
    const staff = await query<{ program: string; n: number }>(join(data, ANALYTICS_FILE), `SELECT program, count(*)::INTEGER AS n FROM staff GROUP BY ALL`);
    expect(staff.length).toBeGreaterThan(0);
    for (const s of staff) expect(s.n, s.program).toBeLessThan(11);
    const cells = await query<{ metric: string; period: string; v: string; status: string }>(
      join(data, keptReleaseFile(summary.runId)),
      `SELECT metric, period, dimension_value AS v, status FROM cells
       WHERE dimension = 'program' AND period_grain = 'quarter'
         AND metric IN ('supervision_minutes_per_staff_month', 'ethics_training_current', 'incidents_per_1000_encounters', 'incident_days_to_resolve')`,
    );
    // Before: a program-quarter without incidents published a rate of 0 (and no days-to-resolve cell).
    for (const c of cells) expect(c, JSON.stringify(c)).toMatchObject({ status: 'suppressed' });
    const keys = (m: string) => new Set(cells.filter((c) => c.metric === m).map((c) => `${c.v} ${c.period}`));
    const supervised = keys('supervision_minutes_per_staff_month');
    expect(supervised.size).toBeGreaterThanOrEqual(4); // two programs, two quarters
    for (const k of supervised) {
      expect(keys('incidents_per_1000_encounters').has(k), k).toBe(true);
      expect(keys('incident_days_to_resolve').has(k), k).toBe(true);
    }
  });
});

describe('settings that stop a run before it reads anything', () => {
  it('an earliest date after the extract date: exit 1, naming both', async () => {
    const input = tempDir('bad-settings');
    const data = tempDir('bad-settings-data');
    await writeCorpus(input);
    settings(data, { earliestDate: '2025-06-01', latestDate: '2025-05-31' });
    const r = cli(input, data);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/latestDate: must not be before earliestDate \(2025-06-01\)/);
  }, 60_000);

  it('a display name that itself looks identifying: exit 1, without printing the raw name', async () => {
    const input = tempDir('bad-names');
    const data = tempDir('bad-names-data');
    await writeCorpus(input);
    settings(data, { latestDate: EXTRACT_DATE, displayNames: { site: { [PLANTED.mappedSite]: 'Ask Rosa at 555-0199' } } });
    const r = cli(input, data);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/displayNames\.site: display name #1 looks like a phone or record number/);
    expect(r.stderr + r.stdout).not.toContain('Plantedname');
    // A configuration error stops the run before its log is opened.
    expect(existsSync(join(data, RUN_LOG_FILE))).toBe(false);
  }, 60_000);
});
