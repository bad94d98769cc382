// The bad-input corpus, reader and structure level (issue 19): each case is
// the small valid input with one thing broken. For each: the exit code and
// message the CLI gives (file, line where there is one, what to do); where the
// file was readable, the broken record quarantined with its line, the rest of
// the file loaded and rows read = accepted + quarantined; the previous release
// unchanged; and none of the values planted in the broken row (name, email,
// phone, case notes) in anything printed, in the run log, or in any byte of
// any file of the data folder, the analytics store included (the store may
// hold de-identified contract columns and the quarantine's file, line, column
// and reason; the markers sit in identifier columns, which never load).
// Value-level rules (dates, numbers, names) have their own corpus.
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  copyInput,
  insertLine,
  joinRow,
  leaks,
  linesOf,
  newMarkers,
  participantRow,
  plantPreviousRelease,
  releaseChecksums,
  runUpToValidation,
  smallValidInput,
  type Markers,
  type Outcome,
} from './helpers/bad-input';
import { tempDir } from './helpers/pipeline';
import { describeFailure } from '../pipelines/cli/failure';
import { InputError } from '../pipelines/stages/discover';

const P = 'participants.csv';
const AT = 6; // where a broken record goes: line 6, after four good ones

interface Case {
  kind: string;
  /** Breaks the copy in `dir`; returns another --input path when the case is about the folder itself. */
  make: (dir: string, m: Markers) => string | void;
  /** The run is refused: the message (naming the file and what to do). */
  refused?: RegExp;
  /** The file is read: the line quarantined and why (line: a number, or from the broken copy). */
  quarantined?: { file?: string; line: number | ((dir: string) => number); reason: RegExp };
  /** Rows of the file beyond the valid input's that load (a valid planted row). */
  extraAccepted?: number;
}

const put = (dir: string, file: string, data: string | Buffer) => writeFileSync(join(dir, file), data);
const withRow = (dir: string, m: Markers, f: (fields: string[]) => string, at = AT) => insertLine(dir, P, at, f(participantRow(dir, m)));
const lastLine = (dir: string) => linesOf(dir, P).length;
const column = (dir: string, name: string) => linesOf(dir, P)[0]!.split(',').indexOf(name);
/** Windows-1252 bytes of a text (what Excel's plain "CSV" export writes): Latin-1 letters as they are, the em dash as 0x97. */
const cp1252 = (text: string) => Buffer.from([...text].map((c) => (c === '—' ? 0x97 : c.charCodeAt(0) < 256 ? c.charCodeAt(0) : 0x3f)));

