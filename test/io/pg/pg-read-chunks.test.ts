/**
 * The PostgreSQL store reads a log in chunks (src/io/pg/pg-store.ts, readEach): across chunk
 * boundaries every entry is delivered once, in order, and damage in a later chunk is reported at
 * its seq, as reading the whole log at once (`verify`) reports it.
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { runCic } from '../../helpers/run-cic.js';
import { describePg, type PgServer } from '../../helpers/pg-server.js';
import { pgWorkspace } from '../../helpers/pg-workspace.js';
import { PgStore } from '../../../src/io/pg/pg-store.js';
import type { IncidentId } from '../../../src/core/ids.js';

const ENV = { CIC_NOW: '2026-11-26T02:05:00-06:00', CIC_ROLE: 'police-chief', CIC_NAME: 'Lena Ortiz' };
const ENTRIES = 8192 * 2 + 500; // more than two chunks of 8192

describePg('reading a PostgreSQL log in chunks', () => {
  let server: PgServer;
  let tmp: string;
  let db: string;
  let store: PgStore;
  let incident: IncidentId;

  beforeAll(async () => {
    ({ server, tmp, db } = await pgWorkspace('cic-pgchunks-'));
    const ws = join(tmp, 'ws');
    expect((await runCic(['open', '--title', 'Stop on Forsyth', '--tier', 'tier-3'], { cwd: ws, env: ENV })).code).toBe(
      0,
    );
    store = new PgStore(server.url(db));
    [incident] = (await store.listIncidents()) as [IncidentId];
    const ctx = {
      actor: {
        role: 'police-chief',
        name: 'Lena Ortiz',
        user: `pg:${server.superuser}`,
        identity: 'unchecked' as const,
      },
      at: new Date('2026-11-26T08:06:00Z'),
      simulated: false,
    };
    for (let n = (await store.head(incident)).seq + 1; n < ENTRIES; n += 500) {
      const count = Math.min(500, ENTRIES - n);
      await store.appendEvents(
        incident,
        ctx,
        Array.from({ length: count }, (_, k) => ({ type: 'note' as const, data: { text: `note ${n + k}` } })),
      );
    }
  }, 300_000);
  afterAll(async () => {
    await store?.close();
    await server?.stop();
    rmSync(tmp, { recursive: true, force: true });
  });

  test('every entry once, in seq order, across chunk boundaries', async () => {
    const seqs: number[] = [];
    const report = await store.readEach(incident, (e) => seqs.push(e.seq));
    expect(report.ok).toBe(true);
    expect(report.entries).toBe(ENTRIES);
    expect(seqs).toEqual(Array.from({ length: ENTRIES }, (_, k) => k));
    expect(report.head).toEqual(await store.head(incident));
  }, 120_000);

  test('an entry changed in the third chunk is reported at its seq, with the entries before it delivered', async () => {
    const seq = 8192 * 2 + 7;
    await server.sql(db, 'ALTER TABLE cic.entries DISABLE TRIGGER no_rewrite');
    try {
      await server.sql(
        db,
        "UPDATE cic.entries SET line = replace(line, 'note ', 'NOTE ') WHERE incident = $1 AND seq = $2",
        [incident, seq],
      );
      let delivered = 0;
      const report = await store.readEach(incident, () => delivered++);
      expect(report.ok).toBe(false);
      expect(report.first_bad_seq).toBe(seq);
      expect(delivered).toBe(seq);
      expect((await store.verify(incident)).first_bad_seq).toBe(seq); // the whole log read at once agrees
    } finally {
      await server.sql(
        db,
        "UPDATE cic.entries SET line = replace(line, 'NOTE ', 'note ') WHERE incident = $1 AND seq = $2",
        [incident, seq],
      );
      await server.sql(db, 'ALTER TABLE cic.entries ENABLE ALWAYS TRIGGER no_rewrite');
    }
    expect((await store.readEach(incident, () => undefined)).ok).toBe(true);
  }, 120_000);
});
