/**
 * Through the real binary, on the bundled playbook (next_update_at is `promise: {updates:
 * [public-update, community-trust-update]}`): a released statement that promises the next update
 * makes that time a deadline in `cic status --json`, the report and the calendar: in Tier 1 the
 * 4-hour public update is due then (one item, not two); in Tier 3 its daily update is; in Tier 2,
 * which has no recurring update, the promise alone owes one.
 */
import { describe, expect, test } from '@jest/globals';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCic } from '../helpers/run-cic.js';

const as = (role: string, now: string) => ({ CIC_ROLE: role, CIC_NAME: `${role} person`, CIC_NOW: now });

/** A new workspace, and a way to run cic there as a role at a time (failing the test on any exit but 0). */
async function workspace() {
  const ws = join(mkdtempSync(join(tmpdir(), 'cic-promised-')), 'city');
  const run = async (role: string, now: string, ...args: string[]) => {
    const r = await runCic(args, { cwd: ws, env: as(role, now) });
    if (r.code !== 0) throw new Error(`cic ${args.join(' ')} exited ${r.code}\n${r.stdout}\n${r.stderr}`);
    return r;
  };
  expect((await runCic(['init', ws])).code).toBe(0);
  return { ws, run };
}

/** A workspace with an incident at `tier` whose holding statement, released at 02:17 CST, promises 06:00. */
async function promised(tier: string) {
  const { ws, run } = await workspace();
  await run('city-manager', '2026-11-26T08:00:00Z', 'open', '--title', 'T', '--tier', tier);
  const facts = [
    'incident_summary=An officer stopped a group of students',
    'incident_location=Forsyth Blvd',
    'next_update_at=2026-11-26 06:00',
    'info_url=https://city.example',
  ];
  await run('pio', '2026-11-26T08:05:00Z', 'draft', 'holding-statement', ...facts.flatMap((f) => ['--fact', f]));
  for (const role of ['police-chief', 'city-manager'])
    await run(role, '2026-11-26T08:10:00Z', 'approve', 'holding-statement');
  await run('pio', '2026-11-26T08:17:00Z', 'release', 'holding-statement', '--channel', 'city-website');
  const status = async (now: string) => {
    const json = JSON.parse((await run('city-manager', now, 'status', '--json', '--all')).stdout) as {
      items: {
        action: string;
        occurrence: number;
        owner: string;
        due: string | null;
        state: string;
        promise: unknown;
      }[];
    };
    return json.items.filter((i) => i.action === 'public-update');
  };
  return { ws, run, status };
}

describe('a promised next update, through the binary', () => {
  test('Tier 1: the 4-hour public update is due at the promised 06:00, one item, not two', async () => {
    const { status } = await promised('tier-1');
    const items = await status('2026-11-26T08:30:00Z');
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      occurrence: 0,
      owner: 'pio',
      due: '2026-11-26T06:00:00-06:00', // not 06:17, four hours after the release
      state: 'upcoming',
      promise: { fact: 'next_update_at', statement: 'holding-statement', version: 1, superseded: [] },
    });
  }, 60_000);

  test('Tier 2 (no cadence): the promise is its own update, overdue after 06:00, and in the report and calendar', async () => {
    const { ws, run, status } = await promised('tier-2');
    expect(await status('2026-11-26T08:30:00Z')).toMatchObject([
      { occurrence: 0, owner: 'pio', due: '2026-11-26T06:00:00-06:00', state: 'upcoming' },
    ]);
    expect(await status('2026-11-26T12:30:00Z')).toMatchObject([{ state: 'overdue' }]);

    const text = (await run('city-manager', '2026-11-26T12:30:00Z', 'status')).stdout;
    expect(text).toContain('promised for 06:00 in holding-statement v1 (released 02:17)');

    const out = join(ws, 'r');
    await run('city-manager', '2026-11-26T12:30:00Z', 'report', '--format', 'md,csv', '--out', out);
    const md = readFileSync(join(out, 'report-2026-0001.md'), 'utf8');
    expect(md).toContain('### Promised updates');
    expect(md).toMatch(/public-update#0.*promised for 06:00 in holding-statement v1/);

    // iCalendar folds long lines (RFC 5545 3.1); unfolded, the description says what was promised.
    const ics = (await run('city-manager', '2026-11-26T08:30:00Z', 'calendar')).stdout.replace(/\r?\n[ \t]/g, '');
    expect(ics).toContain('Promised in public: promised for 2026-11-26 06:00');
  }, 60_000);

  test('Tier 3: the promise moves the daily update on the review to 06:00, one item, no second update', async () => {
    const { run } = await workspace();
    await run('city-manager', '2026-11-26T08:00:00Z', 'open', '--title', 'T', '--tier', 'tier-3');
    await run('partner-liaison', '2026-11-26T08:02:00Z', 'done', 'partner-liaison-call');
    const facts = [
      'concern_summary=a complaint that officers stopped students because of their race',
      'incident_summary=Officers stopped ten students',
      'review_process=an outside investigator appointed by the City Manager',
      'next_update_at=2026-11-26 06:00',
      'info_url=https://city.example',
    ];
    await run(
      'pio',
      '2026-11-26T08:05:00Z',
      'draft',
      'community-holding-statement',
      ...facts.flatMap((f) => ['--fact', f]),
    );
    for (const role of ['police-chief', 'city-manager'])
      await run(role, '2026-11-26T08:10:00Z', 'approve', 'community-holding-statement');
    await run('pio', '2026-11-26T08:17:00Z', 'release', 'community-holding-statement', '--channel', 'city-website');
    const json = JSON.parse(
      (await run('city-manager', '2026-11-26T08:30:00Z', 'status', '--json', '--all')).stdout,
    ) as {
      items: { action: string; occurrence: number; due: string | null; promise: unknown }[];
    };
    const updates = json.items.filter((i) => i.action === 'public-update' || i.action === 'community-trust-update');
    expect(updates).toEqual([
      expect.objectContaining({
        action: 'community-trust-update',
        occurrence: 0,
        due: '2026-11-26T06:00:00-06:00', // not a day after the holding statement
        promise: expect.objectContaining({ statement: 'community-holding-statement' }),
      }),
    ]);
  }, 60_000);
});