const CASES: Case[] = [
  // The folder
  { kind: 'input is a file', make: (d) => join(d, P), refused: /participants\.csv is a file; a folder is expected/ },
  { kind: 'input folder missing', make: (d) => join(d, 'nope'), refused: /input folder .*nope does not exist/ },
  { kind: 'empty folder', make: (d) => (rmSync(d, { recursive: true }), mkdirSync(d), d), refused: /no extract files in .*expected names like participants\.csv/ },
  {
    kind: 'only files that are not extracts',
    make: (d) => {
      rmSync(d, { recursive: true });
      mkdirSync(d);
      put(d, 'participants.xlsx', 'x');
      put(d, 'notes.txt', 'x');
    },
    refused: /no extract files in/,
  },
  // What the file is
  { kind: 'empty file', make: (d) => put(d, P, ''), refused: /participants\.csv is empty: it has no header row/ },
  { kind: 'byte-order mark only', make: (d) => put(d, P, Buffer.from([0xef, 0xbb, 0xbf])), refused: /participants\.csv is empty/ },
  { kind: 'semicolon-separated', make: (d) => put(d, P, readFileSync(join(d, P), 'utf8').replaceAll(',', ';')), refused: /participants\.csv: the header row is separated by semicolons, not commas/ },
  { kind: 'tab-separated', make: (d) => put(d, P, readFileSync(join(d, P), 'utf8').replaceAll(',', '\t')), refused: /separated by tabs, not commas: export the file as comma-separated/ },
  { kind: 'Parquet named .csv', make: (d) => put(d, P, Buffer.concat([Buffer.from('PAR1'), Buffer.alloc(64, 7), Buffer.from('PAR1')])), refused: /participants\.csv is a Parquet file.*rename it to end in \.parquet/ },
  { kind: 'Excel workbook named .csv', make: (d) => put(d, P, Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(200, 1)])), refused: /participants\.csv is a zip archive \(an Excel workbook is one\).*CSV/ },
  { kind: 'binary named .csv', make: (d) => put(d, P, Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7) % 256))), refused: /participants\.csv is not a text file.*NUL bytes/ },
  { kind: 'gzip named .csv', make: (d) => put(d, P, gzipSync(readFileSync(join(d, P)))), refused: /participants\.csv is gzip-compressed.*\.csv\.gz/ },
  {
    kind: 'truncated .csv.gz',
    make: (d) => {
      const gz = gzipSync(readFileSync(join(d, P)));
      rmSync(join(d, P));
      put(d, `${P}.gz`, gz.subarray(0, gz.length - 200));
    },
    refused: /participants\.csv\.gz is a damaged gzip file .*copy it again/,
  },
  { kind: 'plain text named .csv.gz', make: (d) => put(d, 'participants_2.csv.gz', readFileSync(join(d, P))), refused: /participants_2\.csv\.gz is not gzip-compressed.*rename it/ },
  {
    kind: 'UTF-16 (Excel "Unicode text")',
    make: (d) => put(d, P, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(readFileSync(join(d, P), 'utf8'), 'utf16le')])),
    refused: /participants\.csv is UTF-16 text.*save it as UTF-8/,
  },
  {
    kind: 'Windows-1252 file (a planted é on line 6)',
    make: (d, m) => {
      withRow(d, m, (r) => joinRow(r).replace(m.name, `${m.name}é`));
      put(d, P, cp1252(readFileSync(join(d, P), 'utf8')));
    },
    refused: /participants\.csv is not UTF-8 text \(the first byte that is not UTF-8 is on line 2\).*Windows-1252.*save it as UTF-8/,
  },
  {
    kind: 'damaged Parquet',
    make: (d) => put(d, 'staff.parquet', Buffer.concat([Buffer.from('PAR1'), Buffer.alloc(100, 3)])),
    refused: /staff\.parquet cannot be read as Parquet.*export it again/,
  },
  {
    kind: 'mixed line endings',
    make: (d) => put(d, P, linesOf(d, P).map((l, i) => l + (i < 8 ? '\n' : '\r\n')).join('')),
    refused: /participants\.csv cannot be read as CSV.*same line endings throughout/,
  },
  // The header
  {
    kind: 'the same column twice, in another case',
    make: (d) => {
      const [h, ...rows] = linesOf(d, P);
      const i = h!.split(',').indexOf('gender');
      put(d, P, [h!.replace(',gender,', ',gender,GENDER,'), ...rows.map((r) => { const f = r.split(','); f.splice(i, 0, f[i]!); return f.join(','); })].join('\r\n'));
    },
    refused: /participants\.csv: the header has column 'gender' twice \('gender' and 'GENDER'.*Remove or rename one/,
  },
  { kind: 'the same column twice', make: (d) => put(d, 'trainings.csv', readFileSync(join(d, 'trainings.csv'), 'utf8').replace('staff_id,course,completed_on', 'staff_id,course,staff_id')), refused: /trainings\.csv: the header has column 'staff_id' twice/ },
  {
    kind: 'no header row (the first line is a record)',
    make: (d, m) => put(d, P, [joinRow(participantRow(d, m)), ...linesOf(d, P).slice(1)].join('\r\n')),
    refused: /participants\.csv: the first line names none of the contract's columns, so the file has no header row/,
  },
  { kind: 'a required column missing', make: (d) => put(d, 'staff.csv', readFileSync(join(d, 'staff.csv'), 'utf8').replace(',role,', ',job,')), refused: /staff\.csv: required column 'role' missing/ },
  // Records: quarantined with their line, the rest loads
  { kind: 'an extra field', make: (d, m) => withRow(d, m, (r) => joinRow([...r, 'extra'])), quarantined: { line: AT, reason: /more fields than the header/ } },
  { kind: 'a short row', make: (d, m) => withRow(d, m, (r) => joinRow(r.slice(0, 9))), quarantined: { line: AT, reason: /fewer fields than the header/ } },
  {
    kind: 'an unterminated quote at the end',
    make: (d, m) => put(d, P, readFileSync(join(d, P), 'utf8') + joinRow(participantRow(d, m)).replace(m.notes, `"${m.notes}`)),
    quarantined: { line: (d) => lastLine(d), reason: /a quote that is not closed/ },
  },
  {
    kind: 'a truncated .csv (cut inside the last record)',
    make: (d, m) => {
      insertLine(d, P, lastLine(d) + 1, joinRow(participantRow(d, m)));
      const text = readFileSync(join(d, P), 'utf8');
      put(d, P, text.slice(0, text.indexOf(m.email) + 4));
    },
    quarantined: { line: (d) => lastLine(d), reason: /fewer fields than the header/ },
  },
  { kind: 'a NUL byte in a dropped column', make: (d, m) => withRow(d, m, (r) => joinRow(r).replace(m.name, `${m.name}\0`)), quarantined: { line: AT, reason: /a NUL byte in the record/ } },
  {
    kind: 'a NUL byte in a column that loads',
    make: (d, m) => withRow(d, m, (r) => joinRow(r.map((v, i) => (i === column(d, 'program') ? `${v}\0` : v)))),
    quarantined: { line: AT, reason: /a NUL byte in the record/ },
  },
  {
    kind: 'one byte that is not UTF-8 in a UTF-8 file',
    make: (d, m) => {
      withRow(d, m, (r) => joinRow(r).replace(m.name, `${m.name}#`));
      const b = readFileSync(join(d, P));
      const i = b.indexOf(`${m.name}#`) + m.name.length;
      put(d, P, Buffer.concat([b.subarray(0, i), Buffer.from([0xe9]), b.subarray(i + 1)]));
    },
    quarantined: { line: AT, reason: /not UTF-8 text \(save the file as UTF-8\)/ },
  },
  {
    kind: 'a line longer than the reader takes (50 MB of case notes)',
    make: (d, m) => withRow(d, m, (r) => joinRow(r).replace(m.notes, `${m.notes} ${'x'.repeat(50 * 1024 * 1024)}`)),
    quarantined: { line: AT, reason: /a line longer than the reader's limit/ },
  },
  {
    kind: 'blank lines before a broken record (lines still count)',
    make: (d, m) => {
      insertLine(d, P, 4, '');
      insertLine(d, P, 4, '');
      withRow(d, m, (r) => joinRow([...r, 'extra']), AT + 2);
    },
    quarantined: { line: AT + 2, reason: /more fields than the header/ },
  },
  {
    kind: 'a line break inside quotes before a broken record (a record is one line)',
    make: (d, m) => {
      const other = newMarkers();
      withRow(d, m, (r) => joinRow([...r, 'extra']));
      withRow(d, other, (r) => joinRow(r.map((v) => (v === other.notes ? 'two\r\nlines' : v))), 3);
    },
    // One record more above it: line 7, though it is the file's 8th physical line.
    quarantined: { line: AT + 1, reason: /more fields than the header/ },
    extraAccepted: 1,
  },
  // Files that load as they are
  { kind: 'a UTF-8 byte-order mark', make: (d) => put(d, P, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), readFileSync(join(d, P))])) },
  { kind: 'LF line endings', make: (d) => put(d, P, readFileSync(join(d, P), 'utf8').replaceAll('\r\n', '\n')) },
  { kind: 'a header-only file', make: (d) => put(d, 'incidents.csv', `${linesOf(d, 'incidents.csv')[0]}\r\n`) },
  { kind: 'a trailing comma on every line (a column with no name)', make: (d) => put(d, P, readFileSync(join(d, P), 'utf8').replaceAll('\r\n', ',\r\n')) },
  { kind: 'header names in other case and quoted', make: (d) => put(d, P, readFileSync(join(d, P), 'utf8').replace('participant_id,', '"Participant_ID",').replace(',gender,', ', GENDER ,')) },
  { kind: 'formula-looking text in case notes', make: (d, m) => withRow(d, m, (r) => joinRow(r).replace(m.notes, `=cmd|' /C calc'!A0 ${m.notes}`)), extraAccepted: 1 },
  { kind: 'a quote inside an unquoted field', make: (d, m) => withRow(d, m, (r) => joinRow(r).replace(m.name, `${m.name} "Zed"`)), extraAccepted: 1 },
  // Keys and references, on records the reader took
  { kind: 'a duplicate id in one file', make: (d, m) => withRow(d, m, (r) => joinRow([linesOf(d, P)[1]!.split(',')[0]!, ...r.slice(1)])), quarantined: { line: AT, reason: /duplicate key/ } },
  {
    kind: 'an encounter of a participant no file has',
    make: (d, m) => insertLine(d, 'encounters.csv', AT, ['E99999999', 'P0999999', linesOf(d, 'encounters.csv')[1]!.split(',')[2], '2024-03-01', '30', 'phone', 'attended', m.notes].join(',')),
    quarantined: { file: 'encounters.csv', line: AT, reason: /participant/ },
  },
];

