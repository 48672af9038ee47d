/**
 * Statements after closing, through the real binary: closing ends the active response, not the
 * duties dated from the incident. The officer-name release, left open at closing, is drafted,
 * approved and released after it; a statement that is not open on the schedule (skipped before
 * closing, or already released) is refused with exit 2 and "reopen it first", and so is a draft
 * that would record facts. The log to the clerk, a duty that starts at closing, is recorded too.
 */
import { beforeAll, describe, expect, test } from '@jest/globals';
import { HOLDING_FACTS, tier1Incident, type Incident } from './helpers.js';

let inc: Incident;
/** Next of kin notified at 02:15 CST; the names may go out 48 hours later, and are due by 72. */
const KIN = 10;
const AFTER_48H = KIN + 48 * 60 + 5; // Sat 28 Nov 02:20 CST
const CLOSED = 'Incident 2026-0001 is closed since 2026-11-26 03:05 CST';

beforeAll(async () => {
  inc = await tier1Incident();
  await inc.ok(KIN, 'police-chief', 'done', 'notify-next-of-kin');
  await inc.ok(
    20,
    'police-chief',
    'fact',
    'set',
    'officer_names=Officer Dana Lee, 6 years',
    'officer_count=1',
    'investigating_agency=St. Louis County Police Department',
    ...HOLDING_FACTS.filter((f) => f !== '--fact'),
  );
  await inc.ok(30, 'pio', 'skip', 'holding-statement', '--reason', 'The County issued the first statement');
  await inc.ok(
    60,
    'city-manager',
    'close',
    '--force',
    '--reason',
    'Active response over; dated duties stay on the schedule',
  );
});

describe('a closed incident', () => {
  test('the officer-name release, left open at closing, is drafted, approved by each approver and released', async () => {
    const closing = inc.log().at(-1)!;
    expect(closing.type).toBe('incident.closed');
    expect((closing.data as { left_open: { action: string }[] }).left_open.map((i) => i.action)).toContain(
      'release-officer-names',
    );

    const drafted = await inc.ok(AFTER_48H, 'pio', 'draft', 'release-officer-names');
    expect(drafted.stdout).toContain('Drafted v1 of release-officer-names');
    expect(drafted.stdout).not.toMatch(/error:/);
    expect(inc.draft(1, 'release-officer-names')).toContain('Officer Dana Lee');
    for (const [minutes, role] of [
      [1, 'police-chief'],
      [2, 'city-manager'],
      [3, 'city-attorney'],
    ] as const) {
      expect((await inc.ok(AFTER_48H + minutes, role, 'approve', 'release-officer-names')).stdout).toContain(
        'Approved v1 of release-officer-names',
      );
    }
    const released = await inc.ok(
      AFTER_48H + 5,
      'pio',
      'release',
      'release-officer-names',
      '--channel',
      'city-website',
    );
    expect(released.stdout).toContain('Released v1 of release-officer-names on city-website');
    expect(released.stdout).toMatch(/Recorded ".*" as done at 02:25 CST, on time\./);
    expect(
      inc
        .log()
        .slice(-2)
        .map((e) => [e.type, (e.data as { action?: string }).action]),
    ).toEqual([
      ['statement.released', undefined],
      ['action.completed', 'release-officer-names'],
    ]);
  });

  test('once released it is no longer open: a second release is refused, saying to reopen', async () => {
    const before = inc.logBytes();
    const again = await inc.cic(
      AFTER_48H + 10,
      'pio',
      'release',
      'release-officer-names',
      '--channel',
      'media-email-list',
    );
    expect(again.code).toBe(2);
    expect(again.stderr).toContain(`${CLOSED}: "release-officer-names" is already done`);
    expect(again.stderr).toContain('cic reopen 2026-0001 --reason');
    expect(inc.logBytes().equals(before)).toBe(true);
  });

  test('a statement skipped before closing cannot be drafted, approved or released', async () => {
    const before = inc.logBytes();
    for (const args of [
      ['draft', 'holding-statement'],
      ['approve', 'holding-statement'],
      ['release', 'holding-statement', '--channel', 'city-website'],
    ]) {
      const r = await inc.cic(AFTER_48H + 20, args[0] === 'approve' ? 'police-chief' : 'pio', ...args);
      expect({ args, code: r.code }).toEqual({ args, code: 2 });
      expect(r.stderr).toContain(`${CLOSED}: "holding-statement" was already skipped`);
    }
    expect(inc.logBytes().equals(before)).toBe(true);
    expect(() => inc.draft(1)).toThrow();
  });

  test('a draft that would record a fact is refused: the facts are settled', async () => {
    const before = inc.logBytes();
    const r = await inc.cic(
      AFTER_48H + 30,
      'pio',
      'draft',
      'investigation-timeline',
      '--fact',
      'investigation_status=Witness interviews continue',
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      `${CLOSED}: --fact would record fact investigation_status, and its facts cannot change now`,
    );
    expect(inc.logBytes().equals(before)).toBe(true);
  });

  test('the log to the clerk, a duty that starts at closing, is recorded on time', async () => {
    const r = await inc.ok(AFTER_48H + 40, 'city-manager', 'done', 'log-to-clerk');
    expect(r.stdout).toMatch(/\(log-to-clerk\) done at .* — on time/);
  });
});
