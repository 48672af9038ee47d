/**
 * Which store a workspace uses: `CIC_DATABASE_URL`, else `store:` in cic.yaml, else the workspace
 * folder itself. One store object per workspace per run, so a command and the helpers it calls
 * share one database connection; `closeStores` ends them when the command is done.
 */
import { FileStore, storeOptionsFromEnv } from '../log/file-store.js';
import type { LogStore } from '../log/store.js';
import { PgStore } from '../pg/pg-store.js';
import type { Workspace } from '../workspace/discover.js';

const open = new Map<string, LogStore>();

/** The store's URL for this workspace, or undefined for the folder store. */
export function storeUrl(ws: Pick<Workspace, 'settings'>, env: NodeJS.ProcessEnv = process.env): string | undefined {
  return env.CIC_DATABASE_URL || ws.settings?.store || undefined;
}

export function openStore(ws: Pick<Workspace, 'root' | 'incidentsDir' | 'settings'>, env = process.env): LogStore {
  const url = storeUrl(ws, env);
  if (url === undefined) return new FileStore(ws, storeOptionsFromEnv(env));
  const key = `${ws.root}\n${url}`;
  let store = open.get(key);
  if (!store) {
    store = new PgStore(url, env);
    open.set(key, store);
  }
  return store;
}

/** End every connection opened in this run. */
export async function closeStores(): Promise<void> {
  const stores = [...open.values()];
  open.clear();
  await Promise.all(stores.map((s) => s.close()));
}
