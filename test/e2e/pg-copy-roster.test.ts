/**
 * `cic store copy` moves the roster with the incidents: every change verbatim, with its original
 * author, read back and compared; a target that already has a roster is refused.
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCic } from '../helpers/run-cic.js';
import { describePg, pgServer, type PgServer } from '../helpers/pg-server.js';

const NOW = { CIC_NOW: '2026-11-26T02:05:00-06:00' };

describePg('cic store copy and the roster', () => {
  let server: PgServer;
  let tmp: string;
  let db: string;
  let ws: string;
  const rosterLog = (database: string) =>
    server.sql<{ line: string }>(database, 'SELECT line FROM cic.roster_log ORDER BY seq');
  const people = (database: string) =>
    server.sql<{ login: string; name: string; roles: string[]; keeper: boolean }>(
      database,
      'SELECT login, name, roles, keeper FROM cic.people ORDER BY login',
    );

  beforeAll(async () => {
    server = await pgServer();
    tmp = mkdtempSync(join(tmpdir(), 'cic-copyroster-'));
    db = await server.createDatabase();
    ws = join(tmp, 'ws');
    const run = async (args: string[]) => {
      const r = await runCic(args, { cwd: ws, env: NOW });
      if (r.code !== 0) throw new Error(`cic ${args.join(' ')}: ${r.code}\n${r.stderr}`);
    };
    expect((await runCic(['init', ws, '--store', server.url(db)])).code).toBe(0);
    const su = server.superuser;
    await run(['roster', 'set', su, '--name', 'Ada Quill', '--roles', 'city-clerk,police-chief', '--keeper']);
    await run(['roster', 'set', 'jpark', '--name', 'Jo Park', '--roles', 'pio']);
    await run(['roster', 'set', 'mreed', '--name', 'Marcus Reed', '--roles', 'city-manager']);
    await run(['roster', 'remove', 'mreed']);
    await run(['open', '--title', 'Stop on Forsyth', '--tier', 'tier-3', '--as', 'police-chief']);
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
    rmSync(tmp, { recursive: true, force: true });
  });

  test('database → folder → database: the roster arrives change for change, byte-identical', async () => {
    const source = (await rosterLog(db)).map((r) => r.line);
    expect(source).toHaveLength(4);

    const folder = join(tmp, 'folder');
    const toDir = await runCic(['store', 'copy', '--to', folder], { cwd: ws });
    expect(toDir.stderr).toBe('');
    expect(toDir.code).toBe(0);
    expect(toDir.stdout).toMatch(/Copied the roster: 4 changes, byte-identical/);
    expect(readFileSync(join(folder, 'roster.jsonl'), 'utf8')).toBe(source.map((l) => `${l}\n`).join(''));
    // The folder copy reads it as its roster: verify checks each entry's writer against it.
    const shown = await runCic(['roster', 'show', '--json'], { cwd: folder });
    expect(shown.code).toBe(0);
    expect(shown.stdout).toMatch(/Jo Park/);
    expect(shown.stdout).not.toMatch(/Marcus Reed/);

    const again = await server.createDatabase();
    const toPg = await runCic(['store', 'copy', '--to', server.url(again)], { cwd: folder });
    expect(toPg.stderr).toBe('');
    expect(toPg.code).toBe(0);
    expect((await rosterLog(again)).map((r) => r.line)).toEqual(source);
    expect(await people(again)).toEqual(await people(db));
  });

  test('a copy into a database that already has a roster is refused and changes nothing', async () => {
    const target = await server.createDatabase();
    const other = join(tmp, 'other');
    expect((await runCic(['init', other, '--store', server.url(target)])).code).toBe(0);
    expect(
      (await runCic(['roster', 'set', 'someone', '--name', 'Some One', '--roles', 'pio', '--keeper'], { cwd: other }))
        .code,
    ).toBe(0);
    const before = await rosterLog(target);
    const r = await runCic(['store', 'copy', '--to', server.url(target)], { cwd: ws });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/already has a roster/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(await rosterLog(target)).toEqual(before);
    expect(await server.sql(target, 'SELECT 1 FROM cic.incidents')).toEqual([]);
  });
});
