// What the app's command-line tools share: where the app store is (--data DIR,
// else PEER_OUTCOMES_APP_STORE / PEER_OUTCOMES_DATA as the server reads them),
// opening it, and turning "the server has it open" into one clear line.
import path from 'node:path';
import { APP_STORE_FILE, AppStore, AppStoreBusyError, appStorePath } from '~/store/app-store.server';

export function storeFile(dataDir: string | undefined): string {
  return dataDir ? path.join(dataDir, APP_STORE_FILE) : appStorePath();
}

/** Runs `work` on the opened store and closes it; returns the exit code. */
export async function withCliStore(name: string, dataDir: string | undefined, work: (store: AppStore) => Promise<number>): Promise<number> {
  const file = storeFile(dataDir);
  let store: AppStore;
  try {
    store = await AppStore.open(file);
  } catch (e) {
    process.stderr.write(`${name}: ${e instanceof AppStoreBusyError ? e.message : `cannot open ${file}: ${(e as Error).message}`}\n`);
    return 2;
  }
  try {
    return await work(store);
  } catch (e) {
    process.stderr.write(`${name}: ${(e as Error).message}\n`);
    return 1;
  } finally {
    store.close();
  }
}
