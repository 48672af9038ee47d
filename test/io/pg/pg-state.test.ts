/**
 * The PostgreSQL store keeps the incident's state beside its log (`cic.states`): recording reads
 * that row and only the entries after it, not the whole log, and keeps it again once the log has
 * moved CHECKPOINT_ENTRIES past it. A kept state is used only when it was folded up to an entry
 * the log still has; only the appending transaction may keep one, only at an entry of the log and
 * only forward; `cic verify` reports one that is not the fold of the log.
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { runCic } from '../../helpers/run-cic.js';
import { describePg, type PgServer } from '../../helpers/pg-server.js';
import { pgWorkspace } from '../../helpers/pg-workspace.js';
import pg from 'pg';
import { PgStore } from '../../../src/io/pg/pg-store.js';
import { evolve, fold } from '../../../src/core/incident/fold.js';
import { CHECKPOINT_ENTRIES, seal } from '../../../src/io/log/file-store.js';
import { entryValidator } from '../../../src/io/log/entry-schema.js';
import type { IncidentState } from '../../../src/core/incident/state.js';
import { STATE_FORMAT } from '../../../src/io/log/state-file.js';
import { textSha256 } from '../../../src/core/statements/rules.js';
import type { IncidentId } from '../../../src/core/ids.js';

const ENV = { CIC_NOW: '2026-11-26T02:05:00-06:00', CIC_ROLE: 'police-chief', CIC_NAME: 'Lena Ortiz' };

describePg('the state the PostgreSQL store keeps beside the log', () => {
  let server: PgServer;
  let tmp: string;
  let db: string;
  let store: PgStore;
  let incident: IncidentId;

  const ctx = () => ({
    actor: { role: 'police-chief', name: 'Lena Ortiz', user: `pg:${server.superuser}`, identity: 'unchecked' as const },
    at: new Date(),
    simulated: false,
  });
  /** Append a note through appendToState; the state it was decided on. */
  const noteAgainstState = async (text: string): Promise<IncidentState> => {
    let seen: IncidentState | undefined;
    await store.appendToState(incident, ctx(), (state) => {
      seen = state;
      return [{ type: 'note', data: { text } }];
    });
    return seen!;
  };
  const kept = async () =>
    server.sql<{ seq: string; hash: string; format: number; state: string }>(
      db,
      'SELECT seq, hash, format, state FROM cic.states WHERE incident = $1',
      [incident],
    );

  beforeAll(async () => {
    ({ server, tmp, db } = await pgWorkspace('cic-pgstate-'));
    const ws = join(tmp, 'ws');
    expect((await runCic(['open', '--title', 'Stop on Forsyth', '--tier', 'tier-3'], { cwd: ws, env: ENV })).code).toBe(
      0,
    );
    // A state kept at every recording, so each test sees the state its recording kept (the rule
    // of CHECKPOINT_ENTRIES has its own test below, with a store as cic opens it).
    store = new PgStore(server.url(db), process.env, { checkpointEntries: 1 });
    [incident] = (await store.listIncidents()) as [IncidentId];
  }, 120_000);
  afterAll(async () => {
    await store?.close();
    await server?.stop();
    rmSync(tmp, { recursive: true, force: true });
  });

  test('recording keeps the state after its entries, keyed by the head it was folded up to', async () => {
    await noteAgainstState('first');
    const head = await store.head(incident);
    const [row] = await kept();
    expect(row).toBeDefined();
    expect(Number(row!.seq)).toBe(head.seq);
    expect(row!.hash).toBe(head.hash);
    expect(row!.format).toBe(STATE_FORMAT);
    expect(JSON.parse(row!.state)).toEqual(JSON.parse(JSON.stringify(fold(await store.readAll(incident), incident))));
  });

  test('the kept state is what the next recording decides on (the log is not re-folded)', async () => {
    await noteAgainstState('second');
    const [row] = await kept();
    const doctored = { ...JSON.parse(row!.state), title: 'kept, not re-read' };
    await server.sql(db, 'UPDATE cic.states SET state = $2 WHERE incident = $1', [incident, JSON.stringify(doctored)]);
    expect((await noteAgainstState('third')).title).toBe('kept, not re-read');
  });

  test('a state whose entry the log no longer has at its seq is ignored: the whole log is folded', async () => {
    await noteAgainstState('fourth');
    const [row] = await kept();
    const doctored = { ...JSON.parse(row!.state), title: 'stale' };
    await server.sql(db, 'UPDATE cic.states SET state = $2, hash = $3 WHERE incident = $1', [
      incident,
      JSON.stringify(doctored),
      'f'.repeat(64),
    ]);
    const seen = await noteAgainstState('fifth');
    expect(seen.title).toBe('Stop on Forsyth');
    // And a state of another format (another cic version's fold) is ignored too.
    const [again] = await kept();
    await server.sql(db, 'UPDATE cic.states SET state = $2, format = $3 WHERE incident = $1', [
      incident,
      JSON.stringify({ ...JSON.parse(again!.state), title: 'other format' }),
      STATE_FORMAT + 1,
    ]);
    expect((await noteAgainstState('sixth')).title).toBe('Stop on Forsyth');
  });

  test('entries appended without a state (a note) are verified and folded in after the kept one', async () => {
    await noteAgainstState('seventh');
    const [row] = await kept();
    await store.appendEvents(incident, ctx(), [{ type: 'note', data: { text: 'eighth, no state' } }]);
    const seen = await noteAgainstState('ninth');
    const entries = await store.readAll(incident);
    expect(Number(row!.seq)).toBe(entries.length - 3);
    expect(JSON.parse(JSON.stringify(seen))).toEqual(JSON.parse(JSON.stringify(fold(entries.slice(0, -1), incident))));
  });

  test("a version's words are not in the kept state: read from its entry by seq, and a changed entry is caught", async () => {
    const text = 'Holding statement: we are aware of the incident.\n';
    const data = {
      statement: 'holding-statement',
      version: 1,
      file: 'drafts/holding-statement.v1.md',
      sha256: textSha256(text),
      text,
      facts: {},
      checks: [],
      source: 'template' as const,
    };
    await store.appendEvents(incident, ctx(), [{ type: 'statement.drafted', data }]);
    const [version] = (await noteAgainstState('after the draft')).statements['holding-statement']!.versions;
    const [row] = await kept();
    expect(row!.state).toContain(data.sha256);
    expect(row!.state).not.toContain('we are aware');
    expect((await store.statementTexts(incident, [version!])).get(version!.seq)).toBe(text);
    // Changed in place by hand (the triggers switched off): not served (negative control above).
    await server.sql(db, 'ALTER TABLE cic.entries DISABLE TRIGGER no_rewrite');
    await server.sql(db, "UPDATE cic.entries SET line = replace(line, 'we are aware', 'we know') WHERE seq = $1", [
      version!.seq,
    ]);
    await server.sql(db, 'ALTER TABLE cic.entries ENABLE ALWAYS TRIGGER no_rewrite');
    await expect(store.statementTexts(incident, [version!])).rejects.toThrow(/does not verify: hash does not match/);
  });

  test('only the transaction that appended the head may keep a state for it', async () => {
    const head = await store.head(incident);
    await expect(
      server.sql(db, 'SELECT cic.put_state($1, $2, $3, $4, $5)', [incident, STATE_FORMAT, head.seq, head.hash, '{}']),
    ).rejects.toThrow(/only by the transaction that appended/);
    const login = await server.createLogin('pio', { database: db });
    await expect(
      server.sql(
        db,
        'SELECT cic.put_state($1, $2, $3, $4, $5)',
        [incident, STATE_FORMAT, head.seq, head.hash, '{}'],
        login,
      ),
    ).rejects.toThrow(/only by the transaction that appended/);
    await expect(server.sql(db, "UPDATE cic.states SET state = '{}'", [], login)).rejects.toThrow(/permission denied/);
  });
});

