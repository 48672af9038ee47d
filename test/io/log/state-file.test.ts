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
import { fold, foldInto, initialState } from '../../../src/core/incident/fold.js';
import type { RecordedEvent } from '../../../src/core/incident/events.js';
import { textSha256 } from '../../../src/core/statements/rules.js';
import { draftEntry, sealEntry } from '../../../src/core/log/entry.js';
import type { LogEntry } from '../../../src/core/log/envelope.js';
import { entryValidator } from '../../../src/io/log/entry-schema.js';
import type { IncidentState } from '../../../src/core/incident/state.js';
import { partialState, type StateReads } from '../../../src/core/incident/state-reads.js';
import { CHECKPOINT_ENTRIES, FileStore } from '../../../src/io/log/file-store.js';
import { nodeFs, type FsSeam } from '../../../src/io/log/fs-seam.js';
import { parseState, readStateFile, STATE_FILE, STATE_FORMAT, stateJson } from '../../../src/io/log/state-file.js';
import { incidentLifecycle } from '../../../src/io/workspace/incidents.js';
import { ctx, makeWorkspace, openIncident } from './fixtures.js';

const note = (text: string) => ({ type: 'note' as const, data: { text } });
/** A drafted version of statement `s`, with its words. */
function drafted(version: number, text: string) {
  return {
    type: 'statement.drafted' as const,
    data: {
      statement: 's',
      version,
      file: `drafts/s.v${version}.md`,
      sha256: textSha256(text),
      text,
      facts: {},
      checks: [],
      source: 'template' as const,
    },
  };
}
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
  // Saved with every recording here (by default only every CHECKPOINT_ENTRIES entries: tested below).
  const store = new FileStore(ws, { checkpointEntries: 1 });
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

  test('read back, the state has null prototypes wherever the fold has them', async () => {
    const { id, store, dir } = await incidentWithNotes(2);
    const done = { type: 'action.completed' as const, data: { action: 'constructor', occurrence: 0 } };
    await store.appendEvents(id, ctx(), [drafted(1, 'Words.\n'), done]);
    await store.appendToState(id, ctx(), () => [fact('Hall')]);
    const protoless = (value: unknown, path = '$', out: string[] = []): string[] => {
      if (value === null || typeof value !== 'object') return out;
      if (Object.getPrototypeOf(value) === null) out.push(path);
      for (const [k, v] of Object.entries(value)) protoless(v, `${path}.${k}`, out);
      return out;
    };
    const expected = protoless(fold(await store.readAll(id), id));
    expect(expected).toEqual(expect.arrayContaining(['$.facts', '$.actions', '$.actions.constructor', '$.statements']));
    // Every map the fold makes without a prototype is one again (records may be too: harmless).
    expect(protoless(readStateFile(dir, id)!.state)).toEqual(expect.arrayContaining(expected));
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
    // A line that is neither an action's nor a statement's, after a good head, spoils the file.
    await store.appendEvents(id, ctx(), [{ type: 'action.completed', data: { action: 'brief', occurrence: 0 } }]);
    await store.appendToState(id, ctx(), () => [fact('y')]); // saved again (checkpoint 1)
    const good = readFileSync(file, 'utf8');
    expect(readStateFile(dir, id)?.state).toBeDefined(); // negative control: as written, it is read
    writeFileSync(file, good.replace('\nA\t', '\nX\t'));
    expect(readStateFile(dir, id)).toBeUndefined();
    let seen: IncidentState | undefined;
    await store.appendToState(id, ctx(), (s) => ((seen = s), []));
    expect(seen).toEqual(fold(await store.readAll(id), id));
  });

  test('the state is saved again once the log has run CHECKPOINT_ENTRIES past it, and decided on whole before', async () => {
    const { ws, id, dir } = await incidentWithNotes(3);
    const store = new FileStore(ws); // the default checkpoint
    await store.appendToState(id, ctx(), () => [fact('one')]);
    expect(readStateFile(dir, id)).toBeUndefined(); // 5 entries: folding them is cheaper than saving
    await store.appendEvents(
      id,
      ctx(),
      Array.from({ length: CHECKPOINT_ENTRIES }, (_, k) => note(`m${k}`)),
    );
    let seen: IncidentState | undefined;
    await store.appendToState(id, ctx(), (s) => ((seen = s), [fact('two')]));
    const entries = await store.readAll(id);
    expect(seen).toEqual(fold(entries.slice(0, -1), id));
    const saved = readStateFile(dir, id)!;
    expect(saved.mark.seq).toBe(entries.at(-2)!.seq); // saved after the fold, before the append
    // Behind by one entry: the next command folds it and does not save (negative control: the
    // mark stays where it was), yet decides on the whole fold.
    await store.appendToState(id, ctx(), (s) => ((seen = s), [fact('three')]));
    expect(seen!.facts.location).toBe('two');
    expect(readStateFile(dir, id)!.mark.seq).toBe(entries.at(-2)!.seq);
  });

  test('what a state holds is pinned to the format number (change STATE_FORMAT with it)', () => {
    const recorded = { ...drafted(1, 'words'), seq: 0, at: '2026-11-26T08:00:00.000Z', actor: ctx().actor };
    const folded = foldInto(initialState('x'), recorded as RecordedEvent);
    const versionKeys = Object.keys(folded.statements.s!.versions[0]!);
    expect({
      format: STATE_FORMAT,
      keys: Object.keys(initialState('x')).sort(),
      versionKeys: versionKeys.sort(),
    }).toEqual({
      format: 7,
      // A version's words are not in the state (src/core/statements/texts.ts): nor is any history
      // that grows with the log.
      versionKeys: ['checks', 'drafted_at', 'drafted_by', 'facts', 'file', 'seq', 'sha256', 'source', 'version'],
      keys: [
        'actions',
        'declared_at',
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

describe('the state read in parts', () => {
  const completed = (action: string, occurrence = 0) => ({
    type: 'action.completed' as const,
    data: { action, occurrence },
  });
  const oneAction: StateReads = { actions: new Set(['brief']), statements: false };

  test('a command about one action gets its records and the head, not the other actions or the statements', async () => {
    const { ws, id, store: saving } = await incidentWithNotes(2);
    await saving.appendEvents(id, ctx(), [completed('brief'), completed('notify'), drafted(1, 'Words.\n')]);
    await saving.appendToState(id, ctx(), () => [fact('Hall')]); // saves the state (checkpoint 1)
    const store = new FileStore(ws); // the default checkpoint: the entries below are folded, not saved
    await store.appendEvents(id, ctx(), [completed('brief', 1), completed('notify', 1)]); // after the mark
    let seen: IncidentState | undefined;
    await store.appendToState(id, ctx(), (state) => ((seen = state), [fact('Annex')]), oneAction);
    const whole = fold((await store.readAll(id)).slice(0, -1), id);
    expect(Object.keys(seen!.actions)).toEqual(['brief']);
    expect(seen!.actions.brief).toEqual(whole.actions.brief); // the saved records and those after the mark
    expect(Object.keys(seen!.statements)).toEqual([]);
    expect(seen).toEqual(partialState(whole, oneAction));
    // Asked for the whole state, it gets it (negative control: the parts above were really left out).
    await store.appendToState(id, ctx(), (state) => ((seen = state), []));
    expect(seen).toEqual(fold(await store.readAll(id), id));
    expect(partialState(seen!, oneAction).actions.notify).toBeUndefined();
  });

  test('read in parts, the state is still saved whole once the log has run CHECKPOINT_ENTRIES past it', async () => {
    const { ws, id, dir } = await incidentWithNotes(3);
    const store = new FileStore(ws); // the default checkpoint
    await store.appendEvents(id, ctx(), [completed('notify'), drafted(1, 'Words.\n')]);
    await store.appendEvents(
      id,
      ctx(),
      Array.from({ length: CHECKPOINT_ENTRIES }, (_, k) => note(`m${k}`)),
    );
    await store.appendToState(id, ctx(), () => [fact('one')]); // folds the whole log, saves it before `one`
    const mark = readStateFile(dir, id)!.mark.seq;
    await store.appendEvents(
      id,
      ctx(),
      Array.from({ length: CHECKPOINT_ENTRIES - 2 }, (_, k) => note(`p${k}`)),
    );
    // CHECKPOINT_ENTRIES - 1 entries past the mark: read in part; with its own, far enough to save.
    let seen: IncidentState | undefined;
    await store.appendToState(id, ctx(), (state) => ((seen = state), [completed('brief')]), oneAction);
    expect(seen!.actions.notify).toBeUndefined();
    const saved = readStateFile(dir, id)!;
    expect(saved.mark.seq).toBeGreaterThan(mark);
    const entries = await store.readAll(id);
    expect(saved.mark.seq).toBe(entries.at(-1)!.seq);
    expect(saved.state).toEqual(fold(entries, id)); // whole: notify and the statement too
    expect((await store.verifyWithState(id)).savedState).toBe('ok');
  });
});

describe('what approvals and releases repeat of their version, in the kept state', () => {
  const at = '2026-11-26T08:00:00.000Z';
  const recorded = (seq: number, e: { type: string; data: unknown }) =>
    ({ ...e, seq, at, actor: ctx().actor }) as unknown as RecordedEvent;
  const version = (n: number, facts: Record<string, string>) => {
    const d = drafted(n, `words ${n}`);
    return { ...d, data: { ...d.data, facts } };
  };
  const released = (n: number, facts: Record<string, string>) => ({
    type: 'statement.released',
    data: { statement: 's', version: n, sha256: textSha256(`words ${n}`), channels: ['web'], facts },
  });

  test("is written once, as the version's, and read back as it was folded", () => {
    const events = [
      version(1, { location: 'Forsyth' }),
      {
        type: 'statement.approved',
        data: { statement: 's', version: 1, sha256: textSha256('words 1'), warnings: [] },
      },
      released(1, { location: 'Forsyth' }),
      version(2, { location: 'Hanley' }),
      // Not its version's facts (an entry cic never writes, but a log may hold): kept as they are.
      released(2, { location: 'elsewhere' }),
    ];
    const state = events.reduce((s, e, seq) => foldInto(s, recorded(seq, e)), initialState('x'));
    const text = stateJson(state);
    expect(text.match(/"facts":0/g)).toHaveLength(1);
    expect(text.match(/"sha256":0/g)).toHaveLength(3); // the approval's and both releases'
    expect(text).toContain('"facts":{"location":"elsewhere"}');
    const back = parseState(text);
    expect(back.statements.s!.releases.map((r) => r.facts)).toEqual([
      { location: 'Forsyth' },
      { location: 'elsewhere' },
    ]);
    // The same JSON again, key order included: `cic verify` compares the saved text with the fold's.
    expect(stateJson(back)).toBe(text);
    expect(JSON.stringify(back)).toBe(JSON.stringify(state));
  });
});

describe('open or closed', () => {
  const closing = { type: 'incident.closed' as const, data: { forced: true, left_open: [], reason: 'done' } };

  test('from the saved mark and the entries after it; a mark the log no longer has is not trusted', async () => {
    const { ws, id, store, dir } = await incidentWithNotes(3);
    expect(incidentLifecycle(ws, id)).toBe('open'); // no state saved yet: the whole log is searched …
    expect(readStateFile(dir, id, { markOnly: true })?.mark.status).toBe('open'); // … and the status saved
    await store.appendEvents(id, ctx(), [closing]);
    expect(incidentLifecycle(ws, id)).toBe('closed'); // written after the mark
    await store.appendToState(id, ctx(), () => [note('after closing') as never]);
    expect(readStateFile(dir, id, { markOnly: true })?.mark.status).toBe('closed');
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

describe('statement words read from the log by seq (the state holds only their digests)', () => {
  /** An incident with three versions of statement `s`: at the start, amid 3,000 notes, and at the end. */
  async function withVersions() {
    const { ws, id, store, dir } = await incidentWithNotes(0);
    const words = ['First words.\n', `Second words, “quoted”, ${'long '.repeat(2000)}\n`, 'Third words.\n'];
    await store.appendEvents(id, ctx(), [drafted(1, words[0]!)]);
    for (let k = 0; k < 3_000; k += 500)
      await store.appendEvents(
        id,
        ctx(),
        Array.from({ length: 500 }, (_, j) => note(`n${k + j}`)),
      );
    await store.appendEvents(id, ctx(), [drafted(2, words[1]!)]);
    await store.appendEvents(
      id,
      ctx(),
      Array.from({ length: 777 }, (_, j) => note(`m${j}`)),
    );
    await store.appendEvents(id, ctx(), [drafted(3, words[2]!)]);
    let state: IncidentState | undefined;
    await store.appendToState(id, ctx(), (s) => ((state = s), [fact('x')]));
    const versions = state!.statements.s!.versions;
    return { ws, id, store, dir, words, versions };
  }

  test('each version’s words, found by its seq, are the words logged; the log is not read whole', async () => {
    const { ws, id, dir, words, versions } = await withVersions();
    expect(versions.map((v) => v.version)).toEqual([1, 2, 3]);
    expect(Object.keys(versions[0]!)).not.toContain('text');
    const seam = countingSeam();
    const texts = await new FileStore(ws, { seam }).statementTexts(id, versions);
    expect(versions.map((v) => texts.get(v.seq))).toEqual(words);
    const logBytes = readFileSync(join(dir, 'log.jsonl')).length;
    expect(seam.bytesRead).toBeLessThan(logBytes / 3);
    // The same words as the entries themselves hold (what every reader folds from).
    const logged = (await new FileStore(ws).readAll(id)).filter((e) => e.type === 'statement.drafted');
    expect(logged.map((e) => (e.data as { text: string }).text)).toEqual(words);
  });

  test('a changed line at that seq is caught and its words not served (negative control)', async () => {
    const { ws, id, store, dir, versions } = await withVersions();
    const file = join(dir, 'log.jsonl');
    const original = readFileSync(file, 'utf8');
    const lines = original.split('\n');
    const v2 = versions[1]!;
    expect(lines[v2.seq]).toContain('"type":"statement.drafted"');
    // Changed in place: the line's own hash no longer matches.
    writeFileSync(file, original.replace('Second words', 'Other words!'));
    await expect(store.statementTexts(id, [v2])).rejects.toThrow(/damaged at byte \d+: hash does not match/);
    // Sealed anew (its own hash right, as a forger would make it): its words are not the version's.
    const check = await entryValidator();
    const before = JSON.parse(lines[v2.seq]!) as LogEntry;
    const forged = sealEntry(
      draftEntry(
        id,
        v2.seq,
        before.prev,
        { actor: before.actor, at: new Date(before.at), simulated: false },
        {
          ...drafted(2, 'Forged words.\n'),
          data: { ...drafted(2, 'Forged words.\n').data, sha256: v2.sha256 },
        },
      ),
      check,
    );
    writeFileSync(file, [...lines.slice(0, v2.seq), forged.line, ...lines.slice(v2.seq + 1)].join('\n'));
    await expect(store.statementTexts(id, [v2])).rejects.toThrow(/does not hold the words of drafts\/s\.v2\.md/);
    // The other versions' lines are untouched and still served; the original file serves v2 again.
    expect((await store.statementTexts(id, [versions[2]!])).get(versions[2]!.seq)).toBe('Third words.\n');
    writeFileSync(file, original);
    expect((await store.statementTexts(id, [v2])).get(v2.seq)).toContain('Second words');
  });

  test('a seq the log does not have is IntegrityError, not some other entry’s words', async () => {
    const { id, store, versions } = await withVersions();
    await expect(store.statementTexts(id, [{ ...versions[0]!, seq: 99_999 }])).rejects.toThrow(/has no entry #99999/);
    // A seq the log has, of another entry: not a drafted entry of that version.
    await expect(store.statementTexts(id, [{ ...versions[0]!, seq: 5 }])).rejects.toThrow(/does not hold the words/);
  });
});
