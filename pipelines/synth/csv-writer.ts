// Streaming CSV output. Rows are appended to a string and handed to the file
// stream in ~1 MB chunks: one write() per row would make the statewide run
// spend its time in stream bookkeeping, and waiting for 'drain' keeps memory
// flat however fast rows are produced. Records never contain line breaks, so
// a row's line number in the file is its row number + 1 (after the header).
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';

export const EOL = '\r\n'; // RFC 4180 line ending

const CHUNK_CHARS = 1 << 20;

/** RFC 4180 quoting: only fields with a comma, quote or line break are quoted. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export class CsvWriter {
  /** Data rows written so far (header excluded). */
  rows = 0;
  readonly path: string;
  private buf = '';
  private readonly stream: WriteStream;
  private nextProgress: number;
  private failed: Error | undefined;

  constructor(
    dir: string,
    readonly file: string,
    readonly columns: readonly string[],
    private readonly progressEvery = 0,
    private readonly onProgress?: (file: string, rows: number) => void,
  ) {
    // Written under a temporary name; index.ts renames every file once all are complete.
    this.path = join(dir, `${file}.partial`);
    this.stream = createWriteStream(this.path, { encoding: 'utf8', highWaterMark: 4 * CHUNK_CHARS });
    // Kept and rethrown from pace()/close(): an unhandled 'error' event would kill the process mid-run.
    this.stream.on('error', (e) => (this.failed = e));
    this.buf = columns.join(',') + EOL;
    this.nextProgress = progressEvery > 0 ? progressEvery : Infinity;
  }

  /** 1-based line number the next row will occupy (the header is line 1). */
  get nextLine(): number {
    return this.rows + 2;
  }

  /** A fully formatted row, fields already escaped, ending in EOL. */
  line(text: string): void {
    this.buf += text;
    this.rows++;
  }

  record(rec: Readonly<Record<string, string>>): void {
    let s = '';
    for (let i = 0; i < this.columns.length; i++) {
      if (i > 0) s += ',';
      s += csvField(rec[this.columns[i]!] ?? '');
    }
    this.line(s + EOL);
  }

  /** Call between batches of rows: flushes a full chunk and waits while the disk catches up. */
  async pace(): Promise<void> {
    if (this.failed) throw this.failed;
    if (this.rows >= this.nextProgress) {
      this.onProgress?.(this.file, this.rows);
      while (this.nextProgress <= this.rows) this.nextProgress += this.progressEvery;
    }
    if (this.buf.length < CHUNK_CHARS) return;
    const ok = this.stream.write(this.buf);
    this.buf = '';
    if (!ok) await once(this.stream, 'drain');
  }

  async close(): Promise<void> {
    if (this.buf.length > 0) this.stream.write(this.buf);
    this.buf = '';
    this.stream.end();
    if (!this.failed) await once(this.stream, 'finish');
    if (this.failed) throw this.failed;
  }
}
