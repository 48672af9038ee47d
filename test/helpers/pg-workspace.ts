/**
 * The usual start of a PostgreSQL test: a server (test/helpers/pg-server.ts), a new database on it,
 * and a workspace made for that database by the real `cic init --store`, in `join(tmp, 'ws')`.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pgServer, type PgServer } from './pg-server.js';
import { runCic } from './run-cic.js';

export interface PgWorkspace {
  server: PgServer;
  /** The folder holding the workspace; remove it when done. */
  tmp: string;
  db: string;
  /** The workspace, `join(tmp, 'ws')`. */
  ws: string;
}

/** `own`: on a throwaway cluster of the test's own, for a test that changes server settings. */
export async function pgWorkspace(prefix: string, options: { own?: boolean } = {}): Promise<PgWorkspace> {
  const server = await pgServer(options);
  const tmp = mkdtempSync(join(tmpdir(), prefix));
  const db = await server.createDatabase();
  const ws = join(tmp, 'ws');
  const init = await runCic(['init', ws, '--store', server.url(db)]);
  if (init.code !== 0) throw new Error(`cic init --store exited ${init.code}: ${init.stderr}`);
  return { server, tmp, db, ws };
}
