// One export = one zip, streamed: a data file per table, then manifest.json
// with each file's byte size and sha256, computed while the file streams
// through. The same code serves one table, a handful, and the whole release.
import { createHash } from 'node:crypto';
import { Zip, ZipDeflate } from 'fflate';
import type { ProgramAccess } from '~/auth/guards.server';
import type { ReleaseSnapshot } from '~/release/snapshot.server';
import type { CatalogRow, CsvForm } from '../../pipelines/release/format';
import { openWriter } from './data-files.server';
import { dataFileName, zipFileName, type ExportFormat } from './formats';
import { manifestHeader, manifestTable, type ExportManifest } from './manifest.server';
import { exportTable, exportTotals, scopeText, type ExportTable } from './scope.server';

export interface ExportSummary {
  release: string;
  format: ExportFormat;
  tables: number;
  rows: number;
  cells_released: number;
  cells_suppressed: number;
  scope: string;
}

export interface PreparedExport {
  filename: string;
  /** What the audit entry records, known before a byte is written. */
  summary: ExportSummary;
  /** The zip's bytes; the manifest is written as it ends. */
  body(): AsyncGenerator<Uint8Array, ExportManifest>;
}

export interface ExportRequest {
  release: ReleaseSnapshot;
  access: ProgramAccess;
  tables: readonly CatalogRow[];
  format: ExportFormat;
  /** CSV with UTF-8's byte-order mark (the default, for spreadsheets) or without (byte-exact, for scripts). */
  csvForm?: CsvForm;
  /** A metric's exact rule (app/dashboard/definitions.ts, as in docs/metrics.md), or null. */
  definition: (metric: string) => string | null;
  generatedAt?: Date;
}

export function prepareExport(req: ExportRequest): PreparedExport {
  const tables = req.tables.map((def) => exportTable(req.release, req.access, def));
  const totals = exportTotals(tables);
  const summary: ExportSummary = {
    release: req.release.id,
    format: req.format,
    tables: totals.tables,
    rows: totals.rows,
    cells_released: totals.released,
    cells_suppressed: totals.suppressed,
    scope: scopeText(req.access),
  };
  const generatedAt = req.generatedAt ?? new Date();
  return {
    filename: zipFileName(req.release.id, req.format),
    summary,
    body: () => zipBody(req, tables, generatedAt),
  };
}

async function* zipBody(req: ExportRequest, tables: readonly ExportTable[], generatedAt: Date): AsyncGenerator<Uint8Array, ExportManifest> {
  const out: Uint8Array[] = [];
  let failure: Error | null = null;
  const zip = new Zip((error, chunk) => {
    if (error) failure = error;
    else if (chunk.length > 0) out.push(chunk);
  });
  const drain = function* () {
    if (failure) throw failure;
    while (out.length > 0) yield out.shift()!;
  };
  const mtime = generatedAt; // every entry dated like the manifest's generated_at
  const csvForm = req.csvForm ?? 'bom';
  const manifest: ExportManifest = { ...manifestHeader(req.release, req.access, req.format, csvForm, generatedAt), tables: [] };
  const writer = await openWriter(req.format, csvForm);
  try {
    for (const table of tables) {
      const entry = new ZipDeflate(dataFileName(table.def, req.format), { level: 6 });
      entry.mtime = mtime;
      zip.add(entry);
      const hash = createHash('sha256');
      let bytes = 0;
      for await (const chunk of writer.file(table.rows)) {
        hash.update(chunk);
        bytes += chunk.length;
        entry.push(chunk);
        yield* drain();
      }
      entry.push(new Uint8Array(0), true);
      yield* drain();
      manifest.tables.push(manifestTable(table, req.format, req.definition(table.def.metric), { bytes, sha256: hash.digest('hex') }));
    }
    const last = new ZipDeflate('manifest.json', { level: 6 });
    last.mtime = mtime;
    zip.add(last);
    last.push(new TextEncoder().encode(`${JSON.stringify(manifest, null, 2)}\n`), true);
    zip.end();
    yield* drain();
    return manifest;
  } finally {
    await writer.close();
  }
}

/** The zip as a web stream that pulls one chunk at a time (the client's pace), and cleans up if the client goes away. */
export function zipStream(prepared: PreparedExport, onError: (error: unknown) => void): ReadableStream<Uint8Array> {
  const chunks = prepared.body();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const next = await chunks.next();
        if (next.done) controller.close();
        else controller.enqueue(next.value);
      } catch (error) {
        onError(error);
        controller.error(error);
      }
    },
    async cancel() {
      await chunks.return(undefined as never);
    },
  });
}
