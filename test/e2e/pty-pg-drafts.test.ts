/**
 * `cic draft STATEMENT --edit` on a PostgreSQL workspace, at a terminal: $EDITOR opens a private
 * temporary file outside the workspace holding the current version's logged words; a change is
 * registered as the next version and the file removed; no change records nothing. On the folder
 * store the editor gets the next version's copy in drafts/, which stays as that version's copy.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCic } from '../helpers/run-cic.js';
import { describePg, type PgServer } from '../helpers/pg-server.js';
import { pgWorkspace } from '../helpers/pg-workspace.js';
import { spawnCic } from './terminal.js';

const PIO = { CIC_ROLE: 'pio', CIC_NAME: 'Jo Park', CIC_NOW: '2026-11-26T02:20:00-06:00' };

describePg('editing a draft kept in PostgreSQL', () => {
  let server: PgServer;
  let tmp: string;
  let ws: string;
  let db: string;
  let editor: string;
  let seen: string;

  const drafts = async () =>
    (
      await server.sql<{ line: string }>(
        db,
        `SELECT line FROM cic.entries WHERE line LIKE '%"type":"statement.drafted"%' ORDER BY seq`,
      )
    ).map((r) => (JSON.parse(r.line) as { data: { version: number; text: string; source: string } }).data);

  /** `cic draft holding-statement --edit` at a terminal with EDITOR set; resolves to its output and exit code. */
  const edit = async (editorCommand: string) => {
    const term = spawnCic(['draft', 'holding-statement', '--edit'], {
      cwd: ws,
      env: { ...PIO, EDITOR: editorCommand, VISUAL: undefined },
    });
    const { exitCode } = await term.exited;
    return { exitCode, text: term.text };
  };

  beforeAll(async () => {
    ({ server, tmp, db, ws } = await pgWorkspace('cic-pty-pgdrafts-'));
    const env = { ...PIO, CIC_ROLE: 'police-chief' };
    expect((await runCic(['open', '--title', 'Stop on Forsyth', '--tier', 'tier-2'], { cwd: ws, env })).code).toBe(0);
    const facts = [
      'incident_summary=An officer fired at the driver of a car.',
      'incident_location=the 7700 block of Forsyth Boulevard',
      'next_update_at=2026-11-26 06:30',
      'info_url=https://www.example.gov/news',
    ];
    const r = await runCic(['draft', 'holding-statement', ...facts.flatMap((f) => ['--fact', f])], {
      cwd: ws,
      env: PIO,
    });
    expect(r.code).toBe(0);
    // The "editor": notes which file it was given and what it held, then appends a line.
    seen = join(tmp, 'seen');
    editor = join(tmp, 'editor.sh');
    writeFileSync(
      editor,
      `#!/bin/sh\nprintf '%s' "$1" > "${seen}.path"\ncat "$1" > "${seen}.text"\n[ -n "$APPEND" ] && printf '%s\\n' "$APPEND" >> "$1"\nexit 0\n`,
      { mode: 0o755 },
    );
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
    rmSync(tmp, { recursive: true, force: true });
  });

  test('the editor gets a private copy of the logged words outside the workspace; the change becomes v2', async () => {
    const r = await edit(`APPEND='The Chief will speak at 07:00.' ${editor}`);
    expect(r.text).toContain('Registered the edited text as v2 of holding-statement: in the log');
    expect(r.exitCode).toBe(0);
    const path = readFileSync(`${seen}.path`, 'utf8');
    expect(path.startsWith(ws)).toBe(false);
    expect(existsSync(path)).toBe(false); // removed once registered
    const [v1, v2] = await drafts();
    expect(readFileSync(`${seen}.text`, 'utf8')).toBe(v1!.text);
    expect(v2).toMatchObject({ version: 2, source: 'edited', text: `${v1!.text}The Chief will speak at 07:00.\n` });
    expect(existsSync(join(ws, 'incidents'))).toBe(false);
  });

  test('an editor that changes nothing records nothing', async () => {
    const r = await edit(editor);
    expect(r.text).toContain('No change made in the editor; v2 stays the current draft.');
    expect(r.exitCode).toBe(0);
    expect((await drafts()).length).toBe(2);
    expect(existsSync(readFileSync(`${seen}.path`, 'utf8'))).toBe(false);
  });
});

describe('editing a draft on the folder store', () => {
  test("the editor gets the next version's copy in drafts/; the change is registered and the copy kept", async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'cic-pty-folderdrafts-'));
    try {
      const ws = join(tmp, 'ws');
      expect((await runCic(['init', ws])).code).toBe(0);
      const chief = { ...PIO, CIC_ROLE: 'police-chief' };
      expect(
        (await runCic(['open', '--title', 'Stop on Forsyth', '--tier', 'tier-2'], { cwd: ws, env: chief })).code,
      ).toBe(0);
      const facts = [
        'incident_summary=An officer fired.',
        'incident_location=Forsyth',
        'next_update_at=2026-11-26 06:30',
        'info_url=https://www.example.gov/news',
      ];
      expect(
        (await runCic(['draft', 'holding-statement', ...facts.flatMap((f) => ['--fact', f])], { cwd: ws, env: PIO }))
          .code,
      ).toBe(0);
      const seen = join(tmp, 'seen');
      const editor = join(tmp, 'editor.sh');
      writeFileSync(editor, `#!/bin/sh\nprintf '%s' "$1" > "${seen}"\nprintf 'Edited.\\n' >> "$1"\n`, { mode: 0o755 });
      const term = spawnCic(['draft', 'holding-statement', '--edit'], {
        cwd: ws,
        env: { ...PIO, EDITOR: editor, VISUAL: undefined },
      });
      const { exitCode } = await term.exited;
      expect(term.text).toContain('Registered the edited text as v2 of holding-statement');
      expect(exitCode).toBe(0);
      const drafts = join(ws, 'incidents', '2026-0001', 'drafts');
      expect(readFileSync(seen, 'utf8')).toBe(join(drafts, 'holding-statement.v2.md'));
      expect(readdirSync(drafts)).toEqual(['holding-statement.v1.md', 'holding-statement.v2.md']);
      const v1 = readFileSync(join(drafts, 'holding-statement.v1.md'), 'utf8');
      expect(readFileSync(join(drafts, 'holding-statement.v2.md'), 'utf8')).toBe(`${v1}Edited.\n`);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  }, 60_000);
});
