/**
 * The state kept beside the log (src/io/log/state-file.ts): a recording command decides on the
 * same state as a fold of the whole log would give, reads only the log's end when the saved state
 * still fits the log, and ignores a saved state the log no longer has the entry of (negative
 * control: a saved state that fits is really used). Finding whether an incident is open reads
 * the same mark.
 */
import { describe, expect, test } from '@jest/globals';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fold, initialState } from '../../../src/core/incident/fold.js';
import type { IncidentState } from '../../../src/core/incident/state.js';
import { FileStore } from '../../../src/io/log/file-store.js';
import { nodeFs, type FsSeam } from '../../../src/io/log/fs-seam.js';
import { readStateFile, STATE_FILE, STATE_FORMAT } from '../../../src/io/log/state-file.js';
import { incidentLifecycle } from '../../../src/io/workspace/incidents.js';
import { ctx, makeWorkspace, openIncident } from './fixtures.js';

const note = (text: string) => ({ type: 'note' as const, data: { text } });
const fact = (value: string) => ({ type: 'fact.recorded' as const, data: { fact: 'location', value } });

function countingSeam(): FsSeam & { bytesRead: number } {
  const seam = {
    ...nodeFs,
    bytesRead: 0,
    read(fd: number, b: Uint8Array, o: number, l: number, p: number) {
      const n = nodeFs.read(fd, b, o, l, p);
      seam.bytesRead += n;
      return n;
    },
  };
  return seam;
}

async function incidentWithNotes(notes: number) {
  const ws = await makeWorkspace();
  const id = await openIncident(ws, 'state file');
  const store = new FileStore(ws);
  for (let k = 0; k < notes; k += 500)
    await store.appendEvents(
      id,
      ctx(),
      Array.from({ length: Math.min(500, notes - k) }, (_, j) => note(`n${k + j}`)),
    );
  const dir = join(ws.incidentsDir, id);
  return { ws, id, store, dir };
}

/** The bytes a recording command reads through the log seam (the log, and the playbook's digest). */
async function bytesForOneRecord(notes: number, saved = true): Promise<number> {
  const { ws, id, store, dir } = await incidentWithNotes(notes);
  await store.appendToState(id, ctx(), () => [fact('first')]); // saves the state
  if (!saved) rmSync(join(dir, STATE_FILE));
  const seam = countingSeam();
  const counted = new FileStore(ws, { seam });
  await counted.appendToState(id, ctx(), () => [fact('second')]);
  return seam.bytesRead;
}

