import { describe, expect, test } from '@jest/globals';
import {
  anchorTime,
  RELEASE_PENDING,
  schedule,
  sensitiveReleaseTime,
  summary,
  type ScheduleItem,
} from '../../../src/core/incident/schedule.js';
import type { IncidentState } from '../../../src/core/incident/state.js';
import { chief, clerk, manager, playbook, pio } from './fixtures.js';
import { done, ev, opened, stateOf } from './spec.js';

const OPEN = '2026-06-10T15:00:00.000Z'; // 10:00 CDT
const h = (n: number) => new Date(Date.parse(OPEN) + n * 3_600_000).toISOString();
const board = (s: IncidentState, now: string) => schedule(s, playbook, new Date(now));
const iso = (d: Date | undefined) => d?.toISOString();
const brief = (i: ScheduleItem) => [i.action, i.occurrence, i.state, iso(i.due)];
const of = (items: ScheduleItem[], action: string) => items.filter((i) => i.action === action);
const one = (items: ScheduleItem[], action: string, occurrence = 0) => {
  const item = items.find((i) => i.action === action && i.occurrence === occurrence);
  if (!item)
    throw new Error(`no ${action}#${occurrence} in ${items.map((i) => `${i.action}#${i.occurrence}`).join(' ')}`);
  return item;
};

describe('the board', () => {
  test('a fresh Tier 1 incident: overdue first, then due soonest, then waiting', () => {
    const items = board(stateOf(opened({ at: OPEN })), h(1.5));
    expect(items.map(brief)).toEqual([
      ['notify-city-manager', 0, 'overdue', h(1)],
      ['holding-statement', 0, 'overdue', h(1)],
      ['notify-mayor', 0, 'upcoming', h(2)],
      ['tier-check-in', 0, 'upcoming', h(2)],
      ['situation-update', 0, 'upcoming', h(4)],
      ['body-cam-review', 0, 'upcoming', h(24)],
      ['evidence-log', 0, 'upcoming', h(24)],
      ['thank-partners', 0, 'upcoming', h(48)],
      ['press-conference', 0, 'waiting', h(3)],
      ['council-briefing', 0, 'waiting', undefined],
    ]);
    const first = items[0]!;
    expect(first).toMatchObject({
      title: 'Notify the City Manager',
      kind: 'notification',
      owner: 'police-chief',
      late_by_ms: 30 * 60_000,
      required: true,
      applicable: true,
      recurring: false,
    });
    expect(one(items, 'holding-statement').approvers).toEqual(['police-chief', 'city-manager']);
    expect(one(items, 'press-conference').notify).toEqual(['mayor']);
    expect(one(items, 'thank-partners').required).toBe(false);
    expect(summary(items, new Date(h(1.5)))).toEqual({ overdue: 2, dueSoon: 2, nextDue: one(items, 'notify-mayor') });
  });

  test('done, late and skipped items come last, by when they happened', () => {
    const s = stateOf(
      opened({ at: OPEN }),
      done('evidence-log', h(3), { actor: chief }),
      done('notify-city-manager', h(2), { stated_at: h(0.5), actor: chief }),
      ev('action.skipped', { action: 'thank-partners', occurrence: 0, reason: 'no partners' }, h(1)),
      done('holding-statement', h(1.25), { actor: pio }),
    );
    const items = board(s, h(4)).filter((i) => ['done', 'late', 'skipped'].includes(i.state));
    expect(items.map((i) => [i.action, i.state])).toEqual([
      ['notify-city-manager', 'done'],
      ['thank-partners', 'skipped'],
      ['holding-statement', 'late'],
      ['evidence-log', 'done'],
    ]);
  });

  test("one action's items (`only`) are exactly that action's items of the whole board", () => {
    const s = stateOf(
      opened({ at: OPEN }),
      done('evidence-log', h(3), { actor: chief }),
      done('situation-update', h(5)),
      ev('action.skipped', { action: 'thank-partners', occurrence: 0, reason: 'no partners' }, h(1)),
    );
    const now = new Date(h(30));
    const whole = schedule(s, playbook, now);
    expect(of(whole, 'situation-update').length).toBeGreaterThan(3); // a recurring action: several
    for (const action of playbook.actions) expect(schedule(s, playbook, now, action.id)).toEqual(of(whole, action.id));
    expect(schedule(s, playbook, now, 'no-such-action')).toEqual([]);
  });

  test('an unopened incident has no board', () => {
    expect(schedule(stateOf(), playbook, new Date(OPEN))).toEqual([]);
  });
});

describe('done vs late, skipped, extended', () => {
  test.each([
    ['backfilled before the deadline: done', { stated_at: h(0.5) }, 'done', undefined, h(0.5)],
    ['recorded after the deadline: late, by how much', {}, 'late', 60 * 60_000, h(2)],
    ['stated after the deadline: late', { stated_at: h(1.25) }, 'late', 15 * 60_000, h(1.25)],
    ['exactly at the deadline: done', { stated_at: h(1) }, 'done', undefined, h(1)],
  ])('%s', (_name, options, state, lateBy, completedAt) => {
    const item = one(
      board(
        stateOf(
          opened({ at: OPEN }),
          done('notify-city-manager', h(2), { ...options, actor: chief, note: 'by phone' }),
        ),
        h(3),
      ),
      'notify-city-manager',
    );
    expect(item).toMatchObject({ state, late_by_ms: lateBy, completed_by: chief, note: 'by phone' });
    expect(iso(item.completed_at)).toBe(completedAt);
    expect(iso(item.recorded_at)).toBe(h(2));
  });

  test('skipped shows its reason', () => {
    const item = one(
      board(
        stateOf(
          opened({ at: OPEN }),
          ev('action.skipped', { action: 'evidence-log', occurrence: 0, reason: 'no evidence' }, h(2), {
            actor: chief,
          }),
        ),
        h(30),
      ),
      'evidence-log',
    );
    expect(item).toMatchObject({ state: 'skipped', reason: 'no evidence', skipped_by: chief, late_by_ms: undefined });
    expect(iso(item.skipped_at)).toBe(h(2));
  });

  test('an extension moves the deadline, keeps the original and shows the reason', () => {
    const s = stateOf(
      opened({ at: OPEN, tier: 'tier-3' }),
      ev(
        'deadline.extended',
        { action: 'community-meeting', occurrence: 0, due: h(100), from: h(72), reason: 'venue' },
        h(1),
      ),
    );
    const item = one(board(s, h(90)), 'community-meeting');
    expect(item).toMatchObject({ state: 'upcoming', reason: 'venue' });
    expect([iso(item.due), iso(item.original_due)]).toEqual([h(100), h(72)]);
    expect(item.extensions).toHaveLength(1);
    // negative control: without the extension the same moment is overdue
    expect(one(board(stateOf(opened({ at: OPEN, tier: 'tier-3' })), h(90)), 'community-meeting').state).toBe('overdue');
  });
});

describe('anchors and dependencies', () => {
  test('action-anchored: waiting, with no due, until the anchor action is done', () => {
    const before = one(board(stateOf(opened({ at: OPEN })), h(1)), 'council-briefing');
    expect(before).toMatchObject({
      state: 'waiting',
      waiting_on: ['notify-mayor'],
      due: undefined,
      original_due: undefined,
    });
    const after = one(
      board(stateOf(opened({ at: OPEN }), done('notify-mayor', h(1), { stated_at: h(0.5) })), h(1)),
      'council-briefing',
    );
    expect(after).toMatchObject({ state: 'upcoming', waiting_on: [] });
    expect(iso(after.due)).toBe(h(24.5));
  });

  test.each([
    ['done before the rule deadline: the rule', done('notify-mayor', h(1)), h(3)],
    ['done after it: the rule still (ordering never moves a deadline)', done('notify-mayor', h(4)), h(3)],
    [
      'skipped also resolves it',
      ev('action.skipped', { action: 'notify-mayor', occurrence: 0, reason: 'r' }, h(1)),
      h(3),
    ],
  ])('depends_on %s', (_name, event, due) => {
    const waiting = one(board(stateOf(opened({ at: OPEN })), h(0.5)), 'press-conference');
    expect(waiting).toMatchObject({ state: 'waiting', waiting_on: ['notify-mayor'] });
    expect(iso(waiting.due)).toBe(h(3));
    expect(iso(one(board(stateOf(opened({ at: OPEN }), event), h(0.5)), 'press-conference').due)).toBe(due);
  });

  test('closed-anchored actions exist only once closed', () => {
    const open = stateOf(opened({ at: OPEN }));
    expect(of(board(open, h(5)), 'after-action-review')).toEqual([]);
    const closed = stateOf(
      opened({ at: OPEN }),
      ev('incident.closed', { forced: true, reason: 'r', left_open: [] }, h(10)),
    );
    const item = one(board(closed, h(11)), 'after-action-review');
    expect(item.state).toBe('upcoming');
    expect(iso(item.due)).toBe(h(10 + 30 * 24));
    expect(iso(anchorTime('closed', closed))).toBe(h(10));
    expect(anchorTime('closed', open)).toBeUndefined();
  });

  test('a closed-anchored item done after closing keeps its deadline through a reopen and second closing', () => {
    const s = stateOf(
      opened({ at: OPEN }),
      ev('incident.closed', { forced: true, reason: 'r', left_open: [] }, h(10)),
      ev('incident.reopened', { reason: 'r' }, h(20)),
      ev('incident.closed', { forced: true, reason: 'r', left_open: [] }, h(30)),
    );
    const stillOpen = one(board(s, h(31)), 'after-action-review');
    expect(iso(stillOpen.due)).toBe(h(30 + 720));
    const doneBetween = stateOf(
      opened({ at: OPEN }),
      ev('incident.closed', { forced: true, reason: 'r', left_open: [] }, h(10)),
      done('after-action-review', h(12)),
      ev('incident.reopened', { reason: 'r' }, h(20)),
      ev('incident.closed', { forced: true, reason: 'r', left_open: [] }, h(30)),
    );
    const kept = one(board(doneBetween, h(31)), 'after-action-review');
    expect(kept.state).toBe('done');
    expect(iso(kept.due)).toBe(h(10 + 720));
  });

  test('conditions on facts: an action appears when the fact makes it apply', () => {
    expect(of(board(stateOf(opened({ at: OPEN })), h(1)), 'records-request')).toEqual([]);
    const s = stateOf(
      opened({ at: OPEN }),
      ev('fact.recorded', { fact: 'records_requested', value: true }, h(1), { actor: clerk }),
    );
    expect(of(board(s, h(1)), 'records-request')).toHaveLength(1);
  });
});

describe('recurrence: every PT4H until closed', () => {
  const tier1 = opened({ at: OPEN });
  const updates = (s: IncidentState, now: string) =>
    of(board(s, now), 'situation-update')
      .sort((a, b) => a.occurrence - b.occurrence)
      .map(brief);

  test('occurrences up to now, plus the next one', () => {
    expect(updates(stateOf(tier1), h(9))).toEqual([
      ['situation-update', 0, 'overdue', h(4)],
      ['situation-update', 1, 'overdue', h(8)],
      ['situation-update', 2, 'upcoming', h(12)],
    ]);
    expect(updates(stateOf(tier1), h(3))).toEqual([['situation-update', 0, 'upcoming', h(4)]]);
  });

  test('each occurrence is its own deadline; one done early shows the one after', () => {
    const s = stateOf(
      tier1,
      done('situation-update', h(3), { actor: pio }),
      done('situation-update', h(9), { occurrence: 2, actor: pio }),
    );
    expect(updates(s, h(9))).toEqual([
      ['situation-update', 0, 'done', h(4)],
      ['situation-update', 1, 'overdue', h(8)],
      ['situation-update', 2, 'done', h(12)],
      ['situation-update', 3, 'upcoming', h(16)],
    ]);
  });

  test('closing stops the series; reopening resumes it without the closed stretch', () => {
    const closed = [
      ...tier1,
      done('situation-update', h(3), { actor: pio }),
      ev('incident.closed', { forced: true, reason: 'r', left_open: [] }, h(10)),
    ];
    expect(updates(stateOf(closed), h(30))).toEqual([
      ['situation-update', 0, 'done', h(4)],
      ['situation-update', 1, 'overdue', h(8)],
    ]);
    const reopened = stateOf(closed, ev('incident.reopened', { reason: 'new video' }, h(21)));
    expect(updates(reopened, h(30))).toEqual([
      ['situation-update', 0, 'done', h(4)],
      ['situation-update', 1, 'overdue', h(8)],
      ['situation-update', 5, 'overdue', h(24)],
      ['situation-update', 6, 'overdue', h(28)],
      ['situation-update', 7, 'upcoming', h(32)],
    ]);
  });

  test('a long-running incident generates every occurrence (no gaps, no duplicates)', () => {
    const items = of(board(stateOf(tier1), h(4 * 500 + 1)), 'situation-update');
    // due at 4, 8, …, 2000 hours (500 of them, all past) and the next one at 2004
    expect(items).toHaveLength(501);
    expect(new Set(items.map((i) => i.occurrence)).size).toBe(501);
    expect(items.filter((i) => i.state === 'upcoming').map(brief)).toEqual([
      ['situation-update', 500, 'upcoming', h(2004)],
    ]);
  });
});

describe('escalation mid-incident', () => {
  test('Tier 3 → Tier 1: the new tier’s actions appear, what is done stays done, tier_set is the escalation', () => {
    const s = stateOf(
      opened({ at: OPEN, tier: 'tier-3' }),
      done('community-meeting', h(2)),
      done('notify-city-manager', h(0.5), { actor: chief }),
      ev('incident.classified', { tier: 'tier-1', from: 'tier-3', reason: 'subject died', method: 'manual' }, h(5)),
    );
    const before = board(stateOf(opened({ at: OPEN, tier: 'tier-3' })), h(4.5));
    expect(of(before, 'holding-statement')).toEqual([]);
    expect(of(before, 'notify-mayor')).toEqual([]);

    const items = board(s, h(5.5));
    expect(one(items, 'community-meeting')).toMatchObject({ state: 'done', applicable: false });
    expect(one(items, 'notify-city-manager').state).toBe('done');
    expect(brief(one(items, 'holding-statement'))).toEqual(['holding-statement', 0, 'upcoming', h(6)]);
    expect(brief(one(items, 'tier-check-in'))).toEqual(['tier-check-in', 0, 'upcoming', h(7)]);
    // anchored on the declaration, not the tier: overdue at once
    expect(brief(one(items, 'notify-mayor'))).toEqual(['notify-mayor', 0, 'overdue', h(2)]);
    expect(one(items, 'press-conference').state).toBe('waiting');
    expect(iso(anchorTime('tier_set', s))).toBe(h(5));
  });

  test('a re-anchored series keeps done occurrences at their own deadlines and restarts after them', () => {
    const s = stateOf(
      opened({ at: OPEN, tier: 'tier-2' }),
      done('tier-check-in', h(1.5)),
      done('tier-check-in', h(3.9), { occurrence: 1 }),
      ev('incident.classified', { tier: 'tier-1', from: 'tier-2', reason: 'r', method: 'manual' }, h(5)),
    );
    const checkIns = of(board(s, h(5.5)), 'tier-check-in')
      .sort((a, b) => a.occurrence - b.occurrence)
      .map(brief);
    expect(checkIns).toEqual([
      ['tier-check-in', 0, 'done', h(2)],
      ['tier-check-in', 1, 'done', h(4)],
      ['tier-check-in', 2, 'upcoming', h(7)],
    ]);
  });

  test('a re-anchored series with nothing done restarts from the new tier time', () => {
    const s = stateOf(
      opened({ at: OPEN, tier: 'tier-2' }),
      ev('incident.classified', { tier: 'tier-1', from: 'tier-2', reason: 'r', method: 'manual' }, h(5)),
    );
    expect(of(board(s, h(5.5)), 'tier-check-in').map(brief)).toEqual([['tier-check-in', 0, 'upcoming', h(7)]]);
    // negative control: without the escalation the old series is overdue
    expect(
      of(board(stateOf(opened({ at: OPEN, tier: 'tier-2' })), h(5.5)), 'tier-check-in').map((i) => i.state),
    ).toEqual(['overdue', 'overdue', 'upcoming']);
  });
});

describe('deadlines in America/Chicago through the schedule', () => {
  const at = (occurred: string, now: string) => {
    const items = board(stateOf(opened({ at: occurred, tier: 'tier-x' })), now);
    return { p1d: iso(one(items, 'body-cam-review').due), pt24h: iso(one(items, 'evidence-log').due) };
  };
  test.each([
    [
      'spring forward 2026-03-08: P1D keeps 12:00, PT24H is 13:00 CDT',
      '2026-03-07T18:00:00.000Z',
      '2026-03-08T17:00:00.000Z',
      '2026-03-08T18:00:00.000Z',
    ],
    [
      'fall back 2026-11-01: P1D keeps 12:00, PT24H is 11:00 CST',
      '2026-10-31T17:00:00.000Z',
      '2026-11-01T18:00:00.000Z',
      '2026-11-01T17:00:00.000Z',
    ],
    ['an ordinary day: the same', '2026-06-10T17:00:00.000Z', '2026-06-11T17:00:00.000Z', '2026-06-11T17:00:00.000Z'],
  ])('%s', (_name, occurred, p1d, pt24h) => {
    expect(at(occurred, occurred)).toEqual({ p1d, pt24h });
  });

  test.each([
    ['Friday afternoon over a weekend: Wednesday end of day', '2026-11-20T21:00:00.000Z', '2026-11-26T05:59:59.000Z'],
    [
      'Wednesday before Thanksgiving: the holidays and weekend skipped',
      '2026-11-25T21:00:00.000Z',
      '2026-12-03T05:59:59.000Z',
    ],
    ['Monday: Thursday end of day', '2026-11-16T15:00:00.000Z', '2026-11-20T05:59:59.000Z'],
  ])('3 business days, %s', (_name, declared, due) => {
    const s = stateOf(opened({ at: declared, tier: 'tier-x', facts: { records_requested: true } }));
    expect(iso(one(board(s, declared), 'records-request').due)).toBe(due);
  });
});

describe('sensitive facts', () => {
  const fact = (id: string) => playbook.facts.find((f) => f.id === id)!;
  test('officer names not before 48 hours after it occurred', () => {
    const s = stateOf(opened({ at: OPEN, occurred_at: h(-2) }));
    expect(iso(sensitiveReleaseTime(fact('officer_names'), s, playbook))).toBe(h(46));
  });
  test('a fact that is not sensitive has no release time', () => {
    expect(sensitiveReleaseTime(fact('location'), stateOf(opened({ at: OPEN })), playbook)).toBeUndefined();
  });
  test('an anchor that has not happened yet holds the fact back indefinitely', () => {
    expect(sensitiveReleaseTime(fact('suspect_named'), stateOf(opened({ at: OPEN })), playbook)).toBe(RELEASE_PENDING);
    const s = stateOf(opened({ at: OPEN }), done('notify-mayor', h(1), { actor: manager }));
    expect(iso(sensitiveReleaseTime(fact('suspect_named'), s, playbook))).toBe(h(2));
  });
});
