/**
 * LogStore.readEach on the folder store: every verified entry once, in order, then the verify
 * report; damage and unknown types end the delivered prefix and are described, not thrown; a
 * torn tail seen without the lock (a write in progress) is read again under it from where the
 * verified entries end, so no entry is delivered twice.
 */
import { describe, expect, test } from '@jest/globals';
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FileStore } from '../../../src/io/log/file-store.js';
import { nodeFs, type FsSeam } from '../../../src/io/log/fs-seam.js';
import type { LogEntry } from '../../../src/core/log/envelope.js';
import type { IncidentId } from '../../../src/core/ids.js';
import { canonicalJson } from '../../../src/core/log/canonical.js';
import { entryHash } from '../../../src/core/log/entry.js';
import { ctx, makeWorkspace, openIncident } from './fixtures.js';

const note = (text: string) => ({ type: 'note' as const, data: { text } });

async function withNotes(n: number, seam?: FsSeam) {
  const ws = await makeWorkspace();
  const id = await openIncident(ws, 'readEach');
  await new FileStore(ws).appendEvents(
    id,
    ctx(),
    Array.from({ length: n }, (_, k) => note(`n${k}`)),
  );
  const log = join(ws.incidentsDir, id, 'log.jsonl');
  return { store: new FileStore(ws, seam ? { seam } : {}), id, log };
}

const seqs = async (store: FileStore, id: IncidentId) => {
  const seen: number[] = [];
  const report = await store.readEach(id, (e: LogEntry) => seen.push(e.seq));
  return { seen, report };
};

describe('readEach', () => {
  test('delivers every entry once, in order, and the report of the whole log', async () => {
    const { store, id } = await withNotes(5);
    const { seen, report } = await seqs(store, id);
    expect(seen).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(report).toMatchObject({ ok: true, entries: 7, first_bad_seq: null });
  });

  test('a write in progress seen without the lock is read on under the lock, each entry still once', async () => {
    // The first look at the log's size sees the last line half written; the look under the lock sees it whole.
    const logs = new Set<number>();
    let looks = 0;
    const seam: FsSeam = {
      ...nodeFs,
      open: (path, how, mode) => {
        const fd = nodeFs.open(path, how, mode);
        if (path.endsWith('log.jsonl')) logs.add(fd);
        return fd;
      },
      close: (fd) => (logs.delete(fd), nodeFs.close(fd)),
      size: (fd) => nodeFs.size(fd) - (logs.has(fd) && ++looks === 1 ? 20 : 0),
    };
    const { store, id } = await withNotes(5, seam);
    const { seen, report } = await seqs(store, id);
    expect(looks).toBeGreaterThan(1);
    expect(seen).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(report).toMatchObject({ ok: true, entries: 7 });
  });

  test('a torn tail that stays torn ends the prefix, described, not thrown (negative control)', async () => {
    const { store, id, log } = await withNotes(3);
    appendFileSync(log, '{"half an ent');
    const { seen, report } = await seqs(store, id);
    expect(seen).toEqual([0, 1, 2, 3, 4]);
    expect(report).toMatchObject({ ok: false, entries: 5, first_bad_seq: 5 });
    expect(report.torn_tail).toBeDefined();
  });

  test('an entry of a type cic does not know ends the prefix, and the report says so', async () => {
    const { store, id, log } = await withNotes(3);
    // Entry #3 as a newer cic might write it: a type this one does not know, chained and hashed.
    const entries = readFileSync(log, 'utf8')
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => JSON.parse(l) as LogEntry);
    let prev = entries[2]!.hash;
    const text = entries.map((e, i) => {
      if (i < 3) return `${canonicalJson(e)}\n`;
      const { hash: _old, ...body } = { ...e, prev, ...(i === 3 ? { type: 'note.shouted' } : {}) };
      prev = entryHash(body as Omit<LogEntry, 'hash'>);
      return `${canonicalJson({ ...body, hash: prev })}\n`;
    });
    writeFileSync(log, text.join(''));
    expect(await store.verify(id)).toMatchObject({ ok: true, entries: 5 }); // the chain holds
    const { seen, report } = await seqs(store, id);
    expect(seen).toEqual([0, 1, 2]);
    expect(report).toMatchObject({ ok: false, entries: 3, first_bad_seq: 3, head: { seq: 2, hash: entries[2]!.hash } });
    expect(report.problem).toMatch(/type this version of cic does not know \("note.shouted"\)/);
  });
});
