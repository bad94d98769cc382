// npm run audit:verify [-- --data DIR]
// Walks the audit trail's hash chain. Exit 0: intact (prints the entry count and
// the head hash, to compare with a later run). Exit 1: names the first entry
// that does not hold. Exit 2: the store could not be opened.
import { parseArgs } from 'node:util';
import { verifyChain } from '~/audit/trail.server';
import { storeFile, withCliStore } from './cli-store';

async function main(): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ options: { data: { type: 'string' } } }));
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\nusage: npm run audit:verify [-- --data DIR]\n`);
    return 2;
  }
  return withCliStore('audit:verify', values.data, async (store) => {
    const verdict = await verifyChain(store);
    if (verdict.ok) {
      process.stdout.write(`audit:verify: ${storeFile(values.data)}: the chain of ${verdict.entries.toLocaleString('en-US')} entries is intact; head ${verdict.head}\n`);
      return 0;
    }
    process.stdout.write(
      `audit:verify: ${storeFile(values.data)}: BROKEN at entry ${verdict.broken.seq}: ${verdict.broken.reason}. ` +
        `Entries 1 to ${verdict.entries} verify.\n`,
    );
    return 1;
  });
}

process.exitCode = await main();
