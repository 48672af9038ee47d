/**
 * Drafts on a PostgreSQL workspace live in the database (the log holds every version's words):
 * drafting, registering an edit, approving and releasing leave no file on the machine that ran
 * them, `--show N` prints each version as logged, `--export DIR` writes versions only where asked,
 * and `cic verify` compares the draft copies the database does hold (rows an earlier cic kept).
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { runCic } from '../helpers/run-cic.js';
import { describePg, type PgServer } from '../helpers/pg-server.js';
import { pgWorkspace } from '../helpers/pg-workspace.js';

const PIO = { CIC_ROLE: 'pio', CIC_NAME: 'Jo Park' };
const at = (minute: number) => `2026-11-26T02:${String(minute).padStart(2, '0')}:00-06:00`;

/** Every file and folder under `root`, relative, sorted. */
function tree(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      out.push(relative(root, path));
      if (statSync(path).isDirectory()) walk(path);
    }
  };
  walk(root);
  return out.sort();
}

describePg('drafts on a PostgreSQL workspace', () => {
  let server: PgServer;
  let tmp: string;
  let ws: string;
  let db: string;
  let afterInit: string[];

  const cic = (args: string[], minute: number, env: Record<string, string> = PIO) =>
    runCic(args, { cwd: ws, env: { CIC_NOW: at(minute), ...env } });
  const ok = async (args: string[], minute: number, env: Record<string, string> = PIO) => {
    const r = await cic(args, minute, env);
    if (r.code !== 0) throw new Error(`cic ${args.join(' ')} exited ${r.code}\n${r.stdout}\n${r.stderr}`);
    return r;
  };
  /** Each version's words as the database's log holds them. */
  const logged = async () =>
    (
      await server.sql<{ line: string }>(
        db,
        `SELECT line FROM cic.entries WHERE line LIKE '%"type":"statement.drafted"%' ORDER BY seq`,
      )
    ).map((r) => (JSON.parse(r.line) as { data: { version: number; text: string } }).data);

  beforeAll(async () => {
    ({ server, tmp, db, ws } = await pgWorkspace('cic-pgdrafts-'));
    afterInit = tree(ws);
    await ok(['open', '--title', 'Stop on Forsyth', '--tier', 'tier-2', '--as', 'police-chief'], 5);
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
    rmSync(tmp, { recursive: true, force: true });
  });

  test('draft, register an edit from a file anywhere, approve and release: nothing is written in the workspace', async () => {
    const drafted = await ok(
      [
        'draft',
        'holding-statement',
        '--fact',
        'incident_summary=An officer fired at the driver of a car.',
        '--fact',
        'incident_location=the 7700 block of Forsyth Boulevard',
        '--fact',
        'next_update_at=2026-11-26 06:30',
        '--fact',
        'info_url=https://www.example.gov/news',
      ],
      10,
    );
    expect(drafted.stdout).toContain(
      'Drafted v1 of holding-statement: in the log (read it: cic statements holding-statement --show 1)',
    );
    expect(tree(ws)).toEqual(afterInit);

    // With no copy to look at, --register needs the file named.
    const bare = await cic(['draft', 'holding-statement', '--register'], 11);
    expect(bare.code).toBe(2);
    expect(bare.stderr).toMatch(/keeps its drafts in the database.*--register FILE/s);

    // Exported where asked, edited there, registered from there.
    const edits = join(tmp, 'edits');
    const exported = await ok(['statements', 'holding-statement', '--export', edits], 12);
    expect(exported.stdout).toMatch(/Wrote .*holding-statement\.v1\.md \(v1 of holding-statement/);
    const v1 = (await logged())[0]!;
    expect(readFileSync(join(edits, 'holding-statement.v1.md'), 'utf8')).toBe(v1.text);
    const edited = `${v1.text}The Chief will speak at 07:00.\n`;
    writeFileSync(join(edits, 'holding-statement.v1.md'), edited);
    const reg = await ok(['draft', 'holding-statement', '--register', join(edits, 'holding-statement.v1.md')], 13);
    expect(reg.stdout).toContain('Registered the edited text as v2 of holding-statement: in the log');
    expect((await logged()).map((d) => [d.version, d.text])).toEqual([
      [1, v1.text],
      [2, edited],
    ]);
    // The same words again are not a new version.
    const same = await cic(['draft', 'holding-statement', '--register', join(edits, 'holding-statement.v1.md')], 14);
    expect(same.code).toBe(2);
    expect(same.stderr).toMatch(/holds exactly the words of v2/);

    await ok(['approve', 'holding-statement'], 15, { CIC_ROLE: 'police-chief', CIC_NAME: 'Lena Ortiz' });
    await ok(['approve', 'holding-statement'], 16, { CIC_ROLE: 'city-manager', CIC_NAME: 'Marcus Reed' });
    const released = await ok(['release', 'holding-statement', '--channel', 'city-website'], 17);
    expect(released.stdout).toContain('Released v2 of holding-statement on city-website');

    // Each version as logged, whatever happened to the exported file since.
    writeFileSync(join(edits, 'holding-statement.v1.md'), 'scribbled over\n');
    for (const v of await logged()) {
      const shown = await ok(['statements', 'holding-statement', '--show', String(v.version)], 18);
      expect(shown.stdout).toBe(v.text);
      const json = JSON.parse(
        (await ok(['statements', 'holding-statement', '--show', String(v.version), '--json'], 18)).stdout,
      );
      expect(json.text).toBe(v.text);
    }
    const listed = await ok(['statements', 'holding-statement', '--json'], 18);
    const versions = JSON.parse(listed.stdout).statements[0].versions as { file_state: string }[];
    expect(versions.map((v) => v.file_state)).toEqual(['ok', 'ok']);

    const verify = await ok(['verify', '--json'], 19);
    expect(JSON.parse(verify.stdout).draft_files).toBeUndefined();
    expect(await server.sql(db, 'SELECT file FROM cic.drafts')).toEqual([]);
    expect(tree(ws)).toEqual(afterInit);
    expect(existsSync(join(ws, 'incidents'))).toBe(false);
  });

  test('cic verify compares the draft copies the database holds with the log (rows an earlier cic kept)', async () => {
    const clean = JSON.parse((await ok(['verify', '--json'], 20)).stdout);
    expect(clean.draft_files).toBeUndefined();
    const v1 = (await logged())[0]!;
    await server.sql(
      db,
      `INSERT INTO cic.drafts (incident, file, body, sha256) VALUES
         ('2026-0001', 'drafts/holding-statement.v1.md', $1, 'x'),
         ('2026-0001', 'drafts/holding-statement.v2.md', 'not the logged words', 'x'),
         ('2026-0001', 'drafts/holding-statement.v9.md', 'never logged', 'x')`,
      [v1.text],
    );
    const r = await ok(['verify'], 21);
    expect(r.stdout).toContain('warning: drafts/holding-statement.v2.md differs from the words the log holds for it');
    expect(r.stdout).toContain('warning: drafts/holding-statement.v9.md is not a version the log holds');
    expect(r.stdout).not.toContain('holding-statement.v1.md');
    const json = JSON.parse((await ok(['verify', '--json'], 21)).stdout);
    expect(json.draft_files).toEqual([
      { file: 'drafts/holding-statement.v2.md', problem: 'differs' },
      { file: 'drafts/holding-statement.v9.md', problem: 'not logged' },
    ]);
    // A copy is not the record: approving and showing go by the log's words.
    const shown = await ok(['statements', 'holding-statement', '--show', '2'], 22);
    expect(shown.stdout).toBe((await logged())[1]!.text);
    expect(tree(ws)).toEqual(afterInit);
  });
});
