/**
 * End to end through the real binary (dist/ via bin/cic.js) with the simulated clock: a Tier 1
 * incident on the bundled Clayton playbook from opening to closing, the clock moved forward between
 * commands, and the refusals with their exit codes. `npm test` builds first.
 */
import { beforeAll, describe, expect, test } from '@jest/globals';
import type { LogEntry } from '../../src/core/log/envelope.js';
import type { StatusJson } from '../../src/cli/views/status-view.js';
import { clockedCity, type ClockedCity } from '../helpers/clocked-city.js';

let city: ClockedCity;

/** cic in the city's workspace `minutes` after 02:00 CST on the simulated clock (`ok`: exit 0 or the test fails). */
const cic = (minutes: number, ...args: string[]) => city.cic(minutes, ...args);
const ok = (minutes: number, ...args: string[]) => city.ok(minutes, ...args);

const item = (s: StatusJson, action: string, occurrence = 0) =>
  s.items.find((i) => i.action === action && i.occurrence === occurrence);

beforeAll(async () => {
  city = await clockedCity('cic-e2e-', '2026-11-26T08:00:00.000Z');
});

describe('a Tier 1 incident, end to end', () => {
  test('open, record on time and late, backfill, skip, extend, refuse, close', async () => {
    const opened = await ok(
      0,
      'open',
      '--title',
      'Officer-involved shooting, Forsyth and Hanley',
      '--fact',
      'shots_fired_by_officer=yes',
      '--occurred-at',
      '2026-11-26 01:40',
      '--as',
      'city-manager',
      '--json',
    );
    expect(JSON.parse(opened.stdout)).toEqual({
      incident: '2026-0001',
      tier: 'tier-1',
      reason: expect.stringContaining('matched because any of: shots_fired_by_officer is true'),
      occurred_at: '2026-11-26T01:40:00-06:00',
      declared_at: '2026-11-26T02:00:00-06:00',
    });

    // 02:10: the Chief calls the City Manager, on time (due 02:15).
    const call = await ok(10, 'done', 'notify-city-manager', '--as', 'police-chief', '--name', 'Chief Ruiz');
    expect(call.stdout).toContain('done at 02:10 CST by Chief Ruiz (Chief of Police) — on time (due 02:15 CST)');
    // 02:30: the PIO skips the holding statement (the County spoke first); the updates start from it.
    await ok(30, 'skip', 'holding-statement', '--as', 'pio', '--reason', 'The County issued the first statement');
    // 02:35: the video deadline moved 10 days, with the prosecutor's reason.
    await ok(35, 'extend', 'video-release', '--by', 'P10D', '--as', 'pio', '--reason', 'Prosecutor asked for time');
    // 02:40: the City Attorney was called at 02:30 and it is recorded now: on time, both times kept.
    const backfill = await ok(
      40,
      'done',
      'notify-city-attorney',
      '--stated-at',
      '2026-11-26 02:30',
      '--as',
      'city-manager',
    );
    expect(backfill.stdout).toContain('done at 02:30 CST (recorded 02:40 CST)');
    // 03:12: the Mayor and Board are briefed 12 minutes late (due 03:00).
    const brief = await ok(72, 'done', 'brief-mayor-board', '--as', 'assistant-city-manager', '--name', 'Sam Park');
    expect(brief.stdout).toContain('— 12 min late (was due 03:00 CST)');

    // Refusals, each with its exit code and nothing written.
    const wrongRole = await cic(80, 'done', 'notify-next-of-kin', '--as', 'pio');
    expect(wrongRole.code).toBe(4);
    expect(wrongRole.stderr).toContain(
      'may not record "notify-next-of-kin": it belongs to Chief of Police (police-chief)',
    );
    expect(wrongRole.stderr).toContain(
      'Roles that may: Chief of Police (police-chief), Assistant Chief of Police (deputy-chief)',
    );
    const unknown = await cic(80, 'done', 'notify-the-press', '--as', 'pio');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Unknown action "notify-the-press"');
    const tooFar = await cic(80, 'extend', 'video-release', '--by', 'P21D', '--as', 'pio', '--reason', 'More time');
    expect(tooFar.code).toBe(2);
    expect(tooFar.stderr).toContain('allows at most 30 days');
    const noRole = await cic(80, 'done', 'notify-next-of-kin');
    expect(noRole.code).toBe(2);
    expect(noRole.stderr).toContain('say which role you act as');

    // 03:50: the board.
    const board = JSON.parse((await ok(110, 'status', '--json')).stdout) as StatusJson;
    expect(board).toMatchObject({ incident: '2026-0001', tier: 'tier-1', now: '2026-11-26T03:50:00-06:00' });
    expect(item(board, 'notify-city-manager')).toMatchObject({
      state: 'done',
      completed_at: '2026-11-26T02:10:00-06:00',
      completed_by: { role: 'police-chief', name: 'Chief Ruiz' },
      late_by: null,
    });
    expect(item(board, 'notify-city-attorney')).toMatchObject({
      state: 'done',
      completed_at: '2026-11-26T02:30:00-06:00',
    });
    expect(item(board, 'brief-mayor-board')).toMatchObject({
      state: 'late',
      late_by: 'PT12M',
      completed_by: { role: 'assistant-city-manager', name: 'Sam Park' },
    });
    expect(item(board, 'holding-statement')).toMatchObject({
      state: 'skipped',
      reason: 'The County issued the first statement',
    });
    expect(item(board, 'video-release')).toMatchObject({
      state: 'upcoming',
      due: '2027-01-20T01:40:00-06:00',
      reason: 'Prosecutor asked for time',
    });
    expect(item(board, 'public-update')).toMatchObject({ state: 'upcoming', due: '2026-11-26T06:30:00-06:00' });
    expect(item(board, 'notify-next-of-kin')).toMatchObject({ state: 'upcoming', due: '2026-11-26T05:00:00-06:00' });
    // The Sunshine log: one business day after Thanksgiving, past the holiday Friday and the weekend.
    expect(item(board, 'open-records-log')).toMatchObject({ state: 'upcoming', due: '2026-11-30T23:59:59-06:00' });

    // 07:00: the public update is now overdue; closing refuses without a terminal, then is forced.
    const later = JSON.parse((await ok(300, 'status', '--json')).stdout) as StatusJson;
    expect(item(later, 'public-update')).toMatchObject({ state: 'overdue', late_by: 'PT30M' });
    const refused = await cic(300, 'close', '--as', 'city-manager');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('close --force --reason');
    const closed = await ok(301, 'close', '--force', '--reason', 'Handed to the County', '--as', 'city-manager');
    expect(closed.stdout).toContain('Recorded: incident 2026-0001 closed (forced) at 07:01 CST');
    // Closing ends the active response: what is already done stays done, the facts are settled.
    const afterClose = await cic(302, 'done', 'notify-city-manager', '--as', 'police-chief');
    expect(afterClose.code).toBe(2);
    expect(afterClose.stderr).toContain(
      'Incident 2026-0001 is closed since 2026-11-26 07:01 CST: "notify-city-manager" is already done',
    );
    expect(afterClose.stderr).toContain('cic reopen 2026-0001 --reason');
    const factAfterClose = await cic(302, 'fact', 'set', 'persons_injured=1', '--as', 'police-chief');
    expect(factAfterClose.code).toBe(2);
    expect(factAfterClose.stderr).toContain('is closed since 2026-11-26 07:01 CST: its facts cannot change now');

    // The log: every entry in order, simulated, the backfill with its stated time.
    const log = JSON.parse((await ok(303, 'log', '--json')).stdout) as LogEntry[];
    expect(log.map((e) => e.seq)).toEqual(log.map((_, i) => i));
    expect(log.map((e) => e.type)).toEqual([
      'incident.opened',
      'fact.recorded',
      'incident.classified',
      'action.completed',
      'action.skipped',
      'deadline.extended',
      'action.completed',
      'action.completed',
      'incident.closed',
    ]);
    expect(log.every((e) => e.clock === 'simulated')).toBe(true);
    expect(log[6]).toMatchObject({
      stated_at: '2026-11-26T08:30:00.000Z',
      at: '2026-11-26T08:40:00.000Z',
      data: { action: 'notify-city-attorney', occurrence: 0 },
    });
    expect(log[8]!.data).toMatchObject({ forced: true, reason: 'Handed to the County' });
    expect((log[8]!.data as { left_open: { action: string }[] }).left_open.map((i) => i.action)).toContain(
      'public-update',
    );

    const readable = await ok(303, 'log');
    expect(readable.stdout).toContain('02:30 (recorded 02:40)*');
    const filtered = JSON.parse(
      (await ok(303, 'log', '--type', 'action.completed', '--role', 'city-manager', '--json')).stdout,
    ) as LogEntry[];
    expect(filtered.map((e) => e.seq)).toEqual([6]);
  });

  test('list shows it closed; status of the closed incident still answers', async () => {
    const list = await ok(400, 'list');
    expect(list.stdout).toMatch(/2026-0001\s+closed\s+Tier 1 - Critical/);
    const status = await ok(400, 'status');
    expect(status.stdout).toContain('CLOSED 07:01');
    expect(status.stdout).toContain('log-to-clerk');
  });
});
