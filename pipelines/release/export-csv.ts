// The release in long form as CSV (RFC 4180, UTF-8, header row): every cell
// with its status. A suppressed cell has an empty value and the status
// `suppressed`, never 0. Text that a spreadsheet would run as a formula
// (= + - @ tab CR at the start) is prefixed with an apostrophe.
import { DuckDBInstance } from '@duckdb/node-api';
import { createWriteStream, existsSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { CELLS_TABLE, RELEASE_FILE } from './format';

export const EXPORT_COLUMNS = ['table_id', 'metric', 'period_grain', 'period', 'dimension', 'dimension_value', 'value', 'status'] as const;

export function csvText(s: string): string {
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export async function exportReleaseCsv(dataDir: string, outFile: string): Promise<number> {
  const path = join(dataDir, RELEASE_FILE);
  if (!existsSync(path)) throw new Error(`no release at ${path}: run the pipeline first (npm run pipeline -- --input DIR --data ${dataDir})`);
  const db = await DuckDBInstance.create(path, { access_mode: 'READ_ONLY' });
  const conn = await db.connect();
  const out = createWriteStream(outFile);
  let rows = 0;
  try {
    const result = await conn.stream(
      `SELECT ${EXPORT_COLUMNS.join(', ')} FROM ${CELLS_TABLE} ORDER BY table_id, period, dimension_value`,
    );
    out.write(`${EXPORT_COLUMNS.join(',')}\r\n`);
    for (;;) {
      const chunk = await result.fetchChunk();
      if (!chunk || chunk.rowCount === 0) break;
      for (const r of chunk.getRowObjects(result.deduplicatedColumnNames())) {
        const line = EXPORT_COLUMNS.map((c) => {
          const v = r[c];
          if (c === 'value') return v === null ? '' : String(v);
          return csvText(String(v));
        }).join(',');
        if (!out.write(`${line}\r\n`)) await once(out, 'drain');
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
