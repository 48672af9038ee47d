/**
 * `readAll` on a long log verifies the chain on a second thread while this one parses the same
 * bytes (FileStore, background-verify.ts). Whichever way it reads, the answer must be the serial
 * read's: the same entries, the same refusal of damage, of a torn tail and of an unknown type.
 * Each case runs both ways (`parallelReadBytes: 0` forces the parallel way for a short log), from
 * the sources (the chain verified on this thread) and from the build (on a real second thread).
 */
import { beforeAll, describe, expect, test } from '@jest/globals';
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { draftEntry, sealEntry } from '../../../src/core/log/entry.js';
import { FileStore } from '../../../src/io/log/file-store.js';
import { ctx, makeWorkspace, openIncident } from './fixtures.js';
import type { IncidentId } from '../../../src/core/ids.js';

type Store = Pick<FileStore, 'readAll' | 'head'>;
type StoreClass = new (ws: { root: string; incidentsDir: string }, options?: { parallelReadBytes?: number }) => Store;
let Built: StoreClass;

beforeAll(async () => {
  Built = (
    (await import(new URL('../../../dist/io/log/file-store.js', import.meta.url).href)) as { FileStore: StoreClass }
  ).FileStore;
});

async function incident(notes = 6) {
  const ws = await makeWorkspace();
  const store = new FileStore(ws);
  const id = await openIncident(ws, 'Parallel read', store);
  for (let i = 0; i < notes; i++) {
    await store.appendEvents(id, ctx(new Date(Date.UTC(2026, 10, 26, 8, i))), [
      { type: 'note', data: { text: `Call ${i} — “returned”` } },
    ]);
  }
  return { ws, id, log: join(ws.incidentsDir, id, 'log.jsonl') };
}

/** A forger who can compute hashes appends an entry of a type cic does not know (the schema bypassed). */
async function appendUnknownType(
  ws: { root: string; incidentsDir: string },
  id: IncidentId,
  log: string,
): Promise<void> {
  const head = await new FileStore(ws).head(id);
  const body = draftEntry(id, head.seq + 1, head.hash, ctx(), { type: 'payment.sent', data: {} } as never);
  appendFileSync(log, `${sealEntry(body, () => undefined).line}\n`);
}

/** What readAll gives or throws, as comparable data. */
async function outcome(store: Store, id: IncidentId): Promise<unknown> {
  try {
    return { entries: await store.readAll(id) };
  } catch (err) {
    return { error: `${(err as Error).constructor.name}: ${(err as Error).message}` };
  }
}

/** The outcome read serially, and in parallel from the sources and from the build. */
async function threeWays(ws: { root: string; incidentsDir: string }, id: IncidentId) {
  return {
    serial: await outcome(new FileStore(ws, { parallelReadBytes: Infinity }), id),
    sources: await outcome(new FileStore(ws, { parallelReadBytes: 0 }), id),
    built: await outcome(new Built(ws, { parallelReadBytes: 0 }), id),
  };
}

describe('reading a long log on two threads', () => {
  test('a log that verifies: the same entries every way', async () => {
    const { ws, id } = await incident();
    const r = await threeWays(ws, id);
    expect((r.serial as { entries: unknown[] }).entries).toHaveLength(8); // opened, classified and six notes
    expect(r.sources).toEqual(r.serial);
    expect(r.built).toEqual(r.serial);
  });

  test('a changed byte: refused alike, naming the entry', async () => {
    const { ws, id, log } = await incident();
    writeFileSync(log, readFileSync(log, 'utf8').replace('Call 3', 'Call 8'));
    const r = await threeWays(ws, id);
    expect(r.serial).toEqual({
      error: expect.stringMatching(/^IntegrityError: the log of incident .* does not verify: entry #5/),
    });
    expect(r.sources).toEqual(r.serial);
    expect(r.built).toEqual(r.serial);
  });

  test('a torn tail: refused alike', async () => {
    const { ws, id, log } = await incident();
    appendFileSync(log, '{"actor":{"na');
    const r = await threeWays(ws, id);
    expect(r.serial).toEqual({ error: expect.stringMatching(/^IntegrityError: .*does not verify/) });
    expect(r.sources).toEqual(r.serial);
    expect(r.built).toEqual(r.serial);
  });

  test('an entry of a type cic does not know, on a valid chain: refused alike', async () => {
    const { ws, id, log } = await incident();
    await appendUnknownType(ws, id, log);
    const r = await threeWays(ws, id);
    expect(r.serial).toEqual({
      error: expect.stringMatching(/^IntegrityError: entry #8 .* has a type cic does not know \("payment.sent"\)/),
    });
    expect(r.sources).toEqual(r.serial);
    expect(r.built).toEqual(r.serial);
  });

  test('damage before an unknown type is what is reported, as the serial read does', async () => {
    const { ws, id, log } = await incident();
    await appendUnknownType(ws, id, log);
    writeFileSync(log, readFileSync(log, 'utf8').replace('Call 2', 'Call 9'));
    const r = await threeWays(ws, id);
    expect(r.serial).toEqual({ error: expect.stringMatching(/does not verify: entry #4/) });
    expect(r.sources).toEqual(r.serial);
    expect(r.built).toEqual(r.serial);
  });

  test('negative control: the outcomes compared above do differ between these logs', async () => {
    const a = await incident();
    const b = await incident();
    writeFileSync(b.log, readFileSync(b.log, 'utf8').replace('Call 3', 'Call 8'));
    expect(await outcome(new FileStore(a.ws, { parallelReadBytes: 0 }), a.id)).not.toEqual(
      await outcome(new FileStore(b.ws, { parallelReadBytes: 0 }), b.id),
    );
  });
});
