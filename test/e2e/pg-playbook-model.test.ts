/**
 * The PostgreSQL store's copy of the frozen playbook's model is tagged with the playbook schema it
 * was made under (src/io/pg/migrations/003-playbook-models.ts): a model an older cic made — the
 * untagged column of schema version 1, or a row under another schema's digest — is never read as
 * this cic's; the YAML is loaded again and a model of this schema kept.
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCic } from '../helpers/run-cic.js';
import { describePg, pgServer, type PgServer } from '../helpers/pg-server.js';

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
    server = await pgServer();
    tmp = mkdtempSync(join(tmpdir(), 'cic-pgmodel-'));
    db = await server.createDatabase();
    ws = join(tmp, 'ws');
    expect((await runCic(['init', ws, '--store', server.url(db)])).code).toBe(0);
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

  test("a model under this schema that is not the YAML's is caught by cic verify (exit 3)", async () => {
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
    expect(told.stderr).toContain('DELETE FROM cic.playbook_models');
    // As it says: removed, made again from the YAML by the next command.
    await server.sql(db, 'DELETE FROM cic.playbook_models WHERE incident = $1 AND format = $2', ['2026-0001', FORMAT]);
    expect((await runCic(['status'], { cwd: ws, env: ENV })).stdout).not.toContain('STALE MODEL TITLE');
    expect((await runCic(['verify'], { cwd: ws, env: ENV })).code).toBe(0);
  });
});
