/**
 * Which store a workspace uses: `CIC_DATABASE_URL`, else `store:` in cic.yaml, else the workspace
 * folder itself. One store object per workspace per run, so a command and the helpers it calls
 * share one database connection; `closeStores` ends them when the command is done.
 *
 * The PostgreSQL store's code is loaded by `prepareStore`, only for a workspace that names a
 * database: a folder workspace never reads or compiles it (start-up is budgeted, docs/design.md).
 */
import { FileStore, storeOptionsFromEnv } from '../log/file-store.js';
import type { LogStore } from '../log/store.js';
import type { PgStore } from '../pg/pg-store.js';
import type { Workspace } from '../workspace/discover.js';

type StoreWorkspace = Pick<Workspace, 'root' | 'incidentsDir' | 'settings'>;

const open = new Map<string, LogStore>();

/** The store's URL for this workspace, or undefined for the folder store. */
export function storeUrl(ws: Pick<Workspace, 'settings'>, env: NodeJS.ProcessEnv = process.env): string | undefined {
  return env.CIC_DATABASE_URL || ws.settings?.store || undefined;
}

const keyOf = (ws: StoreWorkspace, url: string) => `${ws.root}\n${url}`;

/** Make the workspace's database store ready for `openStore` (nothing to do for a folder). */
export async function prepareStore(ws: StoreWorkspace, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const url = storeUrl(ws, env);
  if (url === undefined || open.has(keyOf(ws, url))) return;
  const { PgStore } = await import('../pg/pg-store.js');
  // Another call may have made it while this one waited for the code: keep the first, one connection.
  if (!open.has(keyOf(ws, url))) open.set(keyOf(ws, url), new PgStore(url, env));
}

export function openStore(ws: StoreWorkspace, env: NodeJS.ProcessEnv = process.env): LogStore {
  const url = storeUrl(ws, env);
  if (url === undefined) return new FileStore(ws, storeOptionsFromEnv(env));
  const store = open.get(keyOf(ws, url));
  if (!store) throw new Error(`the database store of ${ws.root} was used before prepareStore made it ready`);
  return store;
}

/** The PostgreSQL store (the only store of kind 'postgres'), told apart without loading its code. */
export function isPgStore(store: LogStore): store is PgStore {
  return store.kind === 'postgres';
}

/** End every connection opened in this run. */
export async function closeStores(): Promise<void> {
  const stores = [...open.values()];
  open.clear();
  await Promise.all(stores.map((s) => s.close()));
}
