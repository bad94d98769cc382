// The pipeline's promises on synthetic data: no direct identifier in anything
// it writes; every row read is accepted or quarantined, at the right line;
// a second run of the same input changes nothing; next month's extract
// updates rather than duplicates; pseudonyms are the HMAC the docs name.
import { parse } from 'csv-parse/sync';
import { readdirSync, readFileSync, readlinkSync, statSync, writeFileSync, copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_SECRET } from '../pipelines/runner/config';
import { ANALYTICS_FILE } from '../pipelines/runner/run';
import { personKey } from '../pipelines/stages/deidentify';
import { keptReleaseFile, RELEASE_FILE } from '../pipelines/release/format';
import { readHistory, sha256File } from '../pipelines/release/history';
import { exportReleaseCsv } from '../pipelines/release/export-csv';
import { MANIFEST_FILE } from '../pipelines/synth/index';
import type { SynthManifest } from '../pipelines/synth/manifest';
import { cachedRun, copyOfRun, TINY_RUN } from './helpers/cached-run';
import { trimInput } from './helpers/trimmed-input';
import { query, run, tempDir } from './helpers/pipeline';

type Row = Record<string, string>;
const readCsv = (path: string): Row[] => parse(readFileSync(path), { columns: true, skip_empty_lines: false }) as Row[];

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

let input: string;
let synth: { manifest: SynthManifest };
let data: string;

beforeAll(async () => {
  // the tiny run the disclosure tests start from too (built once), copied: these tests run it again
  const tiny = await cachedRun(TINY_RUN);
  input = tiny.inputDir;
  synth = { manifest: JSON.parse(readFileSync(join(input, MANIFEST_FILE), 'utf8')) as SynthManifest };
  data = copyOfRun(tiny);
}, 600_000);

describe('direct identifiers', () => {
  function rawIdentifiers(): string[] {
    const people = readCsv(join(input, 'participants.csv'));
    const staff = readCsv(join(input, 'staff.csv'));
    const notes = readCsv(join(input, 'encounters.csv')).map((e) => e.notes ?? '');
    const values = [
      ...people.flatMap((p) => [p.last_name, p.email, p.phone, p.street_address, p.date_of_birth, p.case_notes, p.participant_id]),
      ...staff.flatMap((s) => [s.last_name, s.email, s.phone, s.staff_id]),
      ...notes,
    ];
    // Short values (e.g. 'Li') would match by chance in binary data.
    return [...new Set(values.filter((v): v is string => typeof v === 'string' && v.trim().length >= 5))];
  }

  it('the synthetic input really contains them (so the next tests mean something)', () => {
    const ids = rawIdentifiers();
    expect(ids.length).toBeGreaterThan(1000);
    expect(ids.some((v) => v.endsWith('@example.org'))).toBe(true);
    expect(ids.some((v) => /^\(\d{3}\) 555-01\d\d$/.test(v))).toBe(true);
  });

  it('appear in no byte of any file the pipeline wrote', () => {
    const ids = rawIdentifiers().map((v) => Buffer.from(v, 'utf8'));
    const written = filesUnder(data);
    expect(written.map((f) => f.slice(data.length + 1)).sort()).toEqual(
      expect.arrayContaining([ANALYTICS_FILE, RELEASE_FILE]),
    );
    for (const file of written) {
      const bytes = readFileSync(file);
      const found = ids.find((id) => bytes.includes(id));
      expect(found, `${file} contains ${found}`).toBeUndefined();
    }
  }, 60_000); // a byte scan of every file: seconds, more on a loaded machine

  it('appear in no text value of any table of the store or the release', async () => {
    // DuckDB compresses strings on disk, so the byte scan above is not enough on its own.
    const ids = rawIdentifiers();
    for (const file of [join(data, ANALYTICS_FILE), join(data, RELEASE_FILE)]) {
      const cols = await query<{ table_name: string; column_name: string }>(
        file,
        `SELECT table_name, column_name FROM duckdb_columns() WHERE NOT internal AND data_type IN ('VARCHAR', 'JSON')`,
      );
      expect(cols.length).toBeGreaterThan(0);
      const valuesSql = cols.map((c) => `SELECT "${c.column_name}"::VARCHAR AS v FROM "${c.table_name}"`).join(' UNION ');
      const texts = (await query<{ v: string | null }>(file, valuesSql)).map((r) => r.v ?? '');
      const blob = texts.join('\n');
      const found = ids.find((id) => blob.includes(id));
      expect(found, `${file} holds ${found}`).toBeUndefined();
    }
  });

  it('are reported as dropped columns, by name', async () => {
    const dropped = await query<{ file: string; column: string; kind: string }>(
      join(data, ANALYTICS_FILE),
      `SELECT DISTINCT file, "column", kind FROM dropped_columns ORDER BY ALL`,
    );
    const of = (file: string, kind: string) => dropped.filter((d) => d.file === file && d.kind === kind).map((d) => d.column);
    expect(of('participants.csv', 'identifier')).toEqual(
      expect.arrayContaining(['first_name', 'last_name', 'email', 'phone', 'street_address', 'case_notes']),
    );
    expect(of('participants.csv', 'derived_then_dropped')).toEqual(['date_of_birth']);
    expect(of('participants.csv', 'not_in_contract')).toEqual(['housing_status']);
    expect(of('staff.csv', 'identifier')).toEqual(expect.arrayContaining(['first_name', 'last_name', 'email', 'phone']));
  });
});

