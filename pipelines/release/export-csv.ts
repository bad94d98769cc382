// The release in long form as CSV (RFC 4180, UTF-8, header row): every cell
// with its status. The encoding is the release format's (csvLine in
// format.ts), the same as the web app's exports: a suppressed cell's value is
// the word `suppressed`, never 0 or blank, and text a spreadsheet would run as
// a formula is neutralised. Byte-exact UTF-8 by default, for scripts and
// diffs; `bom` (the CLI's --bom) starts it with the byte-order mark Excel
// needs, as the web app's exports do by default (decision 0009).
import { DuckDBInstance } from '@duckdb/node-api';
import { createWriteStream, existsSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { CELLS_TABLE, EXPORT_COLUMNS, RELEASE_FILE, csvHeader, csvLine, type CellRow, type CsvForm } from './format';

export async function exportReleaseCsv(dataDir: string, outFile: string, form: CsvForm = 'plain'): Promise<number> {
  const path = join(dataDir, RELEASE_FILE);
  if (!existsSync(path)) throw new Error(`no release at ${path}: run the pipeline first (npm run pipeline -- --input DIR --data ${dataDir})`);
  const db = await DuckDBInstance.create(path, { access_mode: 'READ_ONLY' });
  const conn = await db.connect();
  const out = createWriteStream(outFile);
  let rows = 0;
  try {
    const result = await conn.stream(
      `SELECT ${EXPORT_COLUMNS.map((c) => (c === 'value' ? 'CAST(value AS DOUBLE) AS value' : c)).join(', ')}
       FROM ${CELLS_TABLE} ORDER BY table_id, period, dimension_value`,
    );
    out.write(csvHeader(EXPORT_COLUMNS, form));
    for (;;) {
      const chunk = await result.fetchChunk();
      if (!chunk || chunk.rowCount === 0) break;
      for (const r of chunk.getRowObjects(result.deduplicatedColumnNames())) {
        if (!out.write(csvLine(r as unknown as CellRow))) await once(out, 'drain');
        rows++;
      }
    }
  } finally {
    out.end();
    await once(out, 'finish');
    conn.closeSync();
    db.closeSync();
  }
  return rows;
}