describe('the state beside the log', () => {
  test('a recording command decides on the fold of the whole log, and saves the state after it', async () => {
    const { id, store, dir } = await incidentWithNotes(30);
    let seen: IncidentState | undefined;
    await store.appendToState(id, ctx(), (state) => {
      seen = state;
      return [fact('City Hall')];
    });
    const entries = await store.readAll(id);
    expect(seen).toEqual(fold(entries.slice(0, -1), id));
    const saved = readStateFile(dir, id)!;
    expect(saved.mark).toMatchObject({ format: STATE_FORMAT, seq: entries.at(-1)!.seq, hash: entries.at(-1)!.hash });
    expect(saved.state).toEqual(fold(entries, id));
    // Maps keyed by ids from data have no prototype again, so an id like "constructor" is just a key.
    expect(Object.getPrototypeOf(saved.state!.facts)).toBeNull();
  });

  test('with a saved state that fits, a recording command reads the same bytes of a short log and a long one', async () => {
    const short = await bytesForOneRecord(10);
    const long = await bytesForOneRecord(3_000);
    expect(long).toBeLessThan(short + 4_096);
    // Without the saved state the whole log is read (negative control).
    expect(await bytesForOneRecord(3_000, false)).toBeGreaterThan(long + 3_000 * 200);
  });

  test('notes written after the saved state are verified and folded in', async () => {
    const { id, store } = await incidentWithNotes(5);
    await store.appendToState(id, ctx(), () => [fact('one')]);
    await store.appendEvents(id, ctx(), [note('after'), note('after again')]);
    let seen: IncidentState | undefined;
    await store.appendToState(id, ctx(), (state) => ((seen = state), []));
    expect(seen).toEqual(fold(await store.readAll(id), id));
    expect(seen!.notes).toBe(7);
  });

  test('a saved state is used only while the log has its entry (negative control: one that fits is used)', async () => {
    const { id, store, dir } = await incidentWithNotes(5);
    await store.appendToState(id, ctx(), () => [fact('true value')]);
    const file = join(dir, STATE_FILE);
    const [mark, state] = readFileSync(file, 'utf8').split('\n');
    // A saved state that says something else: used while its mark fits the log …
    writeFileSync(file, `${mark}\n${state!.replace('true value', 'planted value')}\n`);
    let seen: IncidentState | undefined;
    await store.appendToState(id, ctx(), (s) => ((seen = s), []));
    expect(seen!.facts.location).toBe('planted value');
    // … and ignored once the mark names an entry the log does not have (another hash at that seq).
    const foreign = JSON.parse(mark!) as { hash: string };
    writeFileSync(
      file,
      `${JSON.stringify({ ...foreign, hash: 'f'.repeat(64) })}\n${state!.replace('true value', 'planted value')}\n`,
    );
    await store.appendToState(id, ctx(), (s) => ((seen = s), []));
    expect(seen!.facts.location).toBe('true value');
  });

  test('a state file from another format, or garbage, is ignored', async () => {
    const { id, store, dir } = await incidentWithNotes(3);
    await store.appendToState(id, ctx(), () => [fact('x')]);
    const file = join(dir, STATE_FILE);
    const [mark] = readFileSync(file, 'utf8').split('\n');
    writeFileSync(file, `${JSON.stringify({ ...JSON.parse(mark!), format: STATE_FORMAT + 1 })}\n{}\n`);
    expect(readStateFile(dir, id)).toBeUndefined();
    writeFileSync(file, 'not json\n');
    expect(readStateFile(dir, id)).toBeUndefined();
    let seen: IncidentState | undefined;
    await store.appendToState(id, ctx(), (s) => ((seen = s), []));
    expect(seen).toEqual(fold(await store.readAll(id), id));
  });

  test('what a state holds is pinned to the format number (change STATE_FORMAT with it)', () => {
    expect({ format: STATE_FORMAT, keys: Object.keys(initialState('x')).sort() }).toEqual({
      format: 4,
      keys: [
        'actions',
        'declared_at',
        'fact_history',
        'facts',
        'id',
        'last_seq',
        'lifecycle',
        'notes',
        'occurred_at',
        'opened',
        'press',
        'repairs',
        'requests',
        'statements',
        'status',
        'tier_history',
        'title',
      ],
    });
  });
});

describe('open or closed', () => {
  const closing = { type: 'incident.closed' as const, data: { forced: true, left_open: [], reason: 'done' } };

  test('from the saved mark and the entries after it; a mark the log no longer has is not trusted', async () => {
    const { ws, id, store, dir } = await incidentWithNotes(3);
    expect(incidentLifecycle(ws, id)).toBe('open'); // no state saved yet: the whole log is searched …
    expect(readStateFile(dir, id, true)?.mark.status).toBe('open'); // … and the status saved
    await store.appendEvents(id, ctx(), [closing]);
    expect(incidentLifecycle(ws, id)).toBe('closed'); // written after the mark
    await store.appendToState(id, ctx(), () => [note('after closing') as never]);
    expect(readStateFile(dir, id, true)?.mark.status).toBe('closed');
    expect(incidentLifecycle(ws, id)).toBe('closed'); // from the mark
    // A mark that says open but whose entry the log does not have is ignored (negative control).
    const file = join(dir, STATE_FILE);
    const mark = JSON.parse(readFileSync(file, 'utf8').split('\n')[0]!) as Record<string, unknown>;
    writeFileSync(file, `${JSON.stringify({ ...mark, status: 'open' })}\n`);
    expect(incidentLifecycle(ws, id)).toBe('open'); // believed while it fits …
    writeFileSync(file, `${JSON.stringify({ ...mark, status: 'open', hash: '0'.repeat(64) })}\n`);
    expect(incidentLifecycle(ws, id)).toBe('closed'); // … not once it does not
  });
});