describe('rows read = accepted + quarantined', () => {
  it('for every file, with rows read counted by an independent CSV parser', async () => {
    const files = await query<{ file: string; rows_read: number; accepted: number; quarantined: number }>(
      join(data, ANALYTICS_FILE),
      `SELECT file, rows_read::INTEGER AS rows_read, accepted::INTEGER AS accepted, quarantined::INTEGER AS quarantined FROM input_files`,
    );
    expect(files).toHaveLength(8);
    for (const f of files) {
      expect(f.rows_read, f.file).toBe(f.accepted + f.quarantined);
      expect(f.rows_read, f.file).toBe(readCsv(join(input, f.file)).length);
    }
  });

  it('quarantines exactly the planted malformed lines, each with column and reason', async () => {
    const q = await query<{ file: string; line: number; column: string; reason: string }>(
      join(data, ANALYTICS_FILE),
      `SELECT file, line::INTEGER AS line, "column", reason FROM quarantine ORDER BY file, line`,
    );
    for (const [file, planted] of Object.entries(synth.manifest.files)) {
      const got = [...new Set(q.filter((r) => r.file === file).map((r) => r.line))].sort((a, b) => a - b);
      const want = planted.malformed.map((m) => m.line).sort((a, b) => a - b);
      expect(got, file).toEqual(want);
    }
    expect(q.every((r) => r.column.length > 0 && r.reason.length > 0)).toBe(true);
  });

  it('accepted rows are what the store holds', async () => {
    const [n] = await query<{ encounters: number; participants: number }>(
      join(data, ANALYTICS_FILE),
      `SELECT (SELECT count(*) FROM encounters)::INTEGER AS encounters, (SELECT count(*) FROM participants)::INTEGER AS participants`,
    );
    const files = await query<{ file: string; accepted: number }>(
      join(data, ANALYTICS_FILE),
      `SELECT file, accepted::INTEGER AS accepted FROM input_files`,
    );
    expect(n!.encounters).toBe(files.find((f) => f.file === 'encounters.csv')!.accepted);
    expect(n!.participants).toBe(files.find((f) => f.file === 'participants.csv')!.accepted);
  });
});

/** Everything a run computes, in a stable order, for comparing runs. */
async function snapshot(dataDir: string): Promise<string> {
  const db = join(dataDir, ANALYTICS_FILE);
  const parts = [];
  for (const t of ['cube', 'periods', 'participants', 'encounters', 'survey_responses', 'goals', 'staff', 'supervision', 'trainings', 'incidents', 'quarantine']) {
    const cols = t === 'quarantine' ? 'file, sha256, line, "column", reason' : '*';
    parts.push(JSON.stringify(await query(db, `SELECT ${cols} FROM ${t} ORDER BY ALL`)));
  }
  // the same cells released and suppressed, with the same values
  parts.push(JSON.stringify(await query(join(dataDir, RELEASE_FILE), `SELECT * FROM cells ORDER BY ALL`)));
  return parts.join('\n');
}

