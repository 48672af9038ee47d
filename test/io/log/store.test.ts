import { describe, expect, test } from '@jest/globals';
import {
  appendFileSync,
  readFileSync,
  symlinkSync,
  unlinkSync,
  utimesSync,
  writeFileSync,
  renameSync,
  mkdirSync,
} from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { BusyError, InputError, IntegrityError } from '../../../src/core/errors.js';
import { sealEntry, draftEntry } from '../../../src/core/log/entry.js';
import { entryValidator } from '../../../src/io/log/entry-schema.js';
import { FileStore } from '../../../src/io/log/file-store.js';
import { nodeFs, type FsSeam } from '../../../src/io/log/fs-seam.js';
import { formatHead } from '../../../src/core/log/verify.js';
import { ctx, makeWorkspace, openIncident, tempDir } from './fixtures.js';
import { parseIncidentId } from '../../../src/core/ids.js';

const note = (text: string) => ({ type: 'note' as const, data: { text } });

async function setup(title = 'Store test') {
  const ws = await makeWorkspace();
  const store = new FileStore(ws, { lockTimeoutMs: 300 });
  const id = await openIncident(ws, title, store);
  const dir = join(ws.incidentsDir, id);
  return { ws, store, id, dir, log: join(dir, 'log.jsonl'), lock: join(dir, 'log.jsonl.lock') };
}

/** A seam that counts the bytes read, to show which reads depend on the log's length. */
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

