// Looks at a CSV extract's bytes before DuckDB's reader does, so that a file
// that cannot be read is refused with a sentence naming the file, the line and
// what to do, and never with the reader's own error (which quotes whole raw
// records: names, emails, case notes). One streaming pass, in Node:
//
// - what the file really is: Parquet, a zip (an Excel workbook), an old Excel
//   file, gzip under a .csv name, plain text under a .csv.gz name, a cut-off
//   gzip stream (DuckDB reads a truncated .csv.gz without a word), UTF-16;
// - the header row, parsed here (quotes, a UTF-8 byte-order mark), and the
//   delimiter it shows;
// - the encoding: UTF-8, or another 8-bit one (Windows-1252, Latin-1) when the
//   file has bytes that are not UTF-8 and no character that is;
// - the lines of records with a NUL byte (the reader takes them as text).
//
// Lines are counted as DuckDB's reader counts them: a line break inside
// quotes does not start a new line (decision 0004).
import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import type { InputFile } from './discover';
import { InputError } from './discover';

export interface Sniffed {
  header: string[];
  /** Lines (header = 1) of damaged records: a NUL byte, or bytes that are not UTF-8 in a file that is UTF-8 otherwise. */
  damaged: { line: number; reason: string }[];
  /** Empty lines after the header: the reader skips them, and they still count in line numbers. */
  blankLines: number[];
  /** Bytes of the longest record: the reader's buffer must hold it, or it skips the record without a word. */
  longestRecord: number;
}

/** A record longer than this is no extract's: the file is refused rather than given a buffer this big. */
const MAX_RECORD_BYTES = 256 * 1024 * 1024;

const SAVE_AS_CSV = 'export it again from the source system as CSV (comma-separated, UTF-8), or from a spreadsheet with "Save as: CSV UTF-8"';

const MAGIC: { bytes: number[]; what: string; todo: string }[] = [
  { bytes: [0x50, 0x41, 0x52, 0x31], what: 'a Parquet file', todo: 'rename it to end in .parquet' },
  { bytes: [0x50, 0x4b, 0x03, 0x04], what: 'a zip archive (an Excel workbook is one)', todo: SAVE_AS_CSV },
  { bytes: [0xd0, 0xcf, 0x11, 0xe0], what: 'an old Excel (.xls) file', todo: SAVE_AS_CSV },
  { bytes: [0x25, 0x50, 0x44, 0x46], what: 'a PDF', todo: SAVE_AS_CSV },
  { bytes: [0x1f, 0x8b], what: 'gzip-compressed', todo: 'rename it to end in .csv.gz' },
  { bytes: [0xff, 0xfe], what: 'UTF-16 text', todo: 'save it as UTF-8 (in a spreadsheet: "Save as: CSV UTF-8")' },
  { bytes: [0xfe, 0xff], what: 'UTF-16 text', todo: 'save it as UTF-8 (in a spreadsheet: "Save as: CSV UTF-8")' },
];

const startsWith = (buf: Buffer, bytes: number[]) => bytes.every((b, i) => buf[i] === b);

/** Bytes of the file, decompressed for .csv.gz; a file that cannot be read or decompressed is an InputError. */
async function* bytesOf(file: InputFile): AsyncGenerator<Buffer> {
  const gz = file.name.toLowerCase().endsWith('.gz');
  const raw = createReadStream(file.path);
  let gzipMagic = true;
  const source = gz ? raw.pipe(createGunzip()) : raw;
  if (gz) raw.once('data', (c) => void (gzipMagic = startsWith(c as Buffer, [0x1f, 0x8b])));
  try {
    for await (const chunk of source) yield chunk as Buffer;
  } catch (err) {
    if (err instanceof InputError) throw err;
    const code = (err as NodeJS.ErrnoException).code ?? '';
    // zlib's codes start with Z_; the file system's (EACCES, EISDIR…) do not.
    if (!gz || !code.startsWith('Z_')) throw new InputError(`${file.name} cannot be read (${code || 'unknown error'}): check that the pipeline may read it.`);
    if (!gzipMagic) throw new InputError(`${file.name} is not gzip-compressed although its name ends in .gz: rename it to end in .csv.`);
    throw new InputError(`${file.name} is a damaged gzip file (it ends early or is corrupt), so rows would be missing: copy it again from the source system.`);
  } finally {
    raw.destroy();
  }
}

/** Splits a header record on commas, honouring quotes. */
function headerFields(text: string): string[] {
  const fields: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (cur += '"'), i++;
      else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') fields.push(cur), (cur = '');
    else cur += ch;
  }
  fields.push(cur);
  return fields;
}

const OTHER_DELIMITERS: [string, string][] = [
  [';', 'semicolons'],
  ['\t', 'tabs'],
  ['|', 'vertical bars'],
];

