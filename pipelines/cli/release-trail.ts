// Where a release action (publish, rollback) is answered for: the app's audit
// trail when its store can be opened, else the run log. The web server holds
// the app store while it runs (DuckDB lets one process write a file, decision
// 0008), and the history's actions are made while it serves, so the run log
// is the usual place then; the history's own log (releases/history.jsonl)
// has every action either way.
import { appendFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { appendAuditIn } from '~/audit/trail.server';
import { APP_STORE_FILE, AppStore, AppStoreBusyError } from '~/store/app-store.server';
import type { Actor } from '../release/history';
import { RUN_LOG_FILE } from '../runner/run';

export interface ReleaseAction {
  action: 'release.published' | 'release.rolled_back';
  id: string;
  /** The release served before (null: none); left out where the caller does not know it (the pipeline's CLI: the history's log has it). */
  previous?: string | null;
  by: Actor;
  dataDir: string;
}

export type Recorded = { where: 'audit trail'; file: string } | { where: 'run log'; file: string; why: string };

/** The app store the server uses for this data folder: PEER_OUTCOMES_APP_STORE, else DATA/app.duckdb. */
export const appStoreFor = (dataDir: string, env: NodeJS.ProcessEnv) => resolve(env.PEER_OUTCOMES_APP_STORE?.trim() || join(dataDir, APP_STORE_FILE));

export async function recordReleaseAction(a: ReleaseAction, env: NodeJS.ProcessEnv = process.env): Promise<Recorded> {
  const store = appStoreFor(a.dataDir, env);
  let why: string;
  if (!existsSync(store)) why = `there is no app store at ${store}`;
  else {
    try {
      const opened = await AppStore.open(store);
      try {
        await opened.exclusive((q) =>
          appendAuditIn(q, {
            actor: `cli:${a.by.via}`,
            action: a.action,
            target: a.id,
            details: { ...(a.previous === undefined ? {} : { previous: a.previous }), os_user: a.by.user, data: resolve(a.dataDir) },
          }),
        );
      } finally {
        opened.close();
      }
      return { where: 'audit trail', file: store };
    } catch (e) {
      why = e instanceof AppStoreBusyError ? `the app store ${store} is open in another process (the web server?)` : `the app store ${store} cannot be opened: ${(e as Error).message.split('\n')[0]}`;
    }
  }
  const file = join(a.dataDir, RUN_LOG_FILE);
  appendFileSync(file, `${JSON.stringify({ event: a.action, at: new Date().toISOString(), id: a.id, previous: a.previous, by: a.by, auditTrail: why })}\n`);
  return { where: 'run log', file, why };
}

export const recordedText = (r: Recorded) => (r.where === 'audit trail' ? `Recorded in the audit trail (${r.file})` : `Recorded in the run log ${r.file}: ${r.why}`);
