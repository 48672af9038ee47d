/**
 * The PostgreSQL store's copy of the frozen playbook's model is tagged with the playbook schema it
 * was made under (src/io/pg/migrations/003-playbook-models.ts): a model an older cic made — the
 * untagged column of schema version 1, or a row under another schema's digest — is never read as
 * this cic's; the YAML is loaded again and a model of this schema kept.
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { createHash } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCic } from '../helpers/run-cic.js';
import { describePg, type PgServer } from '../helpers/pg-server.js';
import { pgWorkspace } from '../helpers/pg-workspace.js';

const ENV = { CIC_NOW: '2026-11-26T02:05:00-06:00', CIC_ROLE: 'police-chief', CIC_NAME: 'Lena Ortiz' };
const SCHEMA = fileURLToPath(new URL('../../schemas/playbook.schema.json', import.meta.url));
const FORMAT = createHash('sha256').update(readFileSync(SCHEMA)).digest('hex');
const OLDER = 'a'.repeat(64); // another schema's digest: an older cic's
const ACTION = 'notify-city-manager';

describePg("the PostgreSQL store's playbook model and the playbook schema", () => {
  let server: PgServer;
  let tmp: string;
  let ws: string;
  let db: string;

  type Model = { actions: { id: string; title: string }[] };
  const models = () =>
    server.sql<{ format: string; model: string }>(
      db,
      "SELECT format, model FROM cic.playbook_models WHERE incident = '2026-0001' ORDER BY format",
    );
  const titleIn = (model: string) => (JSON.parse(model) as Model).actions.find((a) => a.id === ACTION)!.title;
  /** The model with this action's title changed: what a model of another shape would read as. */
  const stale = (model: string) => {
    const m = JSON.parse(model) as Model;
    m.actions.find((a) => a.id === ACTION)!.title = 'STALE MODEL TITLE';
    return JSON.stringify(m);
  };

  beforeAll(async () => {
    ({ server, tmp, db, ws } = await pgWorkspace('cic-pgmodel-'));
    expect((await runCic(['open', '--title', 'Stop on Forsyth', '--tier', 'tier-1'], { cwd: ws, env: ENV })).code).toBe(
      0,
    );
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
    rmSync(tmp, { recursive: true, force: true });
  });

  test('an incident is opened with its model kept under this schema, and nothing in the untagged column', async () => {
    const kept = await models();
    expect(kept.map((m) => m.format)).toEqual([FORMAT]);
    const status = await runCic(['status'], { cwd: ws, env: ENV });
    expect(status.stdout).toContain(titleIn(kept[0]!.model));
    expect(await server.sql(db, "SELECT playbook_model FROM cic.incidents WHERE id = '2026-0001'")).toEqual([
      { playbook_model: null },
    ]);
  });

  test("a model an older cic kept (untagged, or under another schema) is not read: the YAML is loaded and this schema's model kept", async () => {
    const [current] = await models();
    const title = titleIn(current!.model);
    // As an upgrade finds it: the older cic's models, none of this schema.
    await server.sql(db, "DELETE FROM cic.playbook_models WHERE incident = '2026-0001'");
    await server.sql(
      db,
      "INSERT INTO cic.playbook_models (incident, format, playbook_sha256, model) SELECT id, $1, playbook_sha256, $2 FROM cic.incidents WHERE id = '2026-0001'",
      [OLDER, stale(current!.model)],
    );
    await server.sql(db, 'ALTER TABLE cic.incidents DISABLE TRIGGER no_rewrite');
    await server.sql(db, "UPDATE cic.incidents SET playbook_model = $1 WHERE id = '2026-0001'", [
      stale(current!.model),
    ]);
    await server.sql(db, 'ALTER TABLE cic.incidents ENABLE ALWAYS TRIGGER no_rewrite');

    const status = await runCic(['status'], { cwd: ws, env: ENV });
    expect(status.code).toBe(0);
    expect(status.stdout).toContain(title);
    expect(status.stdout).not.toContain('STALE MODEL TITLE');
    // Rebuilt for this schema; the older one is left alone (an older cic reading this database is refused anyway).
    const after = await models();
    expect(after.map((m) => m.format).sort()).toEqual([FORMAT, OLDER].sort());
    expect(titleIn(after.find((m) => m.format === FORMAT)!.model)).toBe(title);
    const verify = await runCic(['verify', '--json'], { cwd: ws, env: ENV });
    expect(verify.code).toBe(0);
    expect(JSON.parse(verify.stdout).playbook_cache).toBe('ok');
  });

  test("a model under this schema that is not the YAML's is caught by cic verify (exit 3) and rebuilt by --repair", async () => {
    const [current] = (await models()).filter((m) => m.format === FORMAT);
    await server.sql(db, 'UPDATE cic.playbook_models SET model = $1 WHERE incident = $2 AND format = $3', [
      stale(current!.model),
      '2026-0001',
      FORMAT,
    ]);
    const verify = await runCic(['verify', '--json'], { cwd: ws, env: ENV });
    expect(verify.code).toBe(3);
    expect(JSON.parse(verify.stdout).playbook_cache).toBe('differs');
    const told = await runCic(['verify'], { cwd: ws, env: ENV });
    expect(told.stderr).toContain("the database's model of the frozen playbook (cic.playbook_models");
    expect(told.stderr).toContain('cic verify 2026-0001 --repair');
    // As it says: rebuilt from the YAML, the fresh model in place of the changed one.
    const repaired = await runCic(['verify', '--repair'], { cwd: ws, env: ENV });
    expect(repaired.stderr).toBe('');
    expect(repaired.code).toBe(0);
    expect(repaired.stdout).toContain(
      "Rebuilt the database's model of the frozen playbook (cic.playbook_models) from its YAML.",
    );
    expect(repaired.stdout).toContain('Nothing to repair: the log has no torn tail.');
    const [rebuilt] = (await models()).filter((m) => m.format === FORMAT);
    expect(titleIn(rebuilt!.model)).toBe(titleIn(current!.model));
    expect((await runCic(['status'], { cwd: ws, env: ENV })).stdout).not.toContain('STALE MODEL TITLE');
    const again = await runCic(['verify', '--repair', '--json'], { cwd: ws, env: ENV });
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ playbook_cache: 'ok', repairs: [] });
  });

  test('with a roster, only a keeper of the roster or the DBA may rebuild the model (a PIO: exit 4, nothing changed)', async () => {
    const clerk = await server.createLogin('clerk');
    const pio = await server.createLogin('pio');
    const as = (who: string, args: string[]) =>
      runCic(args, {
        cwd: ws,
        // Later than the entries: they were written before there was a roster, unchecked.
        env: {
          ...ENV,
          CIC_NOW: '2026-11-26T03:00:00-06:00',
          CIC_NAME: undefined,
          CIC_DATABASE_URL: server.url(db, who),
        },
      });
    expect(
      (await as(server.superuser, ['roster', 'set', clerk, '--name', 'Ann Clerk', '--roles', 'city-clerk', '--keeper']))
        .code,
    ).toBe(0);
    expect((await as(clerk, ['roster', 'set', pio, '--name', 'Jo Park', '--roles', 'pio'])).code).toBe(0);
    const [current] = (await models()).filter((m) => m.format === FORMAT);
    const changed = stale(current!.model);
    const change = () =>
      server.sql(db, 'UPDATE cic.playbook_models SET model = $1 WHERE incident = $2 AND format = $3', [
        changed,
        '2026-0001',
        FORMAT,
      ]);
    const modelNow = async () => (await models()).find((m) => m.format === FORMAT)!.model;
    await change();

    const refused = await as(pio, ['verify', '--repair']);
    expect(refused.code).toBe(4);
    expect(refused.stderr).toContain(`Jo Park (${pio}) may not rebuild the playbook model`);
    expect(refused.stderr).toContain('Ask a keeper of the roster');
    expect(refused.stderr).not.toMatch(/\n\s+at /);
    expect(await modelNow()).toBe(changed);
    // Raw SQL does no better.
    const raw = await server
      .sql(db, 'SELECT cic.rebuild_playbook_model($1, $2, $3)', ['2026-0001', FORMAT, current!.model], pio)
      .then(
        () => 'rebuilt',
        (err: Error) => err.message,
      );
    expect(raw).toContain('only a keeper of the roster or the DBA may');
    expect(await modelNow()).toBe(changed);

    const byClerk = await as(clerk, ['verify', '--repair']);
    expect(byClerk.stderr).toBe('');
    expect(byClerk.code).toBe(0);
    expect(byClerk.stdout).toContain("Rebuilt the database's model of the frozen playbook");
    expect(await modelNow()).not.toBe(changed);
    const [row] = await server.sql<{ written_by: string }>(
      db,
      'SELECT written_by FROM cic.playbook_models WHERE incident = $1 AND format = $2',
      ['2026-0001', FORMAT],
    );
    expect(row!.written_by).toBe(clerk);

    // The DBA (not on the roster) may too.
    await change();
    const byDba = await as(server.superuser, ['verify', '--repair', '--json']);
    expect(byDba.code).toBe(0);
    expect(JSON.parse(byDba.stdout).playbook_cache).toBe('rebuilt');
    expect((await as(pio, ['verify'])).code).toBe(0);
  });
});
