/**
 * Eight writers at once on the PostgreSQL store, from separate processes: 8 × 100 `cic note` on
 * one incident give exactly 800 new entries, contiguous, on a chain that verifies. With the
 * database's serialisation switched off (a test-only setting only the database owner can make,
 * and the unique (incident, seq) dropped), the same harness reports the forks that follow.
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LogEntry } from '../../src/core/log/envelope.js';
import { verifyLog } from '../../src/core/log/verify.js';
import { runCic } from '../helpers/run-cic.js';
import { describePg, pgServer, type PgServer } from '../helpers/pg-server.js';

const ENV = { CIC_ROLE: 'city-manager', CIC_NAME: 'Marcus Reed' };

describePg('eight writers at once on PostgreSQL', () => {
  let server: PgServer;
  let tmp: string;

  beforeAll(async () => {
    server = await pgServer();
    tmp = mkdtempSync(join(tmpdir(), 'cic-pg-writers-'));
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
    rmSync(tmp, { recursive: true, force: true });
  });

  async function workspace(name: string): Promise<{ ws: string; db: string }> {
    const db = await server.createDatabase();
    const ws = join(tmp, name);
    expect((await runCic(['init', ws, '--store', server.url(db)])).code).toBe(0);
    const open = await runCic(['open', '--title', 'Writers', '--tier', 'tier-3'], { cwd: ws, env: ENV });
    expect(open.stderr).toBe('');
    return { ws, db };
  }

  /** The harness's checker: reads the rows itself, independently of the store. */
  async function check(db: string) {
    const rows = await server.sql<{ line: string; sha: string }>(
      db,
      `SELECT e.line, i.playbook_sha256 AS sha FROM cic.entries e JOIN cic.incidents i ON i.id = e.incident
        ORDER BY e.seq, e.written_at`,
    );
    const entries = rows.map((r) => JSON.parse(r.line) as LogEntry);
    const count = (xs: (string | number)[]) =>
      xs.reduce((m, x) => m.set(x, (m.get(x) ?? 0) + 1), new Map<string | number, number>());
    return {
      entries: entries.length,
      contiguous: entries.every((e, k) => e.seq === k),
      verifies: verifyLog(
        rows.map((r) => r.line),
        { incident: '2026-0001', playbookSha256: rows[0]!.sha },
      ).ok,
      duplicateSeqs: [...count(entries.map((e) => e.seq))].filter(([, n]) => n > 1).length,
      forks: [...count(entries.map((e) => e.prev)).values()].filter((n) => n > 1).length,
      texts: entries.filter((e) => e.type === 'note').map((e) => (e as LogEntry<'note'>).data.text),
    };
  }

  async function hammer(ws: string, procs: number, each: number, env: Record<string, string> = {}) {
    const failures: string[] = [];
    await Promise.all(
      Array.from({ length: procs }, async (_, p) => {
        for (let n = 0; n < each; n++) {
          const r = await runCic(['note', `p${p}-n${n}`], { cwd: ws, env: { ...ENV, ...env } });
          if (r.code !== 0) failures.push(`p${p}-n${n}: exit ${r.code}: ${r.stderr.trim()}`);
        }
      }),
    );
    return failures;
  }

  test('8 processes × 100 cic note: exactly 800 new entries, contiguous, and the chain verifies', async () => {
    const { ws, db } = await workspace('safe');
    const before = (await check(db)).entries;
    const failures = await hammer(ws, 8, 100, { NODE_ENV: 'test', CIC_TEST_APPEND_DELAY_MS: '3' });
    expect(failures).toEqual([]);
    const after = await check(db);
    expect(after.entries - before).toBe(800);
    expect(after).toMatchObject({ contiguous: true, verifies: true, duplicateSeqs: 0, forks: 0 });
    const expected = Array.from({ length: 8 }, (_, p) => Array.from({ length: 100 }, (_, n) => `p${p}-n${n}`))
      .flat()
      .sort();
    expect([...after.texts].sort()).toEqual(expected);
    expect((await runCic(['verify'], { cwd: ws })).code).toBe(0);
  }, 900_000);

  test('negative control: with the head check and the unique seq switched off, the harness reports forks', async () => {
    const { ws, db } = await workspace('unsafe');
    await server.sql(db, "INSERT INTO cic.settings VALUES ('test_unsafe_no_head_check', 'on')");
    await server.sql(db, 'ALTER TABLE cic.entries DROP CONSTRAINT entries_pkey');
    await hammer(ws, 8, 10, { NODE_ENV: 'test', CIC_TEST_APPEND_DELAY_MS: '50' });
    const after = await check(db);
    expect(after.duplicateSeqs + after.forks).toBeGreaterThan(0);
    expect(after.verifies).toBe(false);
    expect((await runCic(['verify'], { cwd: ws })).code).toBe(3);
  }, 300_000);

  test('a city login cannot turn the test switch on', async () => {
    const { db } = await workspace('switch');
    const pio = await server.createLogin('pio');
    await expect(
      server.sql(db, "INSERT INTO cic.settings VALUES ('test_unsafe_no_head_check', 'on')", [], pio),
    ).rejects.toThrow(/permission denied/);
  });
});
