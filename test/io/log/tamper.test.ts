/**
 * Tampering: every change to a log is found at the entry where it was made, or — where a bare hash
 * chain cannot see it (truncation; a chain recomputed from the changed entry on) — the test says
 * so, and shows that a recorded anchor digest does catch it.
 */
import { beforeAll, describe, expect, test } from '@jest/globals';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { draftEntry, sealEntry } from '../../../src/core/log/entry.js';
import { entryValidator, type EntryCheck } from '../../../src/io/log/entry-schema.js';
import { FileStore } from '../../../src/io/log/file-store.js';
import type { Head, LogEntry } from '../../../src/core/log/envelope.js';
import { genesisOf, verifyLog } from '../../../src/core/log/verify.js';
import { ctx, makeWorkspace, openIncident } from './fixtures.js';
import type { IncidentId } from '../../../src/core/ids.js';

let bytes: Buffer;
let lines: string[];
let entries: LogEntry[];
let incident: IncidentId;
let playbookSha256: string;
let check: EntryCheck;

beforeAll(async () => {
  const ws = await makeWorkspace();
  const store = new FileStore(ws);
  incident = await openIncident(ws, 'Tamper test', store);
  await store.appendEvents(incident, ctx(new Date('2026-11-26T08:05:00.000Z')), [
    { type: 'note', data: { text: 'Called the Mayor — left a message' } },
  ]);
  await store.appendEvents(incident, ctx(new Date('2026-11-26T08:06:00.000Z'), true), [
    { type: 'fact.recorded', data: { fact: 'injuries', value: true }, stated_at: '2026-11-26T07:50:00.000Z' },
  ]);
  await store.appendEvents(incident, ctx(new Date('2026-11-26T08:07:00.000Z')), [
    { type: 'action.completed', data: { action: 'notify-mayor', occurrence: 0 } },
  ]);
  const dir = join(ws.incidentsDir, incident);
  bytes = readFileSync(join(dir, 'log.jsonl'));
  playbookSha256 = createHash('sha256')
    .update(readFileSync(join(dir, 'playbook.yaml')))
    .digest('hex');
  lines = bytes.toString('utf8').split('\n').slice(0, -1);
  entries = lines.map((l) => JSON.parse(l) as LogEntry);
  check = await entryValidator();
});

const verify = (input: Buffer | string | string[], anchor?: Head) =>
  verifyLog(input, { incident, playbookSha256, ...(anchor ? { anchor } : {}) });
const text = (ls: string[]) => ls.map((l) => `${l}\n`).join('');
const headOf = (k: number): Head => ({ seq: k, hash: entries[k]!.hash });

/** Re-seal entries from `from` on, as a forger who recomputes the chain would. */
function recompute(
  es: Omit<LogEntry, 'hash' | 'prev'>[],
  from: number,
  prev = entries[from - 1]?.hash ?? genesisOf(incident, playbookSha256),
): string[] {
  const out = lines.slice(0, from);
  for (let k = from; k < es.length; k++) {
    const { hash: _old, ...e } = es[k] as LogEntry;
    const sealed = sealEntry({ ...e, seq: k, prev }, check);
    out.push(sealed.line);
    prev = sealed.entry.hash;
  }
  return out;
}

