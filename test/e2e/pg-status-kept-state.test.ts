/**
 * `cic status` on PostgreSQL starts from the state the database keeps (`cic.states`) and reads
 * only the entries after it (docs/postgres.md, "The kept state"). What it prints must be exactly
 * what a fold of the whole log prints; `cic verify` still checks the whole chain, and reports a
 * kept state that is not the log's fold.
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCic } from '../helpers/run-cic.js';
import { describePg, type PgServer } from '../helpers/pg-server.js';
import { pgWorkspace } from '../helpers/pg-workspace.js';
import { PgStore } from '../../src/io/pg/pg-store.js';
import { CHECKPOINT_ENTRIES } from '../../src/io/log/file-store.js';
import type { IncidentId } from '../../src/core/ids.js';

const PIO = { CIC_ROLE: 'pio', CIC_NAME: 'Jo Park' };
const CHIEF = { CIC_ROLE: 'police-chief', CIC_NAME: 'Lena Ortiz' };
const MANAGER = { CIC_ROLE: 'city-manager', CIC_NAME: 'Marcus Reed' };
const at = (minute: number) => `2026-11-26T03:${String(minute).padStart(2, '0')}:00-06:00`;

describePg('cic status from the state PostgreSQL keeps', () => {
  let server: PgServer;
  let tmp: string;
  let ws: string;
  let db: string;

  const cic = (args: string[], minute: number, env: Record<string, string> = PIO) =>
    runCic(args, { cwd: ws, env: { CIC_NOW: at(minute), ...env } });
  const ok = async (args: string[], minute: number, env: Record<string, string> = PIO) => {
    const r = await cic(args, minute, env);
    if (r.code !== 0) throw new Error(`cic ${args.join(' ')} exited ${r.code}\n${r.stdout}\n${r.stderr}`);
    return r;
  };
  const keptRow = async () =>
    (await server.sql<{ seq: string; state: string }>(db, 'SELECT seq, state FROM cic.states'))[0];
  /** What a person sees: the board as JSON, and as text for the governing body (with released words). */
  const boards = async (minute: number) => ({
    json: (await ok(['status', '--json'], minute)).stdout,
    text: (await ok(['status', '--role', 'board'], minute)).stdout,
  });

  beforeAll(async () => {
    ({ server, tmp, db, ws } = await pgWorkspace('cic-pgstatus-'));
    await ok(['open', '--title', 'Stop on Forsyth', '--tier', 'tier-2'], 0, CHIEF);
    await ok(
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
      1,
    );
    await ok(['approve', 'holding-statement'], 2, CHIEF);
    // Enough entries that the next recording keeps the state.
    const store = new PgStore(server.url(db));
    try {
      const [incident] = (await store.listIncidents()) as [IncidentId];
      const actor = { role: 'pio', name: 'Jo Park', user: `pg:${server.superuser}`, identity: 'unchecked' as const };
      const notes = Array.from({ length: CHECKPOINT_ENTRIES + 20 }, (_, k) => ({
        type: 'note' as const,
        data: { text: `media call ${k}` },
      }));
      await store.appendEvents(incident, { actor, at: new Date(at(3)), simulated: true }, notes);
    } finally {
      await store.close();
    }
    await ok(['fact', 'set', 'incident_location=the 7800 block of Forsyth Boulevard'], 4, MANAGER);
    expect(await keptRow()).toBeDefined();
    // And entries after the kept state: a new version of the statement, an approval, a note.
    const edited = join(tmp, 'holding.md');
    const v1 = (await ok(['statements', 'holding-statement', '--show', '1'], 5)).stdout;
    writeFileSync(edited, `${v1}The Chief will speak at 07:00.\n`);
    await ok(['draft', 'holding-statement', '--register', edited], 5);
    await ok(['approve', 'holding-statement'], 6, CHIEF);
    await ok(['approve', 'holding-statement'], 7, MANAGER);
    await ok(['release', 'holding-statement', '--channel', 'city-website'], 8);
    await ok(['note', 'after the kept state'], 9);
  }, 300_000);
  afterAll(async () => {
    await server?.stop();
    rmSync(tmp, { recursive: true, force: true });
  });

  test('status from the kept state prints exactly what a fold of the whole log prints', async () => {
    const row = (await keptRow())!;
    const head = await server.sql<{ seq: string }>(db, 'SELECT seq FROM cic.heads');
    expect(Number(row.seq)).toBeLessThan(Number(head[0]!.seq)); // there are entries after it
    const fromKept = await boards(10);
    const store = new PgStore(server.url(db));
    const [incident] = (await store.listIncidents()) as [IncidentId];
    const kept = await store.foldedState(incident);

    // Negative control: status does read the kept state (a doctored one shows).
    await server.sql(db, 'UPDATE cic.states SET state = replace(state, $1, $2)', [
      '"title":"Stop on Forsyth"',
      '"title":"Doctored title"',
    ]);
    expect((await boards(10)).text).toContain('Doctored title');
    await server.sql(db, 'UPDATE cic.states SET state = $1', [row.state]);

    await server.sql(db, 'DELETE FROM cic.states');
    const fromLog = await boards(10);
    // And the store's answer itself: the same state, and the words of every version, the one
    // drafted before the kept state (read from its entry) and the one after (read with the tail).
    const folded = await store.foldedState(incident);
    await store.close();
    expect(kept.report.ok).toBe(true);
    expect(JSON.parse(JSON.stringify(kept.state))).toEqual(JSON.parse(JSON.stringify(folded.state)));
    expect([...kept.texts].sort()).toEqual([...folded.texts].sort());
    const bySeq = [...kept.texts].sort((a, b) => a[0] - b[0]).map(([, t]) => t);
    expect(bySeq.map((t) => t.endsWith('The Chief will speak at 07:00.\n'))).toEqual([false, true]);
    expect(fromLog.json).toBe(fromKept.json);
    expect(fromLog.text).toBe(fromKept.text);
    expect(JSON.parse(fromLog.json).incident).toBeDefined();
  });

  test('cic verify checks the whole chain and the kept state; a changed kept state is reported (exit 3)', async () => {
    await ok(['fact', 'set', 'incident_location=the 7900 block of Forsyth Boulevard'], 11, MANAGER); // keeps one again
    const clean = JSON.parse((await ok(['verify', '--json'], 12)).stdout);
    expect(clean.saved_state).toBe('ok');

    await server.sql(db, 'UPDATE cic.states SET state = replace(state, $1, $2)', [
      '"title":"Stop on Forsyth"',
      '"title":"Doctored title"',
    ]);
    const caught = await cic(['verify'], 13);
    expect(caught.code).toBe(3);
    expect(caught.stdout).toContain('the log verifies');
    expect(caught.stderr).toMatch(/state kept in cic\.states .* kept by the login \S+, is not the fold of the log/);
    expect(caught.stderr).toContain("DELETE FROM cic.states WHERE incident = '2026-0001'");
    const json = await cic(['verify', '--json'], 13);
    expect(json.code).toBe(3);
    expect(JSON.parse(json.stdout).saved_state).toBe('differs');
  });
});