describe('runs', () => {
  // four months of the tiny input: the same points, with a release stage of seconds, not minutes
  let short: string;
  beforeAll(() => {
    short = tempDir('short');
    trimInput(input, short, '2024-04-30');
  });

  it('a second run of the same input changes no number', async () => {
    const twice = tempDir('twice');
    await run(short, twice);
    const before = await snapshot(twice);
    const [cells] = await query<{ n: number }>(join(twice, ANALYTICS_FILE), `SELECT count(*)::INTEGER AS n FROM cube`);
    expect(cells!.n).toBeGreaterThan(1000);
    await run(short, twice);
    expect(await snapshot(twice)).toBe(before);
    const runs = await query<{ status: string }>(join(twice, ANALYTICS_FILE), `SELECT status FROM runs ORDER BY started_at`);
    expect(runs.map((r) => r.status)).toEqual(['succeeded', 'succeeded']);
  }, 300_000);

  it("next month's extract updates overlapping rows instead of duplicating them", async () => {
    const encounters = readCsv(join(short, 'encounters.csv'));
    const header = Object.keys(encounters[0]!);
    const toCsv = (rows: Row[]) =>
      [header.join(','), ...rows.map((r) => header.map((h) => `"${(r[h] ?? '').replaceAll('"', '""')}"`).join(','))].join('\n') + '\n';
    // A: through March 2024; B: from March 2024 (overlap) with one March row corrected.
    const a = encounters.filter((e) => e.date! < '2024-04-01');
    const b = encounters.filter((e) => e.date! >= '2024-03-01').map((e) => ({ ...e }));
    const fix = b.find((e) => e.date!.startsWith('2024-03') && e.status === 'attended')!;
    fix.minutes = String(Number(fix.minutes) + 7);
    const union = [...a.filter((e) => e.date! < '2024-03-01'), ...b];

    const dirA = tempDir('monthA');
    const dirB = tempDir('monthB');
    const dirAll = tempDir('all');
    for (const f of readdirSync(short).filter((n) => n.endsWith('.csv') && n !== 'encounters.csv')) {
      copyFileSync(join(short, f), join(dirA, f));
      copyFileSync(join(short, f), join(dirAll, f));
    }
    writeFileSync(join(dirA, 'encounters.csv'), toCsv(a));
    writeFileSync(join(dirB, 'encounters_2024-04.csv'), toCsv(b));
    writeFileSync(join(dirAll, 'encounters.csv'), toCsv(union));

    const incremental = tempDir('incremental');
    const oneShot = tempDir('oneshot');
    await run(dirA, incremental);
    const second = await run(dirB, incremental);
    await run(dirAll, oneShot);

    const count = async (d: string) =>
      (await query<{ n: number }>(join(d, ANALYTICS_FILE), `SELECT count(*)::INTEGER AS n FROM encounters`))[0]!.n;
    expect(await count(incremental)).toBe(await count(oneShot));
    expect(await count(incremental)).toBeGreaterThan(a.length);
    const cube = (d: string) => query(join(d, ANALYTICS_FILE), `SELECT * FROM cube ORDER BY ALL`);
    expect(await cube(incremental)).toEqual(await cube(oneShot));
    expect(second.files.map((f) => f.file)).toEqual(['encounters_2024-04.csv']);
  }, 600_000);

  it('pseudonyms are HMAC-SHA256 of the id with the deployment secret', async () => {
    const people = readCsv(join(input, 'participants.csv'));
    const first = people[0]!.participant_id!;
    const keys = await query<{ person_key: string }>(join(data, ANALYTICS_FILE), `SELECT person_key::VARCHAR AS person_key FROM participants`);
    expect(keys).toHaveLength(400);
    expect(keys.map((k) => k.person_key)).toContain(String(personKey(DEMO_SECRET, 'participant', first)));
    expect(keys.map((k) => k.person_key)).not.toContain(String(personKey('another-secret-of-at-least-32-chars!!', 'participant', first)));
  });
});