let base: string;
let data: string;
let release: Record<string, string>;
let baseline: Outcome;

beforeAll(async () => {
  base = await smallValidInput();
  data = tempDir('bad-data');
  release = plantPreviousRelease(data);
  baseline = await runUpToValidation(base, data);
}, 60_000);

describe('the valid input the corpus breaks', () => {
  it('loads without a refusal, with rows read = accepted + quarantined per file', () => {
    expect(baseline.exitCode).toBe(0);
    expect(baseline.files.length).toBe(8);
    for (const f of baseline.files) expect(f.rows_read).toBe(f.accepted + f.quarantined);
    expect(baseline.files.find((f) => f.file === P)!.accepted).toBeGreaterThan(20);
  });
});

describe.each(CASES)('$kind', (c) => {
  let m: Markers;
  let input: string;
  let out: Outcome;

  beforeAll(async () => {
    m = newMarkers();
    input = copyInput(base);
    out = await runUpToValidation(c.make(input, m) ?? input, data);
  }, 60_000);

  if (c.refused) {
    it('is refused with exit code 3, naming the file and what to do', () => {
      expect(out.printed).toMatch(c.refused!);
      expect(out.printed).toMatch(/Nothing was loaded; the previous release is unchanged/);
      expect(out.exitCode).toBe(3);
      expect(out.logLine.status).toBe('failed');
    });
  } else {
    it('is read: rows read = accepted + quarantined, and the rest of the file loads', () => {
      expect(out.exitCode).toBe(0);
      for (const f of out.files) expect(f.rows_read, f.file).toBe(f.accepted + f.quarantined);
      const file = c.quarantined?.file ?? P;
      const before = baseline.files.find((f) => f.file === file)!;
      const after = out.files.find((f) => f.file === file)!;
      expect(after.accepted).toBe(before.accepted + (c.extraAccepted ?? 0));
      expect(after.quarantined).toBe(before.quarantined + (c.quarantined ? 1 : 0));
    });
    if (c.quarantined) {
      it('quarantines the broken record with its line and a reason', () => {
        const q = c.quarantined!;
        const line = typeof q.line === 'number' ? q.line : q.line(input);
        const hits = out.quarantine.filter((r) => r.file === (q.file ?? P) && r.line === line);
        expect(hits.map((h) => h.reason).join('; ')).toMatch(q.reason);
      });
    }
  }

  it('leaves the previous release as it was', () => {
    expect(releaseChecksums(data)).toEqual(release);
  });

  it('prints, logs and writes none of the values planted in the broken row', () => {
    const log = readFileSync(join(data, 'pipeline-runs.jsonl'), 'utf8');
    expect(leaks(m, { printed: out.printed, progress: out.progress, 'run log': log, quarantine: JSON.stringify(out.quarantine) }, data)).toEqual([]);
  });
});

