/**
 * The one moment cic cannot know whether an entry was recorded: the append was committed, and the
 * connection is lost while the commit is made durable (src/io/pg/pg-store.ts, `transaction`). Made
 * to happen on purpose: the server is told to wait for a synchronous standby that does not exist,
 * so the durability step waits forever, and the test ends that session from the server's side.
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { rmSync } from 'node:fs';
import { runCic } from '../helpers/run-cic.js';
import { describePg, type PgServer } from '../helpers/pg-server.js';
import { pgWorkspace } from '../helpers/pg-workspace.js';

const ENV = { CIC_ROLE: 'city-manager', CIC_NAME: 'Jane Doe', CIC_NOW: '2026-11-26T02:05:00-06:00' };

describePg('a connection lost while an entry is made durable', () => {
  let server: PgServer;
  let tmp: string;
  let db: string;
  let ws: string;

  beforeAll(async () => {
    ({ server, tmp, db, ws } = await pgWorkspace('cic-pgdoubt-', { own: true }));
    expect((await runCic(['open', '--title', 'Stop on Forsyth', '--tier', 'tier-3'], { cwd: ws, env: ENV })).code).toBe(
      0,
    );
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
    rmSync(tmp, { recursive: true, force: true });
  });

  const setStandby = async (names: string) => {
    await server.sql(db, `ALTER SYSTEM SET synchronous_standby_names = '${names}'`);
    await server.sql(db, 'SELECT pg_reload_conf()');
  };

  /** The pid of the cic session waiting for the standby, once there is one. */
  const waitingSession = async (): Promise<number> => {
    for (let tries = 0; tries < 200; tries++) {
      const rows = await server.sql<{ pid: number }>(
        db,
        "SELECT pid FROM pg_stat_activity WHERE application_name = 'cic' AND wait_event = 'SyncRep'",
      );
      if (rows[0]) return rows[0].pid;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error('no cic session came to wait for the standby');
  };

  test('cic says it may or may not have been recorded (exit 6, no trace); the entry is in the log', async () => {
    await setStandby('nobody');
    try {
      const note = runCic(['note', 'said in doubt'], { cwd: ws, env: ENV });
      await server.sql(db, 'SELECT pg_terminate_backend($1)', [await waitingSession()]);
      const r = await note;
      expect(r.code).toBe(6);
      expect(r.stderr).toMatch(
        /entry #\d+ of incident 2026-0001 was committed, but the connection to the database was lost before the server said it was on disk .*: it may or may not have been recorded/,
      );
      expect(r.stderr).toContain('look with `cic log 2026-0001` before recording it again');
      expect(r.stderr).not.toMatch(/\n\s+at /);
    } finally {
      await setStandby('');
    }
    // Committed before the connection was lost, so here it is; and cic works again.
    const log = await runCic(['log', '--json'], { cwd: ws, env: ENV });
    expect(log.stdout).toContain('said in doubt');
    const after = await runCic(['note', 'after'], { cwd: ws, env: ENV });
    expect(after.code).toBe(0);
  }, 120_000);
});