describe('the release', () => {
  it('has the format\'s tables with cells, and a manifest that counts them', async () => {
    const file = join(data, RELEASE_FILE);
    const tables = await query<{ table_name: string }>(file, `SELECT table_name FROM duckdb_tables() ORDER BY 1`);
    expect(tables.map((t) => t.table_name)).toEqual(['catalog', 'cells', 'dimension_values', 'manifest', 'periods']);
    const [c] = await query<{ tables: number; released: number; suppressed: number }>(
      file,
      `SELECT count(DISTINCT table_id)::INTEGER AS tables, count(*) FILTER (status = 'released')::INTEGER AS released,
         count(*) FILTER (status = 'suppressed')::INTEGER AS suppressed FROM cells`,
    );
    const [m] = await query<{ k: number; tables: number; cells_released: number; cells_suppressed: number; data_from: string }>(
      file,
      `SELECT k::INTEGER AS k, tables::INTEGER AS tables, cells_released::INTEGER AS cells_released,
         cells_suppressed::INTEGER AS cells_suppressed, data_from::VARCHAR AS data_from FROM manifest`,
    );
    expect(m).toMatchObject({ k: 11, tables: c!.tables, cells_released: c!.released, cells_suppressed: c!.suppressed });
    // tiny programs: much is suppressed, but both kinds are there
    expect(c!.released).toBeGreaterThan(1000);
    expect(c!.suppressed).toBeGreaterThan(0);
    expect(m!.data_from).toMatch(/^2024-01-\d\d$/);
  });

  it('release:export writes one line per cell after the long-form header', async () => {
    const out = join(tempDir('export'), 'release.csv');
    const [c] = await query<{ n: number }>(join(data, RELEASE_FILE), `SELECT count(*)::INTEGER AS n FROM cells`);
    expect(await exportReleaseCsv(data, out)).toBe(c!.n);
    const lines = readFileSync(out, 'utf8').split('\r\n');
    expect(lines[0]).toBe('table_id,metric,period_grain,period,dimension,dimension_value,value,status');
    expect(lines.length).toBe(c!.n + 2); // header, cells, and the empty string after the last line break
  });
});

describe('the release history', () => {
  it('each successful run kept its release as releases/<run id>/, recorded with its inputs, and the last one is served', async () => {
    const store = join(data, ANALYTICS_FILE);
    const runs = await query<{ run_id: string }>(store, `SELECT run_id FROM runs WHERE status = 'succeeded' ORDER BY started_at`);
    const h = await readHistory(data);
    expect(h.releases.map((r) => r.id)).toEqual(runs.map((r) => r.run_id));
    const last = runs.at(-1)!.run_id;
    expect(h.current).toBe(last);
    expect(readlinkSync(join(data, RELEASE_FILE))).toBe(keptReleaseFile(last));
    expect(h.releases.every((r) => r.published?.by.via === 'pipeline' && r.record?.keptBy.via === 'pipeline')).toBe(true);

    const record = h.releases.at(-1)!.record!;
    const inputs = await query<{ file: string; sha256: string; rows: number }>(
      store,
      `SELECT file, sha256, rows_read::INTEGER AS rows FROM input_files WHERE run_id = '${last}' ORDER BY file`,
    );
    expect([...record.inputs].sort((a, b) => a.file.localeCompare(b.file))).toEqual(inputs);
    expect(record.file.sha256).toBe(await sha256File(h.releases.at(-1)!.file!));
    const [m] = await query<{ released: number; suppressed: number }>(
      join(data, RELEASE_FILE),
      `SELECT cells_released::INTEGER AS released, cells_suppressed::INTEGER AS suppressed FROM manifest`,
    );
    expect([record.cellsReleased, record.cellsSuppressed]).toEqual([m!.released, m!.suppressed]);
  });
});

describe('errors', () => {
  it('outside demo mode, a missing secret stops the run before anything is written', async () => {
    const d = tempDir('nosecret');
    await expect(run(input, d, { ...process.env, PEER_OUTCOMES_DEMO: undefined, PEER_OUTCOMES_SECRET: undefined })).rejects.toThrow(/PEER_OUTCOMES_SECRET is not set/);
    expect(readdirSync(d)).toEqual([]);
  });

  it('a file without a required column names the file and the column', async () => {
    const d = tempDir('badheader');
    mkdirSync(join(d, 'in'));
    const lines = readFileSync(join(input, 'staff.csv'), 'utf8').split('\n');
    const cols = lines[0]!.split(',');
    const drop = cols.indexOf('role');
    writeFileSync(join(d, 'in', 'staff.csv'), lines.map((l) => l.split(',').filter((_, i) => i !== drop).join(',')).join('\n'));
    await expect(run(join(d, 'in'), join(d, 'out'))).rejects.toThrow(/staff\.csv: required column 'role' missing/);
  });

  it('a missing input folder says so', async () => {
    await expect(run('/nonexistent/extracts', tempDir('x'))).rejects.toThrow(/input folder .* does not exist/);
  });
});