describe('tampering with a log', () => {
  test('negative control: the untouched log verifies, so "detected" below means something', () => {
    const r = verify(bytes);
    expect(r).toMatchObject({ ok: true, entries: lines.length, first_bad_seq: null, problem: null });
    expect(r.head).toEqual(headOf(lines.length - 1));
    expect(r.simulated).toBe(1);
  });

  test('flipping any single bit of the log is detected at the entry that holds it', () => {
    // The line of each byte: a newline belongs to the line it ends.
    const lineOf: number[] = [];
    let k = 0;
    for (const b of bytes) {
      lineOf.push(k);
      if (b === 10) k++;
    }
    let flips = 0;
    const missed: string[] = [];
    for (let offset = 0; offset < bytes.length; offset++) {
      for (let bit = 0; bit < 8; bit++) {
        const copy = Buffer.from(bytes);
        copy[offset]! ^= 1 << bit;
        const r = verify(copy);
        flips++;
        if (r.ok || r.first_bad_seq !== lineOf[offset])
          missed.push(`offset ${offset} bit ${bit}: ${r.ok ? 'ok' : `seq ${r.first_bad_seq}`}`);
      }
    }
    expect(flips).toBeGreaterThanOrEqual(2000);
    expect(missed).toEqual([]);
  });

  test('editing a field is detected at that entry', () => {
    const edited = [...lines];
    edited[2] = edited[2]!.replace('left a message', 'spoke to her');
    expect(verify(text(edited))).toMatchObject({
      ok: false,
      first_bad_seq: 2,
      problem: expect.stringContaining('hash does not match'),
    });
  });

  test('deleting an entry is detected where it was', () => {
    const r = verify(text(lines.filter((_, k) => k !== 1)));
    expect(r).toMatchObject({
      ok: false,
      first_bad_seq: 1,
      problem: expect.stringContaining('seq is 2 where 1 was expected'),
    });
  });

  test('inserting an entry (validly sealed for its place) is detected after it', () => {
    const forged = sealEntry(
      draftEntry(incident, 2, entries[1]!.hash, ctx(), { type: 'note', data: { text: 'inserted later' } }),
      check,
    ).line;
    const r = verify(text([...lines.slice(0, 2), forged, ...lines.slice(2)]));
    expect(r).toMatchObject({ ok: false, first_bad_seq: 3 });
  });

  test('duplicating an entry is detected at the copy', () => {
    const r = verify(text([...lines.slice(0, 3), lines[2]!, ...lines.slice(3)]));
    expect(r).toMatchObject({
      ok: false,
      first_bad_seq: 3,
      problem: expect.stringContaining('seq is 2 where 3 was expected'),
    });
  });

  test('swapping two entries is detected at the first of them', () => {
    const swapped = [...lines];
    [swapped[2], swapped[3]] = [swapped[3]!, swapped[2]!];
    expect(verify(text(swapped))).toMatchObject({ ok: false, first_bad_seq: 2 });
  });

  test('re-ordering the keys of an entry is detected (not canonical)', () => {
    const e = entries[2]!;
    const reordered = [...lines];
    reordered[2] = JSON.stringify({
      v: e.v,
      seq: e.seq,
      incident: e.incident,
      at: e.at,
      actor: e.actor,
      type: e.type,
      data: e.data,
      prev: e.prev,
      hash: e.hash,
    });
    expect(JSON.parse(reordered[2])).toEqual(e); // the same data, only the order differs
    expect(verify(text(reordered))).toMatchObject({
      ok: false,
      first_bad_seq: 2,
      problem: expect.stringContaining('not canonical'),
    });
  });

  test.each([
    ['a repeated field', (l: string) => l.replace(/,"v":1}$/, ',"v":1,"v":1}'), /not canonical/],
    ['an unknown field', (l: string) => l.replace(/,"v":1}$/, ',"v":1,"w":1}'), /unknown field "w"/],
    ['a missing field', (l: string) => l.replace(/,"type":"[^"]*"/, ''), /type is missing/],
  ])('%s is detected', (_what, mutate, message) => {
    const changed = [...lines];
    changed[1] = mutate(changed[1]!);
    expect(changed[1]).not.toBe(lines[1]);
    const r = verify(text(changed));
    expect(r).toMatchObject({ ok: false, first_bad_seq: 1 });
    expect(r.problem).toMatch(message);
  });

  test.each([
    ['a space after a colon', (l: string) => l.replace('":', '": ')],
    ['a trailing space', (l: string) => `${l} `],
    ['a carriage return (CRLF line end)', (l: string) => `${l}\r`],
    ['indentation', (l: string) => JSON.stringify(JSON.parse(l), null, 1).replace(/\n/g, '')],
  ])('adding whitespace (%s) is detected', (_what, mutate) => {
    const spaced = [...lines];
    spaced[1] = mutate(spaced[1]!);
    expect(verify(text(spaced))).toMatchObject({
      ok: false,
      first_bad_seq: 1,
      problem: expect.stringContaining('not canonical'),
    });
  });

  test('changing an entry and recomputing the rest of the chain: a bare chain cannot tell; an anchor does', () => {
    const changed = entries.map((e) => ({ ...e })) as LogEntry[];
    (changed[2] as LogEntry<'note'>).data = { text: 'Called the Mayor — she agreed' };
    const forged = recompute(changed, 2);
    // What a hash chain alone cannot detect: the forgery is a valid chain.
    expect(verify(text(forged))).toMatchObject({ ok: true });
    // A digest recorded earlier at or after the change catches it; one before it still holds.
    const caught = verify(text(forged), headOf(lines.length - 1));
    expect(caught).toMatchObject({
      ok: false,
      first_bad_seq: lines.length - 1,
      problem: expect.stringContaining('differs from the anchor'),
    });
    expect(verify(text(forged), headOf(2))).toMatchObject({ ok: false, first_bad_seq: 2 });
    expect(verify(text(forged), headOf(1))).toMatchObject({ ok: true, anchor: { seq: 1, ok: true } });
  });

  test('rewriting the whole chain: caught by the genesis value when the frozen playbook differs, else only by an anchor', () => {
    const otherPlaybook = recompute(entries, 0, genesisOf(incident, 'f'.repeat(64)));
    expect(verify(text(otherPlaybook))).toMatchObject({
      ok: false,
      first_bad_seq: 0,
      problem: expect.stringContaining('genesis'),
    });

    const samePlaybook = entries.map((e) => ({ ...e, at: e.at.replace('08:', '09:') })) as LogEntry[];
    const rewritten = recompute(samePlaybook, 0);
    expect(verify(text(rewritten))).toMatchObject({ ok: true }); // a bare chain cannot tell
    expect(verify(text(rewritten), headOf(1))).toMatchObject({ ok: false, first_bad_seq: 1 });
  });

  test("another incident's log is not this incident's", () => {
    expect(verifyLog(bytes, { incident: '2026-0999', playbookSha256 })).toMatchObject({ ok: false, first_bad_seq: 0 });
  });

  test('truncation: a bare chain cannot tell; an anchor recorded before it does', () => {
    const cut = text(lines.slice(0, 3));
    expect(verify(cut)).toMatchObject({ ok: true, entries: 3 }); // what a hash chain alone cannot detect
    const r = verify(cut, headOf(4));
    expect(r).toMatchObject({
      ok: false,
      first_bad_seq: 3,
      anchor: { seq: 4, ok: false },
      problem: expect.stringContaining('truncated'),
    });
    expect(verify(cut, headOf(2))).toMatchObject({ ok: true });
  });

  test('a torn tail is named as such, not as tampering; garbage before the last line is damage', () => {
    const torn = verify(text(lines) + lines[4]!.slice(0, 40));
    expect(torn).toMatchObject({ ok: false, first_bad_seq: 5, torn_tail: { offset: bytes.length, length: 40 } });
    expect(torn.problem).toMatch(/^torn tail/);
    const zeros = verify(Buffer.concat([bytes, Buffer.alloc(30)]));
    expect(zeros.torn_tail).toBeDefined();
    const middle = [...lines];
    middle[2] = '\u0000'.repeat(20);
    const damaged = verify(text(middle));
    expect(damaged).toMatchObject({ ok: false, first_bad_seq: 2 });
    expect(damaged.torn_tail).toBeUndefined();
    // A well-formed last entry that does not verify is tampering, not a crash.
    const lastEdited = [...lines];
    lastEdited[4] = lastEdited[4]!.replace('notify-mayor', 'notify-board');
    expect(verify(text(lastEdited)).torn_tail).toBeUndefined();
  });
});
