/**
 * The PostgreSQL store against a real server: a DBA's in-place edit is caught at its seq, a server
 * that cannot be reached is named with no stack trace, a newer schema is refused.
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { runCic } from '../../helpers/run-cic.js';
import { describePg, type PgServer } from '../../helpers/pg-server.js';
import { pgWorkspace } from '../../helpers/pg-workspace.js';
import { PgStore } from '../../../src/io/pg/pg-store.js';
import { LogWriteError } from '../../../src/io/log/write-error.js';
import { MIGRATIONS, SCHEMA_VERSION } from '../../../src/io/pg/migrations.js';
import { createHash } from 'node:crypto';

const ENV = { CIC_NOW: '2026-11-26T02:05:00-06:00', CIC_ROLE: 'police-chief', CIC_NAME: 'Lena Ortiz' };

describePg('the PostgreSQL store', () => {
  let server: PgServer;
  let tmp: string;
  let ws: string;
  let db: string;

  beforeAll(async () => {
    ({ server, tmp, db, ws } = await pgWorkspace('cic-pgstore-'));
    const open = await runCic(['open', '--title', 'Stop on Forsyth', '--tier', 'tier-3'], { cwd: ws, env: ENV });
    expect(open.code).toBe(0);
    for (let k = 0; k < 4; k++) {
      const note = await runCic(['note', `note ${k}`], { cwd: ws, env: ENV });
      expect(note.code).toBe(0);
    }
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
    rmSync(tmp, { recursive: true, force: true });
  });

  test('entries are stored as the exact canonical line, with the login that wrote them', async () => {
    const rows = await server.sql<{ seq: string; line: string; login: string }>(
      db,
      'SELECT seq, line, login FROM cic.entries ORDER BY seq',
    );
    expect(rows.map((r) => Number(r.seq))).toEqual([0, 1, 2, 3, 4, 5]);
    for (const r of rows) {
      expect(JSON.parse(r.line).seq).toBe(Number(r.seq));
      expect(JSON.parse(r.line).actor.user).toBe(`pg:${server.superuser}`);
      expect(JSON.parse(r.line).actor.identity).toBe('unchecked');
      expect(r.login).toBe(server.superuser);
    }
  });

  test('a DBA who edits an entry in place with SQL is caught by cic verify at that seq', async () => {
    const clean = await runCic(['verify'], { cwd: ws });
    expect(clean.code).toBe(0);
    // The triggers refuse even a superuser until they are switched off by hand.
    await expect(
      server.sql(db, "UPDATE cic.entries SET line = replace(line, 'note 2', 'note X') WHERE seq = 4"),
    ).rejects.toThrow(/append-only/);
    await server.sql(db, 'ALTER TABLE cic.entries DISABLE TRIGGER no_rewrite');
    await server.sql(db, "UPDATE cic.entries SET line = replace(line, 'note 2', 'note X') WHERE seq = 4");
    await server.sql(db, 'ALTER TABLE cic.entries ENABLE ALWAYS TRIGGER no_rewrite');
    const caught = await runCic(['verify', '--json'], { cwd: ws });
    expect(caught.code).toBe(3);
    const report = JSON.parse(caught.stdout) as { ok: boolean; first_bad_seq: number; problem: string };
    expect(report.ok).toBe(false);
    expect(report.first_bad_seq).toBe(4);
    expect(report.problem).toMatch(/entry #4: hash does not match/);
    // Reading commands refuse the damaged log too (exit 3), and nothing can be appended after it.
    expect((await runCic(['status'], { cwd: ws })).code).toBe(3);
    expect((await runCic(['done', 'notify-city-manager'], { cwd: ws, env: ENV })).code).toBe(3);
    // Put back, the log verifies again: the check was about exactly that edit.
    await server.sql(db, 'ALTER TABLE cic.entries DISABLE TRIGGER no_rewrite');
    await server.sql(db, "UPDATE cic.entries SET line = replace(line, 'note X', 'note 2') WHERE seq = 4");
    await server.sql(db, 'ALTER TABLE cic.entries ENABLE ALWAYS TRIGGER no_rewrite');
    expect((await runCic(['verify'], { cwd: ws })).code).toBe(0);
  });

  test('a deleted entry is caught as a break in the chain at the next seq', async () => {
    const scratch = await server.createDatabase();
    const other = join(tmp, 'deleted');
    expect((await runCic(['init', other, '--store', server.url(scratch)])).code).toBe(0);
    expect((await runCic(['open', '--title', 'T', '--tier', 'tier-3'], { cwd: other, env: ENV })).code).toBe(0);
    for (let k = 0; k < 3; k++) expect((await runCic(['note', `n${k}`], { cwd: other, env: ENV })).code).toBe(0);
    await server.sql(scratch, 'ALTER TABLE cic.entries DISABLE TRIGGER no_rewrite');
    await server.sql(scratch, 'DELETE FROM cic.entries WHERE seq = 2');
    const caught = await runCic(['verify', '--json'], { cwd: other });
    expect(caught.code).toBe(3);
    expect(JSON.parse(caught.stdout).first_bad_seq).toBe(2);
  });

  test('the server unreachable at start: a clear message naming host and port, no stack trace', async () => {
    const r = await runCic(['status'], {
      cwd: ws,
      env: { CIC_DATABASE_URL: 'postgres://nobody@127.0.0.1:1/city', PGCONNECT_TIMEOUT: '3' },
    });
    expect(r.code).toBe(5);
    expect(r.stderr).toMatch(/cannot reach the PostgreSQL server at 127\.0\.0\.1 port 1/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  test('a database migrated by a newer cic is refused, and nothing is written to it', async () => {
    const scratch = await server.createDatabase();
    const other = join(tmp, 'newer');
    expect((await runCic(['init', other, '--store', server.url(scratch)])).code).toBe(0);
    await server.sql(scratch, "INSERT INTO cic_schema.migrations (version, name, sha256) VALUES (99, 'future', 'x')");
    const r = await runCic(['open', '--title', 'T', '--tier', 'tier-3'], { cwd: other, env: ENV });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/version 99, newer than this cic knows/);
    expect(await server.sql(scratch, 'SELECT 1 FROM cic.incidents')).toEqual([]);
    const migrate = await runCic(['store', 'migrate'], { cwd: other });
    expect(migrate.code).toBe(2);
  });

  test('a database at an older schema is refused until `cic store migrate` brings it up to date', async () => {
    const scratch = await server.createDatabase();
    const [first] = MIGRATIONS;
    await server.sql(
      scratch,
      `CREATE SCHEMA cic_schema; CREATE TABLE cic_schema.migrations (version int PRIMARY KEY, name text NOT NULL,
         sha256 text NOT NULL, applied_at timestamptz NOT NULL DEFAULT clock_timestamp(),
         applied_by name NOT NULL DEFAULT session_user);`,
    );
    await server.sql(scratch, first!.sql);
    await server.sql(scratch, 'INSERT INTO cic_schema.migrations (version, name, sha256) VALUES (1, $1, $2)', [
      first!.name,
      createHash('sha256').update(first!.sql).digest('hex'),
    ]);
    const other = join(tmp, 'older');
    const env = { CIC_DATABASE_URL: server.url(scratch) };
    expect((await runCic(['init', other])).code).toBe(0);
    const refused = await runCic(['list'], { cwd: other, env });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`holds cic schema version 1; this cic needs ${SCHEMA_VERSION}`);
    expect(refused.stderr).toMatch(/cic store migrate/);
    const migrated = await runCic(['store', 'migrate'], { cwd: other, env });
    expect(migrated.code).toBe(0);
    expect(migrated.stdout).toContain(`from cic schema version 1 to ${SCHEMA_VERSION}`);
    expect((await runCic(['list'], { cwd: other, env })).code).toBe(0);
    expect(await server.sql(scratch, 'SELECT version FROM cic_schema.migrations ORDER BY version')).toEqual(
      MIGRATIONS.map((m) => ({ version: m.version })),
    );
  });

  test('a connection lost between the steps of one run is a fault that says truly what was recorded', async () => {
    const store = new PgStore(server.url(db));
    const [incident] = await store.listIncidents();
    const dropConnection = async () => {
      const r = await (await store.db()).query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      await server.sql(db, 'SELECT pg_terminate_backend($1)', [r.rows[0]!.pid]);
    };
    try {
      // Lost before anything was written: a write fault (exit 6) that says nothing was recorded.
      await dropConnection();
      const before = await store.head(incident!).catch((e: unknown) => e);
      expect(before).toBeInstanceOf(LogWriteError);
      expect((before as Error).message).toMatch(/lost while reading the head of incident .*; nothing was recorded/);

      // The store connects again on next use; lost after a commit, it says that entry WAS recorded.
      const ctx = {
        actor: {
          role: 'police-chief',
          name: 'Lena Ortiz',
          user: `pg:${server.superuser}`,
          identity: 'unchecked' as const,
        },
        at: new Date(),
        simulated: false,
      };
      const [written] = await store.appendEvents(incident!, ctx, [{ type: 'note', data: { text: 'before the loss' } }]);
      await dropConnection();
      const after = await store.lifecycle(incident!).catch((e: unknown) => e);
      expect(after).toBeInstanceOf(LogWriteError);
      expect((after as Error).message).toMatch(
        new RegExp(`after entry #${written!.seq} of incident .* it WAS recorded`),
      );
      expect((await store.head(incident!)).seq).toBe(written!.seq);
    } finally {
      await store.close();
    }
  });
});
