// The data file of one table in each format, as a stream of bytes. Every
// writer takes ExportRows, whose values are the snapshot's ReleasedValues:
// nothing here reads a number from anywhere but the release reader.
//
// - CSV: the release format's encoding (csvHeader, csvLine), shared with
//   `npm run release:export`; UTF-8 with a byte-order mark unless the plain
//   form is asked for (decision 0009).
// - Parquet: a throwaway in-memory DuckDB instance per download, fed by an
//   appender and written with COPY to a temp file that is streamed and then
//   deleted. It never opens the release file, nor the analytics store.
// - Arrow: apache-arrow's IPC file format (the footer needs the whole table, so
//   the table is built in memory first; a table is at most a few thousand rows).
import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import type { Table } from 'apache-arrow';
import { csvHeader, csvLine, EXPORT_COLUMNS, type CsvForm } from '../../pipelines/release/format';
import type { ExportFormat } from './formats';
import type { ExportRow } from './scope.server';

/** Writes data files of one format for one download; close() frees what it holds. */
export interface DataFileWriter {
  file(rows: readonly ExportRow[]): AsyncIterable<Uint8Array>;
  close(): Promise<void>;
}

const CHUNK = 64 * 1024;

/** `csvForm` applies to CSV only: with or without the byte-order mark. */
export async function openWriter(format: ExportFormat, csvForm: CsvForm): Promise<DataFileWriter> {
  if (format === 'csv') return { file: (rows) => csvFile(rows, csvForm), close: async () => {} };
  if (format === 'arrow') return { file: arrowFile, close: async () => {} };
  return openParquetWriter();
}

const valueOf = (r: ExportRow): number | null => (r.value.status === 'released' ? r.value.value : null);

/** One CSV line of an export row (a dashboard chart's data download writes the same). */
export const csvRow = (r: ExportRow): string => csvLine({ ...r, value: valueOf(r), status: r.value.status });

async function* csvFile(rows: readonly ExportRow[], form: CsvForm): AsyncIterable<Uint8Array> {
  const encoder = new TextEncoder(); // writes U+FEFF as the bytes EF BB BF
  let text = csvHeader(EXPORT_COLUMNS, form);
  for (const r of rows) {
    text += csvRow(r);
    if (text.length >= CHUNK) {
      yield encoder.encode(text);
      text = '';
    }
  }
  if (text) yield encoder.encode(text);
}

// apache-arrow is loaded on the first Arrow export, not at start: the web
// process's memory goal (300 MB under load) has no room for libraries most
// requests never use.
let arrow: Promise<typeof import('apache-arrow')> | undefined;
const loadArrow = () => (arrow ??= import('apache-arrow'));

/** The rows as an Arrow table: text never null, value null exactly when suppressed. */
export async function arrowTable(rows: readonly ExportRow[]): Promise<Table> {
  const { Field, Float64, makeData, RecordBatch, Schema, Struct, Table, Utf8, vectorFromArray } = await loadArrow();
  const schema = new Schema(EXPORT_COLUMNS.map((c) => (c === 'value' ? new Field(c, new Float64(), true) : new Field(c, new Utf8(), false))));
  const text = (pick: (r: ExportRow) => string) => vectorFromArray(rows.map(pick), new Utf8()).data[0]!;
  const children = [
    text((r) => r.table_id),
    text((r) => r.metric),
    text((r) => r.period_grain),
    text((r) => r.period),
    text((r) => r.dimension),
    text((r) => r.dimension_value),
    vectorFromArray(rows.map(valueOf), new Float64()).data[0]!,
    text((r) => r.value.status),
  ];
  const data = makeData({ type: new Struct(schema.fields), length: rows.length, nullCount: 0, children });
  return new Table(new RecordBatch(schema, data));
}

async function* arrowFile(rows: readonly ExportRow[]): AsyncIterable<Uint8Array> {
  const { tableToIPC } = await loadArrow();
  const bytes = tableToIPC(await arrowTable(rows), 'file');
  for (let at = 0; at < bytes.length; at += CHUNK) yield bytes.subarray(at, at + CHUNK);
}

async function openParquetWriter(): Promise<DataFileWriter> {
  // One thread and a small memory limit: a table is small, and the web
  // process shares its cores with the requests of others.
  const instance = await DuckDBInstance.create(':memory:', { threads: '1', memory_limit: '128MB' });
  let connection: Awaited<ReturnType<DuckDBInstance['connect']>>;
  let dir: string;
  try {
    connection = await instance.connect();
    dir = await mkdtemp(path.join(tmpdir(), 'peer-outcomes-export-'));
  } catch (error) {
    instance.closeSync();
    throw error;
  }
  let n = 0;
  return {
    async *file(rows) {
      const name = `t${n}`;
      const file = path.join(dir, `${n++}.parquet`);
      await connection.run(`CREATE TABLE ${name} (${EXPORT_COLUMNS.map((c) => (c === 'value' ? 'value DOUBLE' : `${c} VARCHAR NOT NULL`)).join(', ')})`);
      const appender = await connection.createAppender(name);
      for (const r of rows) {
        appender.appendVarchar(r.table_id);
        appender.appendVarchar(r.metric);
        appender.appendVarchar(r.period_grain);
        appender.appendVarchar(r.period);
        appender.appendVarchar(r.dimension);
        appender.appendVarchar(r.dimension_value);
        if (r.value.status === 'released') appender.appendDouble(r.value.value);
        else appender.appendNull();
        appender.appendVarchar(r.value.status);
        appender.endRow();
      }
      appender.flushSync();
      appender.closeSync();
      try {
        await connection.run(`COPY ${name} TO '${file.replaceAll("'", "''")}' (FORMAT parquet)`);
        await connection.run(`DROP TABLE ${name}`);
        for await (const chunk of createReadStream(file, { highWaterMark: CHUNK })) yield chunk as Buffer;
      } finally {
        await rm(file, { force: true });
      }
    },
    async close() {
      connection.closeSync();
      instance.closeSync();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
