// npm run release:export -- --data DIR --out FILE.csv [--bom]
// Every cell of DIR/release.duckdb in long form (see pipelines/release/export-csv.ts):
// byte-exact UTF-8, or with --bom the byte-order mark Excel needs to read it as UTF-8.
import { parseArgs } from 'node:util';
import { exportReleaseCsv } from '../release/export-csv';

const USAGE = 'usage: npm run release:export -- --data DIR --out FILE.csv [--bom]';

async function main(): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ options: { data: { type: 'string' }, out: { type: 'string' }, bom: { type: 'boolean', default: false } } }));
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (!values.data || !values.out) {
    process.stderr.write(`--data and --out are required\n${USAGE}\n`);
    return 2;
  }
  try {
    const rows = await exportReleaseCsv(values.data, values.out, values.bom ? 'bom' : 'plain');
    process.stderr.write(`release:export: ${rows.toLocaleString('en-US')} cells written to ${values.out}\n`);
    return 0;
  } catch (e) {
    process.stderr.write(`release:export: ${(e as Error).message}\n`);
    return 1;
  }
}

process.exitCode = await main();