describePg('the kept state on PostgreSQL: when it is rewritten, who may keep one, and verify', () => {
  let server: PgServer;
  let tmp: string;
  let db: string;
  let store: PgStore;
  let incident: IncidentId;

  const ctx = () => ({
    actor: { role: 'police-chief', name: 'Lena Ortiz', user: `pg:${server.superuser}`, identity: 'unchecked' as const },
    at: new Date(),
    simulated: false,
  });
  const kept = async () =>
    server.sql<{ seq: string; hash: string; format: number; state: string }>(
      db,
      'SELECT seq, hash, format, state FROM cic.states WHERE incident = $1',
      [incident],
    );

  beforeAll(async () => {
    ({ server, tmp, db } = await pgWorkspace('cic-pgstate2-'));
    const ws = join(tmp, 'ws');
    expect((await runCic(['open', '--title', 'Stop on Forsyth', '--tier', 'tier-3'], { cwd: ws, env: ENV })).code).toBe(
      0,
    );
    store = new PgStore(server.url(db), process.env, { checkpointEntries: 1 });
    [incident] = (await store.listIncidents()) as [IncidentId];
    // A kept state to start from.
    await store.appendToState(incident, ctx(), () => [{ type: 'note', data: { text: 'kept' } }]);
  }, 120_000);
  afterAll(async () => {
    await store?.close();
    await server?.stop();
    rmSync(tmp, { recursive: true, force: true });
  });

  test(`the state row is rewritten only once the log has moved ${CHECKPOINT_ENTRIES} entries past it`, async () => {
    const plain = new PgStore(server.url(db)); // the checkpoint cic uses
    try {
      const record = (text: string) =>
        plain.appendToState(incident, ctx(), () => [{ type: 'note', data: { text } }]).then((r) => r.written[0]!);
      const [before] = await kept();
      const first = await record('a small append');
      expect(first.seq).toBe(Number(before!.seq) + 1);
      expect(await kept()).toEqual([before]); // not rewritten
      const notes = Array.from({ length: CHECKPOINT_ENTRIES - 3 }, (_, k) => ({
        type: 'note' as const,
        data: { text: `n${k}` },
      }));
      await plain.appendEvents(incident, ctx(), notes);
      const almost = await record(`the ${CHECKPOINT_ENTRIES - 1}th entry past the kept state`);
      expect(almost.seq).toBe(Number(before!.seq) + CHECKPOINT_ENTRIES - 1);
      expect(await kept()).toEqual([before]); // still not rewritten
      const at = await record(`the ${CHECKPOINT_ENTRIES}th`);
      const [after] = await kept();
      expect(Number(after!.seq)).toBe(at.seq);
      expect(after!.hash).toBe(at.hash);
      expect(JSON.parse(after!.state)).toEqual(
        JSON.parse(JSON.stringify(fold(await store.readAll(incident), incident))),
      );
    } finally {
      await plain.close();
    }
  });

  /** As `login`, by hand: append a note, then try `put` (SQL) in the same transaction; rolled back unless `commit`. */
  const byHand = async (login: string, put: (c: pg.Client, entry: { seq: number; hash: string }) => Promise<void>) => {
    const c = new pg.Client({ connectionString: server.url(db, login) });
    await c.connect();
    try {
      await c.query('BEGIN');
      const h = (await c.query<{ seq: string; hash: string }>('SELECT seq, hash FROM cic.lock_head($1)', [incident]))
        .rows[0]!;
      const head = { seq: Number(h.seq), hash: h.hash };
      const actor = { role: 'police-chief', name: 'By Hand', user: `pg:${login}`, identity: 'unchecked' as const };
      const check = await entryValidator();
      const [sealed] = seal(
        incident,
        head,
        { actor, at: new Date(), simulated: false },
        [{ type: 'note', data: { text: 'by hand' } }],
        check,
      );
      await c.query('SELECT cic.append($1, $2, $3, $4)', [incident, head.seq + 1, head.hash, [sealed!.line]]);
      await put(c, sealed!.entry);
      await c.query('COMMIT');
      return sealed!.entry;
    } finally {
      await c.end();
    }
  };
  const putState = async (c: pg.Client, seq: number, hash: string, state: string): Promise<void> => {
    await c.query('SELECT cic.put_state($1, $2, $3, $4, $5)', [incident, STATE_FORMAT, seq, hash, state]);
  };

  test('the database keeps a state only at an entry of the log, and only forward', async () => {
    const login = await server.createLogin('clerk', { database: db });
    const before = await kept();
    await expect(byHand(login, (c, e) => putState(c, e.seq, 'f'.repeat(64), '{}'))).rejects.toThrow(
      /with that hash is not in the log/,
    );
    await expect(
      byHand(login, async (c, e) => {
        await putState(c, e.seq, e.hash, '{}');
        await putState(c, e.seq, e.hash, '{"again":1}');
      }),
    ).rejects.toThrow(/only moves forward/);
    await expect(
      byHand(login, async (c, e) => putState(c, e.seq - 1, (await store.head(incident)).hash, '{}')),
    ).rejects.toThrow(/only by the transaction that appended/);
    expect(await kept()).toEqual(before); // all rolled back
  });

  test('cic verify reports a kept state that is not the fold of the log, and who kept it (negative control: one that is)', async () => {
    const clean = await store.verifyWithState(incident);
    expect(clean.report.ok).toBe(true);
    expect(clean.savedState).toBe('ok');

    // A city login keeps a false state beside the entry it has just appended: the database cannot
    // fold, so it takes it, and status would start from it; verify folds the log and says so.
    const login = await server.createLogin('forger', { database: db });
    const entries = await store.readAll(incident);
    const forged = await byHand(login, async (c, e) => {
      const real = evolve(fold(entries, incident), e as never);
      await putState(c, e.seq, e.hash, JSON.stringify({ ...real, title: 'forged title' }));
    });
    expect((await store.foldedState(incident)).state.title).toBe('forged title');
    const caught = await store.verifyWithState(incident);
    expect(caught.report.ok).toBe(true); // the chain itself is whole
    expect(caught.savedState).toBe('differs');
    expect(caught.by).toBe(login);

    // The DBA removes it: status folds the log again, verify has no state to compare.
    await server.sql(db, 'DELETE FROM cic.states WHERE incident = $1', [incident]);
    expect((await store.foldedState(incident)).state.title).toBe('Stop on Forsyth');
    expect((await store.verifyWithState(incident)).savedState).toBe('none');
    expect((await store.head(incident)).seq).toBe(forged.seq);
  });
});
