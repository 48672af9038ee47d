/**
 * Concurrency through the real CLI: 8 processes × 100 `cic note` at once on one incident give
 * exactly 800 new entries, contiguous, on a chain that verifies. With the lock switched off (a
 * test-only switch) the same harness reports the forks that follow.
 */
import { describe, expect, test } from '@jest/globals';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LogEntry } from '../../../src/core/log/envelope.js';
import { verifyLog } from '../../../src/core/log/verify.js';
import { runCic } from '../../helpers/run-cic.js';
import { makeWorkspace, openIncident } from './fixtures.js';

interface Check {
  entries: number;
  contiguous: boolean;
  verifies: boolean;
  /** seq values held by more than one entry */
  duplicateSeqs: number[];
  /** entries that extend the same predecessor: a fork in the chain */
  forks: number;
  texts: string[];
}

/** The harness's checker: reads the log independently of the store. */
function checkLog(dir: string, incident: string): Check {
  const bytes = readFileSync(join(dir, 'log.jsonl'));
  const playbookSha256 = createHash('sha256')
    .update(readFileSync(join(dir, 'playbook.yaml')))
    .digest('hex');
  const entries = bytes
    .toString('utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as LogEntry);
  const count = (xs: (string | number)[]) =>
    xs.reduce((m, x) => m.set(x, (m.get(x) ?? 0) + 1), new Map<string | number, number>());
  const seqs = count(entries.map((e) => e.seq));
  const prevs = count(entries.map((e) => e.prev));
  return {
    entries: entries.length,
    contiguous: entries.every((e, k) => e.seq === k),
    verifies: verifyLog(bytes, { incident, playbookSha256 }).ok,
    duplicateSeqs: [...seqs].filter(([, n]) => n > 1).map(([s]) => s as number),
    forks: [...prevs.values()].filter((n) => n > 1).length,
    texts: entries.filter((e) => e.type === 'note').map((e) => (e as LogEntry<'note'>).data.text),
  };
}

/** `procs` processes at once, each running `cic note` `each` times in a row. */
async function hammer(
  root: string,
  incident: string,
  procs: number,
  each: number,
  env: Record<string, string | undefined>,
) {
  const failures: string[] = [];
  await Promise.all(
    Array.from({ length: procs }, async (_, p) => {
      for (let n = 0; n < each; n++) {
        const r = await runCic(['note', `p${p}-n${n}`, '-i', incident], { cwd: root, env });
        if (r.code !== 0) failures.push(`p${p}-n${n}: exit ${r.code}: ${r.stderr.trim()}`);
      }
    }),
  );
  return failures;
}

describe('eight writers at once', () => {
  test('8 processes × 100 cic note: exactly 800 new entries, contiguous, and the chain verifies', async () => {
    const ws = await makeWorkspace();
    const id = await openIncident(ws);
    const dir = join(ws.incidentsDir, id);
    const before = checkLog(dir, id).entries;
    // A short pause inside the lock widens every window in which a broken lock would show.
    const failures = await hammer(ws.root, id, 8, 100, {
      CIC_TEST_UNSAFE_NO_LOCK: undefined,
      CIC_TEST_APPEND_DELAY_MS: '3',
    });
    expect(failures).toEqual([]);
    const after = checkLog(dir, id);
    expect(after.entries - before).toBe(800);
    expect(after).toMatchObject({ contiguous: true, verifies: true, duplicateSeqs: [], forks: 0 });
    const expected = Array.from({ length: 8 }, (_, p) => Array.from({ length: 100 }, (_, n) => `p${p}-n${n}`))
      .flat()
      .sort();
    expect([...after.texts].sort()).toEqual(expected);
  }, 600_000);

  test('negative control: with the lock switched off, the same harness reports forks', async () => {
    const ws = await makeWorkspace();
    const id = await openIncident(ws);
    await hammer(ws.root, id, 8, 25, {
      NODE_ENV: 'test',
      CIC_TEST_UNSAFE_NO_LOCK: '1',
      CIC_TEST_APPEND_DELAY_MS: '25',
    });
    const after = checkLog(join(ws.incidentsDir, id), id);
    expect(after.duplicateSeqs.length + after.forks).toBeGreaterThan(0);
    expect(after.verifies).toBe(false);
  }, 300_000);

  test('the test-only switch is ignored outside NODE_ENV=test', async () => {
    const ws = await makeWorkspace();
    const id = await openIncident(ws);
    const failures = await hammer(ws.root, id, 4, 10, {
      NODE_ENV: 'production',
      CIC_TEST_UNSAFE_NO_LOCK: '1',
      CIC_TEST_APPEND_DELAY_MS: '25',
    });
    expect(failures).toEqual([]);
    expect(checkLog(join(ws.incidentsDir, id), id)).toMatchObject({ contiguous: true, verifies: true, forks: 0 });
  }, 300_000);
});
