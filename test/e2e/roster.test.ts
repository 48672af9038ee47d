/**
 * Who may act, against a real PostgreSQL server: each kind of person connects with their own
 * login — the Clerk who keeps the roster, the PIO, the Chief, a city login not on the roster, and
 * an outsider — and the test shows what each may and may not do, through cic and with raw SQL.
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { runCic } from '../helpers/run-cic.js';
import { describePg, type PgServer } from '../helpers/pg-server.js';
import { pgWorkspace } from '../helpers/pg-workspace.js';

const NOW = '2026-11-26T02:05:00-06:00';

describePg('who may act on the PostgreSQL store', () => {
  let server: PgServer;
  let tmp: string;
  let ws: string;
  let db: string;
  const login: Record<string, string> = {};
  /** cic as `who` (a login of this test file, or the superuser). */
  const as = (who: string, args: string[], env: Record<string, string> = {}) =>
    runCic(args, {
      cwd: ws,
      env: { CIC_NOW: NOW, CIC_DATABASE_URL: server.url(db, login[who] ?? who), CIC_NAME: undefined, ...env },
    });

  beforeAll(async () => {
    ({ server, tmp, db, ws } = await pgWorkspace('cic-roster-'));
    for (const who of ['clerk', 'pio', 'chief', 'manager', 'stranger']) login[who] = await server.createLogin(who);
    login.outsider = await server.createLogin('outsider', { city: false });
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
    rmSync(tmp, { recursive: true, force: true });
  });

  test('without a roster, entries say their identity was not checked', async () => {
    const r = await as('pio', [
      'open',
      '--title',
      'Before the roster',
      '--tier',
      'tier-3',
      '--as',
      'pio',
      '--name',
      'Anyone',
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const [row] = await server.sql<{ line: string }>(db, 'SELECT line FROM cic.entries WHERE seq = 0');
    expect(JSON.parse(row!.line).actor).toEqual({
      identity: 'unchecked',
      name: 'Anyone',
      role: 'pio',
      user: `pg:${login.pio}`,
    });
  });

  test('only the owner (the DBA) may start the roster; then only its keepers change it', async () => {
    expect((await as('pio', ['roster', 'set', login.pio!, '--name', 'Jo Park', '--roles', 'police-chief'])).code).toBe(
      4,
    );
    const boot = await as(server.superuser, [
      'roster',
      'set',
      login.clerk!,
      '--name',
      'Ann Clerk',
      '--roles',
      'city-clerk',
      '--keeper',
    ]);
    expect(boot.stderr).toBe('');
    expect(boot.code).toBe(0);
    for (const [who, name, roles] of [
      ['pio', 'Jo Park', 'pio'],
      ['chief', 'Lena Ortiz', 'police-chief'],
      ['manager', 'Marcus Reed', 'city-manager,assistant-city-manager'],
    ] as const) {
      const r = await as('clerk', ['roster', 'set', login[who]!, '--name', name, '--roles', roles]);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
    }
    // A keeper's change is recorded, chained, with the login that made it.
    const log = await server.sql<{ seq: string; login: string }>(
      db,
      'SELECT seq, login FROM cic.roster_log ORDER BY seq',
    );
    expect(log.map((r) => r.login)).toEqual([server.superuser, login.clerk, login.clerk, login.clerk]);
    const shown = await as('pio', ['roster', 'log', '--json']);
    expect(JSON.parse(shown.stdout).map((e: { by: { login: string } }) => e.by.login)).toEqual(log.map((r) => r.login));
    // The PIO is no keeper: refused, and nothing changed.
    const refused = await as('pio', ['roster', 'set', login.pio!, '--name', 'Jo Park', '--roles', 'pio,police-chief']);
    expect(refused.code).toBe(4);
    expect(refused.stderr).toMatch(/not a keeper/);
    expect(await server.sql(db, 'SELECT 1 FROM cic.roster_log')).toHaveLength(4);
  });

  test("--as chooses only among one's own roles: the PIO's login cannot act as the Chief (exit 4)", async () => {
    const chiefByPio = await as('pio', ['note', 'I am the chief', '--as', 'police-chief']);
    expect(chiefByPio.code).toBe(4);
    expect(chiefByPio.stderr).toMatch(/Jo Park .* does not hold the role "police-chief"/);
    const asPio = await as('pio', ['note', 'Holding statement drafted', '--as', 'pio']);
    expect(asPio.code).toBe(0);
    const byName = await as('pio', ['note', 'x', '--as', 'pio', '--name', 'Someone Else']);
    expect(byName.code).toBe(2);
    expect(byName.stderr).toMatch(/--name is not accepted/);
    // One role: --as may be left out. Two: it must be said.
    expect((await as('chief', ['note', 'On scene'])).code).toBe(0);
    expect((await as('manager', ['note', 'x'])).code).toBe(2);
    expect((await as('manager', ['note', 'Acting', '--as', 'assistant-city-manager'])).code).toBe(0);
    expect((await as('stranger', ['note', 'x', '--as', 'pio'])).code).toBe(4);
    const rows = await server.sql<{ line: string }>(db, 'SELECT line FROM cic.entries WHERE seq > 1 ORDER BY seq');
    expect(rows.map((r) => JSON.parse(r.line).actor)).toEqual([
      { identity: 'roster', name: 'Jo Park', role: 'pio', user: `pg:${login.pio}` },
      { identity: 'roster', name: 'Lena Ortiz', role: 'police-chief', user: `pg:${login.chief}` },
      { identity: 'roster', name: 'Marcus Reed', role: 'assistant-city-manager', user: `pg:${login.manager}` },
    ]);
    expect((await as('clerk', ['verify'])).code).toBe(0);
  });

  test('raw SQL: a city login can read but not write, rewrite, or bend the roster', async () => {
    const pio = login.pio!;
    const sql = (text: string, params: unknown[] = []) => server.sql(db, text, params, pio);
    expect((await sql('SELECT count(*) FROM cic.entries')).length).toBe(1);
    for (const text of [
      "INSERT INTO cic.entries (incident, seq, prev, hash, line) VALUES ('2026-0001', 99, 'x', 'y', '{}')",
      "UPDATE cic.entries SET line = '{}' WHERE seq = 0",
      'DELETE FROM cic.entries WHERE seq = 0',
      'TRUNCATE cic.entries',
      "INSERT INTO cic.people VALUES ('x', 'x', '{police-chief}', true)",
      "UPDATE cic.people SET roles = '{police-chief}' WHERE login = current_user",
      'UPDATE cic.heads SET seq = 0',
      'DELETE FROM cic.roster_log',
      "UPDATE cic.settings SET value = 'on'",
      'ALTER TABLE cic.entries DISABLE TRIGGER no_rewrite',
      'SET ROLE cic_owner',
    ])
      await expect(sql(text)).rejects.toThrow(/permission denied|must be owner|append-only/);
    // Through the append function, a line claiming the Chief's role (or someone else's login) is refused.
    const [head] = await server.sql<{ seq: string; hash: string }>(
      db,
      "SELECT seq, hash FROM cic.heads WHERE incident = '2026-0001'",
    );
    const [last] = await server.sql<{ line: string }>(db, `SELECT line FROM cic.entries WHERE seq = ${head!.seq}`);
    const forged = JSON.parse(last!.line);
    forged.seq = Number(head!.seq) + 1;
    forged.prev = head!.hash;
    forged.actor = { identity: 'roster', name: 'Jo Park', role: 'police-chief', user: `pg:${pio}` };
    await expect(
      sql('SELECT cic.append($1, $2, $3, $4)', ['2026-0001', forged.seq, head!.hash, [JSON.stringify(forged)]]),
    ).rejects.toThrow(/hash does not match|does not hold the role/);
    await expect(sql("SELECT cic.roster_change('{}')")).rejects.toThrow(/not a keeper/);
    await expect(sql("SELECT cic.import_lines('2026-0001', 0, 'x', '{}')")).rejects.toThrow(/permission denied/);
    expect((await as('clerk', ['verify'])).code).toBe(0);
  });

  test('an outsider (no city login) can neither read nor write', async () => {
    const sql = (text: string) => server.sql(db, text, [], login.outsider);
    await expect(sql('SELECT * FROM cic.entries')).rejects.toThrow(/permission denied/);
    await expect(sql("SELECT cic.append('2026-0001', 0, 'x', '{}')")).rejects.toThrow(/permission denied/);
    const r = await as('outsider', ['status']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