describe('the file store', () => {
  test('appends, reads back verified entries, and reports the head', async () => {
    const { store, id } = await setup();
    const [n] = await store.appendEvents(id, ctx(), [note('hello')]);
    expect(n).toMatchObject({ v: 1, incident: id, seq: 2, type: 'note', data: { text: 'hello' } });
    expect(n).not.toHaveProperty('clock');
    const all = await store.readAll(id);
    expect(all.map((e) => e.type)).toEqual(['incident.opened', 'incident.classified', 'note']);
    expect(all[2]).toEqual(n);
    expect(await store.head(id)).toEqual({ seq: 2, hash: n!.hash });
    const report = await store.verify(id);
    expect(report).toMatchObject({ ok: true, entries: 3 });
    expect(formatHead(report.head)).toBe(`2:${n!.hash}`);
  });

  test('several events in one append are one write, chained in order', async () => {
    const { store, id } = await setup();
    const written = await store.appendEvents(id, ctx(), [note('a'), note('b'), note('c')]);
    expect(written.map((e) => e.seq)).toEqual([2, 3, 4]);
    expect(written[1]!.prev).toBe(written[0]!.hash);
    expect((await store.verify(id)).ok).toBe(true);
  });

  test('entries written under the simulated clock carry the mark; others do not', async () => {
    const { store, id } = await setup();
    const [sim] = await store.appendEvents(id, ctx(new Date('2030-01-01T00:00:00Z'), true), [note('exercise')]);
    expect(sim).toMatchObject({ clock: 'simulated', at: '2030-01-01T00:00:00.000Z' });
    expect((await store.verify(id)).simulated).toBe(1);
  });

  test('stated_at is kept as given; `at` is the write time with milliseconds', async () => {
    const { store, id } = await setup();
    const [e] = await store.appendEvents(id, ctx(new Date('2026-11-26T08:40:00.123Z')), [
      { ...note('called at 02:14'), stated_at: '2026-11-26T08:14:00.000Z' },
    ]);
    expect(e).toMatchObject({ at: '2026-11-26T08:40:00.123Z', stated_at: '2026-11-26T08:14:00.000Z' });
  });

  test("each entry is validated against its type's schema before it is written", async () => {
    const { store, id, log } = await setup();
    const before = readFileSync(log);
    const bad: [unknown, RegExp][] = [
      [{ type: 'note', data: { text: '' } }, /\/data\/text/],
      [{ type: 'note', data: { text: 'x', extra: 1 } }, /additional/],
      [{ type: 'action.completed', data: { action: 'x', occurrence: -1 } }, /occurrence/],
      [{ type: 'no.such.type', data: {} }, /\/type/],
      [{ type: 'note', data: { text: 'x' }, stated_at: 'yesterday' }, /stated_at/],
      [{ type: 'note', data: { text: undefined } }, /undefined/],
      [{ type: 'fact.recorded', data: { fact: 'f', value: NaN } }, /NaN/],
    ];
    for (const [event, message] of bad) {
      await expect(store.appendEvents(id, ctx(), [event as never])).rejects.toThrow(message);
    }
    await expect(
      store.appendEvents(id, ctx(), [note('ok'), { type: 'note', data: {} } as never]),
    ).rejects.toBeInstanceOf(InputError);
    expect(readFileSync(log)).toEqual(before); // nothing at all was written, not even the valid one
  });

  test('an entry over the size limit is refused before the lock is taken', async () => {
    const { store, id, lock } = await setup();
    // A lock held by a live process (this one): anything that waits for it would end in BusyError.
    writeFileSync(lock, JSON.stringify({ pid: process.pid, host: hostname(), nonce: 'x', at: 'now' }));
    const error = await store.appendEvents(id, ctx(), [note('x'.repeat(270_000))]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect(String(error)).toMatch(/over the 262144-byte limit/);
    // Negative control: a normal entry does wait for that lock, and gives up busy.
    const busy = await store.appendEvents(id, ctx(), [note('x')]).catch((e: unknown) => e);
    expect(busy).toBeInstanceOf(BusyError);
    expect(String(busy)).toMatch(/busy.*Nothing was recorded/s);
    unlinkSync(lock);
  });

  test('a lock left by a process that is gone is reclaimed at once', async () => {
    const { store, id, lock } = await setup();
    writeFileSync(lock, JSON.stringify({ pid: 2 ** 22 + 12345, host: hostname(), nonce: 'dead', at: 'then' }));
    await store.appendEvents(id, ctx(), [note('after a crash')]);
    expect((await store.verify(id)).entries).toBe(3);
  });

  test('an unreadable lock is stale only once it is old (its writer died creating it)', async () => {
    const { store, id, lock } = await setup();
    writeFileSync(lock, '');
    await expect(store.appendEvents(id, ctx(), [note('x')])).rejects.toBeInstanceOf(BusyError);
    const old = new Date(Date.now() - 60_000);
    utimesSync(lock, old, old);
    await store.appendEvents(id, ctx(), [note('x')]);
  });

  test('a lock from another machine is respected until it is a minute old', async () => {
    const { store, id, lock } = await setup();
    writeFileSync(lock, JSON.stringify({ pid: 1, host: 'elsewhere.example', nonce: 'n', at: 'now' }));
    await expect(store.appendEvents(id, ctx(), [note('x')])).rejects.toBeInstanceOf(BusyError);
    const old = new Date(Date.now() - 120_000);
    utimesSync(lock, old, old);
    await store.appendEvents(id, ctx(), [note('x')]);
  });

  test('the fence: if the log changes while the lock is held (a stolen lock), nothing is written', async () => {
    const { ws, store, id } = await setup();
    const intruder = new FileStore(ws, { unsafeNoLock: true });
    const error = await store
      .append(id, ctx(), async () => {
        await intruder.appendEvents(id, ctx(), [note('written by a writer that ignored the lock')]);
        return [note('decided against the old state')];
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IntegrityError);
    expect(String(error)).toMatch(/changed while this command held its lock.*nothing was recorded/);
    const all = await store.readAll(id);
    expect(all.map((e) => (e.data as { text?: string }).text).filter(Boolean)).toEqual([
      'written by a writer that ignored the lock',
    ]);
  });

  test('append: decide sees the verified entries under the lock; no events, nothing written', async () => {
    const { store, id, log } = await setup();
    const seen: number[] = [];
    const none = await store.append(id, ctx(), (entries) => {
      seen.push(entries.length);
      return [];
    });
    expect(none).toEqual([]);
    const [e] = await store.append(id, ctx(), (entries) => [note(`after ${entries.length}`)]);
    expect(seen).toEqual([2]);
    expect(e).toMatchObject({ seq: 2, data: { text: 'after 2' } });
    appendFileSync(log, 'garbage\n'); // damage before a new line: decide is never called
    await expect(
      store.append(id, ctx(), () => {
        throw new Error('decide must not run');
      }),
    ).rejects.toBeInstanceOf(IntegrityError);
  });

  test('reading the head and appending read the same bounded tail for 10 and for 5,000 entries', async () => {
    const small = await setup('small');
    const large = await setup('large');
    await small.store.appendEvents(
      small.id,
      ctx(),
      Array.from({ length: 8 }, (_, k) => note(`n${k}`)),
    );
    for (let k = 0; k < 50; k++)
      await large.store.appendEvents(
        large.id,
        ctx(),
        Array.from({ length: 100 }, (_, j) => note(`n${k}-${j}`)),
      );
    const cost = async (s: typeof small) => {
      const seam = countingSeam();
      const store = new FileStore(s.ws, { seam });
      await store.head(s.id);
      const head = seam.bytesRead;
      await store.appendEvents(s.id, ctx(), [note('one more')]);
      return { head, append: seam.bytesRead - head };
    };
    const a = await cost(small);
    const b = await cost(large);
    expect(readFileSync(large.log).length).toBeGreaterThan(200 * readFileSync(small.log).length);
    // One 4 KiB read from the end, whatever the length (the small log is shorter than that).
    for (const c of [a, b]) {
      expect(c.head).toBeLessThanOrEqual(4096);
      expect(c.append).toBeLessThanOrEqual(4096);
    }
    expect(b.head).toBe(4096);
    // Negative control: a full read does grow with the log.
    const full = async (s: typeof small) => {
      const seam = countingSeam();
      await new FileStore(s.ws, { seam }).readAll(s.id);
      return seam.bytesRead;
    };
    expect((await full(large)) - (await full(small))).toBeGreaterThan(readFileSync(large.log).length * 0.9);
  });

  test('readAll refuses an entry of a type cic does not know, even on a valid chain', async () => {
    const { store, id, log } = await setup();
    const head = await store.head(id);
    // A forger who can compute hashes writes an entry of an unknown type (the schema bypassed).
    const body = draftEntry(id, head.seq + 1, head.hash, ctx(), { type: 'payment.sent', data: {} } as never);
    appendFileSync(log, `${sealEntry(body, () => undefined).line}\n`);
    expect((await store.verify(id)).ok).toBe(true); // the chain itself is fine
    await expect(store.readAll(id)).rejects.toThrow(/entry #2 .* has a type cic does not know \("payment.sent"\)/);
    // Negative control: the schema the writer uses refuses it too.
    const check = await entryValidator();
    expect(check({ ...body, hash: '0'.repeat(64) })).toMatch(/type/);
  });

  test('a missing log, a missing incident and a symlinked log are refused', async () => {
    const { store, id, log } = await setup();
    await expect(store.head(parseIncidentId('2026-0999'))).rejects.toThrow(/there is no incident 2026-0999/);
    renameSync(log, `${log}.moved`);
    await expect(store.appendEvents(id, ctx(), [note('x')])).rejects.toThrow(/log of incident .* is missing/);
    const outside = join(tempDir(), 'log.jsonl');
    writeFileSync(outside, '');
    symlinkSync(outside, log);
    await expect(store.appendEvents(id, ctx(), [note('x')])).rejects.toThrow(/symbolic link/);
    expect(readFileSync(outside, 'utf8')).toBe('');
  });

  test('an incident folder that is a symlink out of the workspace is refused', async () => {
    const { ws, store } = await setup();
    const elsewhere = tempDir();
    mkdirSync(join(elsewhere, 'x'));
    symlinkSync(join(elsewhere, 'x'), join(ws.incidentsDir, '2026-0042'));
    await expect(store.head(parseIncidentId('2026-0042'))).rejects.toThrow(/leads outside the workspace/);
  });
});
