// The release in long form as CSV (RFC 4180, UTF-8, header row): every cell
// with its status. The encoding is the release format's (csvLine in
// format.ts), the same as the web app's exports: a suppressed cell's value is
// the word `suppressed`, never 0 or blank, and text a spreadsheet would run as
// a formula is neutralised.
import { DuckDBInstance } from '@duckdb/node-api';
import { createWriteStream, existsSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { CELLS_TABLE, CSV_HEADER, EXPORT_COLUMNS, RELEASE_FILE, csvLine, type CellRow } from './format';

export async function exportReleaseCsv(dataDir: string, outFile: string): Promise<number> {
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
    out.write(CSV_HEADER);
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