export async function sniffCsv(file: InputFile): Promise<Sniffed> {
  let line = 1;
  let quoted = false;
  let prevCr = false;
  let headerBytes: number[] | null = [];
  let header: Buffer | null = null;
  let pending = 0; // UTF-8 continuation bytes still expected
  let multibyte = 0;
  let firstBad = 0;
  const badLines = new Set<number>();
  const nulLines = new Set<number>();
  let nuls = 0;
  let total = 0;
  let recordBytes = 0;
  let lineBreak = false;
  let longest = 0;
  const blankLines: number[] = [];
  let start = true;

  for await (const chunk of bytesOf(file)) {
    let i = 0;
    if (start) {
      start = false;
      const m = MAGIC.find((x) => startsWith(chunk, x.bytes));
      if (m) throw new InputError(`${file.name} is ${m.what}, not a CSV text file: ${m.todo}.`);
      if (startsWith(chunk, [0xef, 0xbb, 0xbf])) i = 3; // a UTF-8 byte-order mark, as Excel writes
    }
    for (; i < chunk.length; i++) {
      const b = chunk[i]!;
      total++;
      if (pending > 0) {
        if ((b & 0xc0) === 0x80) {
          recordBytes++;
          if (--pending === 0) multibyte++;
          if (headerBytes) headerBytes.push(b);
          continue;
        }
        pending = 0;
        badLines.add(line);
        firstBad ||= line;
      }
      if (b >= 0x80) {
        if (b >= 0xc2 && b <= 0xdf) pending = 1;
        else if (b >= 0xe0 && b <= 0xef) pending = 2;
        else if (b >= 0xf0 && b <= 0xf4) pending = 3;
        else {
          badLines.add(line);
          firstBad ||= line;
        }
      } else if (b === 0) {
        nuls++;
        if (nulLines.size < 10_000) nulLines.add(line);
      } else if (b === 0x22) quoted = !quoted;
      else if (!quoted && (b === 0x0a || b === 0x0d)) {
        lineBreak = true;
        if (!(b === 0x0a && prevCr)) {
          if (recordBytes === 0 && line > 1 && blankLines.length < 10_000) blankLines.push(line);
          if (headerBytes) {
            if (headerBytes.length === 0 && line === 1) throw emptyHeader(file);
            header = Buffer.from(headerBytes);
            headerBytes = null;
          }
          line++;
        }
      }
      prevCr = b === 0x0d;
      recordBytes = lineBreak ? 0 : recordBytes + 1;
      if (recordBytes > longest) {
        longest = recordBytes;
        if (longest > MAX_RECORD_BYTES) {
          throw new InputError(`${file.name}: line ${line} is over ${MAX_RECORD_BYTES / 1024 / 1024} MB long, so the file is damaged or no extract: ${SAVE_AS_CSV}.`);
        }
      }
      lineBreak = false;
      if (headerBytes) {
        headerBytes.push(b);
        if (headerBytes.length > 1_000_000) throw new InputError(`${file.name}: the first line is over 1 MB long, so it is no header row: ${SAVE_AS_CSV}.`);
      }
    }
  }
  if (pending > 0) badLines.add(line);
  if (headerBytes) header = Buffer.from(headerBytes);
  if (!header || header.length === 0) throw emptyHeader(file);
  // A text file has no NUL bytes: many of them mean another format (or UTF-16 without its mark).
  if (nuls > 0 && (nuls > total / 100 || nulLines.has(1))) {
    throw new InputError(`${file.name} is not a text file (it holds ${nuls.toLocaleString('en-US')} NUL bytes, from line ${Math.min(...nulLines)}): ${SAVE_AS_CSV}.`);
  }
  if (badLines.size > 0 && multibyte === 0) {
    throw new InputError(
      `${file.name} is not UTF-8 text (the first byte that is not UTF-8 is on line ${firstBad}); it looks like Windows-1252 or Latin-1, ` +
        `whose accented letters would come out wrong: save it as UTF-8 (in a spreadsheet: "Save as: CSV UTF-8") and run again.`,
    );
  }
  if (badLines.has(1)) {
    throw new InputError(`${file.name}: the header row (line 1) is not UTF-8 text: save the file as UTF-8 (in a spreadsheet: "Save as: CSV UTF-8").`);
  }
  const text = header.toString('utf8');
  const fields = headerFields(text);
  if (fields.length === 1) {
    const other = OTHER_DELIMITERS.find(([d]) => text.includes(d));
    if (other) throw new InputError(`${file.name}: the header row is separated by ${other[1]}, not commas: export the file as comma-separated CSV.`);
  }
  const damaged = new Map<number, string>();
  for (const l of badLines) if (damaged.size < 10_000) damaged.set(l, 'not UTF-8 text (save the file as UTF-8)');
  for (const l of nulLines) damaged.set(l, 'a NUL byte in the record (the file may be damaged)');
  return { header: fields, damaged: [...damaged].map(([line, reason]) => ({ line, reason })).filter((d) => d.line > 1), blankLines, longestRecord: longest };
}

function emptyHeader(file: InputFile): InputError {
  return new InputError(`${file.name} is empty: it has no header row. Export it again with a header row (an extract with no rows still has one).`);
}