describe("the CLI's failure text", () => {
  it("never prints an unexpected error's message (it may quote a record), only where it happened", () => {
    const m = newMarkers();
    const f = describeFailure(new Error(`Conversion Error: CSV Error on Line: 6\nOriginal Line: P1,${m.name},${m.email},${m.phone}`), {});
    expect(f.exitCode).toBe(1);
    expect(f.text).toMatch(/internal error \(Error\).*PEER_OUTCOMES_DEBUG=1[\s\S]*\n\s+at /);
    expect(leaks(m, { text: f.text }, tempDir('empty'))).toEqual([]);
  });

  it('prints a refused input in full, with exit code 3', () => {
    expect(describeFailure(new InputError('x.csv is empty'), {})).toEqual({ exitCode: 3, text: 'pipeline: x.csv is empty\nNothing was loaded; the previous release is unchanged.' });
  });
});

describe('the CLI, end to end', () => {
  const cli = (args: string[]) =>
    promisify(execFile)(process.execPath, [join('node_modules', 'tsx', 'dist', 'cli.mjs'), 'pipelines/cli/pipeline.ts', ...args], {
      env: { ...process.env, PEER_OUTCOMES_DEMO: '1', PEER_OUTCOMES_SECRET: '' },
    }).then(
      (r) => ({ code: 0, ...r }),
      (e: { code: number; stdout: string; stderr: string }) => e,
    );

  it('a Windows-1252 participants file: exit 3, the file, the line and what to do, and no raw record', async () => {
    const m = newMarkers();
    const input = copyInput(base);
    withRow(input, m, (r) => joinRow(r).replace(m.name, `${m.name}é`));
    put(input, P, cp1252(readFileSync(join(input, P), 'utf8')));
    const r = await cli(['--input', input, '--data', data]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/participants\.csv is not UTF-8 text \(the first byte that is not UTF-8 is on line \d+\).*save it as UTF-8/);
    expect(leaks(m, { stdout: r.stdout, stderr: r.stderr }, data)).toEqual([]);
    expect(releaseChecksums(data)).toEqual(release);
  }, 60_000);

  it('--input pointing at a file: exit 3, and it says a folder is expected', async () => {
    const r = await cli(['--input', join(base, P), '--data', data]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/participants\.csv is a file; a folder is expected/);
  }, 60_000);

  it('no --input: exit 2 with the usage', async () => {
    const r = await cli(['--data', data]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/usage: npm run pipeline/);
  }, 60_000);
});
