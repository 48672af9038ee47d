/**
 * `cic verify` checks the state kept beside the log (src/io/log/state-file.ts) against a fresh
 * fold of the log up to its mark: recording commands believe that state, so one that says
 * something the log does not is an integrity failure (exit 3), removed by `--repair`. Controls: a
 * saved state that is the fold verifies; a changed one is really believed by a command; one the
 * log no longer has the entry of is ignored by commands and so is not a failure.
 */
import { describe, expect, test } from '@jest/globals';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { IncidentState } from '../../../src/core/incident/state.js';
import { FileStore } from '../../../src/io/log/file-store.js';
import { STATE_FILE } from '../../../src/io/log/state-file.js';
import { runCic } from '../../helpers/run-cic.js';
import { ctx, makeWorkspace, openIncident } from './fixtures.js';

const fact = (value: string) => ({ type: 'fact.recorded' as const, data: { fact: 'location', value } });

async function setup() {
  const ws = await makeWorkspace();
  // Saved with every recording here (by default only every CHECKPOINT_ENTRIES entries).
  const store = new FileStore(ws, { checkpointEntries: 1 });
  const id = await openIncident(ws, 'Saved state', store);
  await store.appendEvents(id, ctx(), [{ type: 'note', data: { text: 'a note' } }]);
  await store.appendToState(id, ctx(), () => [fact('City Hall')]); // saves the state
  const dir = join(ws.incidentsDir, id);
  const file = join(dir, STATE_FILE);
  const cic = (...args: string[]) => runCic(args, { cwd: ws.root, env: { CIC_NAME: 'Clerk', CIC_ROLE: undefined } });
  const rewrite = (change: (mark: Record<string, unknown>, state: string) => [unknown, string]) => {
    const [mark, state] = readFileSync(file, 'utf8').split('\n');
    const [m, s] = change(JSON.parse(mark!) as Record<string, unknown>, state!);
    writeFileSync(file, `${JSON.stringify(m)}\n${s === '' ? '' : `${s}\n`}`);
  };
  return { ws, store, id, dir, file, cic, rewrite };
}

describe('cic verify and the saved state', () => {
  test('a saved state that is the fold of the log verifies (positive control)', async () => {
    const { store, id, file } = await setup();
    expect(existsSync(file)).toBe(true);
    expect(await store.verifyWithState(id)).toMatchObject({ report: { ok: true }, savedState: 'ok' });
  });

  test('a changed state is believed by commands, and cic verify fails on it; --repair removes it', async () => {
    const { ws, id, file, cic, rewrite } = await setup();
    rewrite((m, s) => [m, s.replace('City Hall', 'Police HQ')]);
    // The negative control: a command really decides on the changed state while its mark fits.
    let seen: IncidentState | undefined;
    await new FileStore(ws).appendToState(id, ctx(), (s) => ((seen = s), []));
    expect(seen!.facts.location).toBe('Police HQ');

    const r = await cic('verify', id);
    expect(r.code).toBe(3);
    expect(r.stdout).toContain('the log verifies');
    expect(r.stderr).toMatch(/\.state\.json .* is not the fold of the log .*: it was changed/);
    expect(r.stderr).toMatch(/--repair` to remove \.state\.json/);
    expect(JSON.parse((await cic('verify', id, '--json')).stdout)).toMatchObject({ ok: false, saved_state: 'differs' });

    const fixed = await cic('verify', id, '--repair');
    expect(fixed.code).toBe(0);
    expect(fixed.stdout).toContain('Removed .state.json');
    expect(existsSync(file)).toBe(false);
    await new FileStore(ws).appendToState(id, ctx(), (s) => ((seen = s), []));
    expect(seen!.facts.location).toBe('City Hall');
    expect((await cic('verify', id)).code).toBe(0);
  });

  test('a mark whose status or simulated count is not the log’s differs too', async () => {
    const { store, id, rewrite } = await setup();
    rewrite((m, s) => [{ ...m, status: 'closed' }, s]);
    expect((await store.verifyWithState(id)).savedState).toBe('differs');
    rewrite((m, s) => [{ ...m, status: 'open', simulated: 1 }, s]);
    expect((await store.verifyWithState(id)).savedState).toBe('differs');
    // A mark alone (what finding the open incident saves) holds only the status.
    rewrite((m) => [{ ...m, simulated: 0 }, '']);
    expect((await store.verifyWithState(id)).savedState).toBe('ok');
    rewrite((m) => [{ ...m, status: 'closed' }, '']);
    expect((await store.verifyWithState(id)).savedState).toBe('differs');
  });

  test('notes are counted without being parsed: a count that is not the log’s differs (negative control)', async () => {
    const { store, id, rewrite } = await setup();
    const simulatedNotes = Array.from({ length: 3 }, (_, k) => ({ type: 'note' as const, data: { text: `n${k}` } }));
    await store.appendEvents(id, ctx(undefined, true), simulatedNotes);
    await store.appendToState(id, ctx(), () => [fact('Town Hall')]);
    expect((await store.verifyWithState(id)).savedState).toBe('ok');
    rewrite((m, s) => [m, s.replace('"notes":4', '"notes":5')]);
    expect((await store.verifyWithState(id)).savedState).toBe('differs');
    rewrite((m, s) => [{ ...m, simulated: 0 }, s.replace('"notes":5', '"notes":4')]);
    expect((await store.verifyWithState(id)).savedState).toBe('differs'); // three of the notes were simulated
    rewrite((m, s) => [{ ...m, simulated: 3 }, s]);
    expect((await store.verifyWithState(id)).savedState).toBe('ok');
  });

  test('the same state written with its keys in another order is the fold too', async () => {
    const { store, id, rewrite } = await setup();
    const reversed = (v: unknown): unknown =>
      v === null || typeof v !== 'object' || Array.isArray(v)
        ? v
        : Object.fromEntries(
            Object.entries(v)
              .reverse()
              .map(([k, x]) => [k, reversed(x)]),
          );
    rewrite((m, s) => [m, JSON.stringify(reversed(JSON.parse(s)))]);
    expect((await store.verifyWithState(id)).savedState).toBe('ok');
    rewrite((m, s) => [m, s.replace('City Hall', 'Police HQ')]);
    expect((await store.verifyWithState(id)).savedState).toBe('differs');
  });

  test('a state the log no longer has the entry of is ignored by commands, so it is not a failure', async () => {
    const { store, id, cic, rewrite } = await setup();
    rewrite((m, s) => [{ ...m, hash: 'f'.repeat(64) }, s.replace('City Hall', 'Police HQ')]);
    expect((await store.verifyWithState(id)).savedState).toBe('unused');
    const r = await cic('verify', id, '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: true, saved_state: 'unused' });
  });
});
