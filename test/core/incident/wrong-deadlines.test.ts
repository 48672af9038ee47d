/**
 * Four deadlines cic used to get wrong. Every expected time here is written out by hand (local
 * time in America/Chicago turned into UTC with the offset of that date), never computed by cic.
 */
import { describe, expect, test } from '@jest/globals';
import { InputError } from '../../../src/core/errors.js';
import { schedule, type ScheduleItem } from '../../../src/core/incident/schedule.js';
import type { Action, Playbook } from '../../../src/core/playbook/model.js';
import { manager, playbook as base } from './fixtures.js';
import { done, ev, given, opened, stateOf, type Draft } from './spec.js';

function withActions(...actions: Action[]): Playbook {
  return { ...base, actions: [...base.actions, ...actions] };
}
const task = (id: string, rest: Partial<Action>): Action => ({
  id,
  title: id,
  kind: 'task',
  owner: 'city-manager',
  due: { after: 'occurred', within: 'P1D' },
  ...rest,
});
const dues = (items: ScheduleItem[], action: string) =>
  items.filter((i) => i.action === action).map((i) => i.due?.toISOString());

describe('a recurrence is computed from its anchor, clamped once', () => {
  const monthly = withActions(
    task('monthly-briefing', { due: { after: 'occurred', within: 'P1M' }, repeat: { every: 'P1M', until: 'closed' } }),
  );
  test('from Jan 31: Feb 28, Mar 31, Apr 30, May 31 (not 03-28, 04-28, …)', () => {
    // 2027-01-31 09:00 CST (UTC-6); DST starts 2027-03-14, so from March 09:00 is CDT (UTC-5).
    const s = stateOf(opened({ at: '2027-01-31T15:00:00.000Z' }));
    const items = schedule(s, monthly, new Date('2027-05-15T12:00:00.000Z'));
    expect(dues(items, 'monthly-briefing')).toEqual([
      '2027-02-28T15:00:00.000Z',
      '2027-03-31T14:00:00.000Z',
      '2027-04-30T14:00:00.000Z',
      '2027-05-31T14:00:00.000Z',
    ]);
  });

  test('a tier_set-anchored series counts from the anchor, clamped once', () => {
    const pb = withActions(
      task('tier-monthly', { due: { after: 'tier_set', within: 'P1M' }, repeat: { every: 'P1M', until: 'closed' } }),
    );
    const s = stateOf(opened({ at: '2027-01-31T15:00:00.000Z' }));
    const items = schedule(s, pb, new Date('2027-04-01T12:00:00.000Z'));
    expect(dues(items, 'tier-monthly')).toEqual([
      '2027-02-28T15:00:00.000Z',
      '2027-03-31T14:00:00.000Z',
      '2027-04-30T14:00:00.000Z',
    ]);
  });
});

describe('an occurrence in the spring-forward gap does not shift the later ones', () => {
  test('daily at 02:30: 03:30 CDT on 2026-03-08 only, 02:30 CDT after', () => {
    const pb = withActions(
      task('daily-update', { due: { after: 'occurred', within: 'P1D' }, repeat: { every: 'P1D', until: 'closed' } }),
    );
    // 2026-03-07 02:30 CST = 08:30Z. 2026-03-08 02:30 does not exist: 03:30 CDT = 08:30Z.
    // 2026-03-09 02:30 CDT = 07:30Z, 2026-03-10 02:30 CDT = 07:30Z.
    const s = stateOf(opened({ at: '2026-03-07T08:30:00.000Z' }));
    const items = schedule(s, pb, new Date('2026-03-09T12:00:00.000Z'));
    expect(dues(items, 'daily-update')).toEqual([
      '2026-03-08T08:30:00.000Z',
      '2026-03-09T07:30:00.000Z',
      '2026-03-10T07:30:00.000Z',
    ]);
  });
});

describe('depends_on never changes when something is due', () => {
  // 2026-06-01 10:00 CDT = 15:00Z; day 30 = 2026-07-01 10:00 CDT, day 35 = 2026-07-06 10:00 CDT.
  const OCCURRED = '2026-06-01T15:00:00.000Z';
  const DAY30 = '2026-07-01T15:00:00.000Z';
  const DAY35 = '2026-07-06T15:00:00.000Z';
  const pb = withActions(
    task('family-viewing', { due: { after: 'occurred', within: 'P14D' } }),
    task('release-video', { due: { after: 'occurred', within: 'P30D' }, depends_on: ['family-viewing'] }),
  );
  const release = (drafts: (Draft | readonly Draft[])[], now: string) =>
    schedule(stateOf(...drafts), pb, new Date(now)).find((i) => i.action === 'release-video')!;

  test('before day 30, waiting on the viewing: waiting, and due at day 30', () => {
    const item = release([opened({ at: OCCURRED })], '2026-06-10T15:00:00.000Z');
    expect(item).toMatchObject({ state: 'waiting', waiting_on: ['family-viewing'] });
    expect(item.due?.toISOString()).toBe(DAY30);
    expect(item.original_due?.toISOString()).toBe(DAY30);
  });

  test('between day 30 and 35, still waiting: overdue, and still says what it waits on', () => {
    const item = release([opened({ at: OCCURRED })], '2026-07-03T15:00:00.000Z');
    expect(item).toMatchObject({ state: 'overdue', waiting_on: ['family-viewing'], late_by_ms: 2 * 86_400_000 });
    expect(item.due?.toISOString()).toBe(DAY30);
  });

  test('viewing done at day 35, release an hour later: 5 days 1 h late (not 1 h)', () => {
    const item = release(
      [opened({ at: OCCURRED }), done('family-viewing', DAY35), done('release-video', '2026-07-06T16:00:00.000Z')],
      '2026-07-07T15:00:00.000Z',
    );
    expect(item).toMatchObject({ state: 'late', late_by_ms: (5 * 24 + 1) * 3_600_000 });
    expect(item.due?.toISOString()).toBe(DAY30);
  });

  test('negative control: a dependency resolved early leaves an on-time completion on time', () => {
    const item = release(
      [
        opened({ at: OCCURRED }),
        done('family-viewing', '2026-06-05T15:00:00.000Z'),
        done('release-video', '2026-06-20T15:00:00.000Z'),
      ],
      '2026-07-07T15:00:00.000Z',
    );
    expect(item.state).toBe('done');
  });
});

describe('extensions across spring-forward are counted in calendar days', () => {
  // 2025-10-11 12:00 CDT + P30D = 2025-11-10 12:00 CST (18:00Z). Ten P30D extensions: 300 days
  // later, 2026-09-06 12:00 CDT (17:00Z), one hour fewer elapsed because the clocks sprang forward.
  const pb = withActions(
    task('video-release', { due: { after: 'occurred', within: 'P30D' }, extendable: { max: 'P300D' } }),
  );
  test('ten --by P30D extensions say 300 days, not 299', () => {
    const drafts: Draft[] = [...opened({ at: '2025-10-11T17:00:00.000Z' })];
    let due = '2025-11-10T18:00:00.000Z';
    for (let i = 0; i < 10; i++) {
      const events = given(...drafts).when(
        { kind: 'extend', action: 'video-release', by: 'P30D', reason: `review ${i}` },
        { now: '2025-11-01T12:00:00.000Z', actor: manager, playbook: pb },
      ).then;
      const [e] = events([
        {
          type: 'deadline.extended',
          data: {
            action: 'video-release',
            occurrence: 0,
            due: expect.any(String) as never,
            from: due,
            reason: `review ${i}`,
          },
        },
      ]);
      due = (e!.data as { due: string }).due;
      drafts.push(ev('deadline.extended', e!.data as never, '2025-11-01T12:00:00.000Z'));
    }
    expect(due).toBe('2026-09-06T17:00:00.000Z');
    given(...drafts)
      .when(
        { kind: 'extend', action: 'video-release', by: 'P1D', reason: 'more' },
        { now: '2025-11-01T12:00:00.000Z', actor: manager, playbook: pb },
      )
      .thenThrows(InputError, /it has been extended by 300 days so far/);
  });
});

describe('depends_on is enforced at done', () => {
  const pb = withActions(
    task('family-viewing', { due: { after: 'occurred', within: 'P14D' } }),
    task('release-video', { due: { after: 'occurred', within: 'P30D' }, depends_on: ['family-viewing'] }),
  );
  const OCCURRED = '2026-06-01T15:00:00.000Z';
  test('the release cannot be recorded before the family viewing', () => {
    given(opened({ at: OCCURRED }))
      .when({ kind: 'done', action: 'release-video' }, { now: '2026-06-10T15:00:00.000Z', playbook: pb })
      .thenThrows(InputError, /cannot be done yet: the playbook puts it after “family-viewing”|cannot be done yet/);
  });
  test('the refusal names the step it waits for, by title and id, and the role that records it', () => {
    const viewing = task('family-viewing', {
      title: 'Offer the family a viewing',
      owner: 'police-chief',
      due: { after: 'occurred', within: 'P14D' },
    });
    const release = task('release-video', {
      due: { after: 'occurred', within: 'P30D' },
      depends_on: ['family-viewing'],
    });
    const err = given(opened({ at: OCCURRED }))
      .when(
        { kind: 'done', action: 'release-video' },
        { now: '2026-06-10T15:00:00.000Z', playbook: { ...base, actions: [...base.actions, viewing, release] } },
      )
      .thenThrows(InputError, /cannot be done yet/) as InputError;
    expect(err.message).toBe(
      '"release-video" cannot be done yet: the playbook puts it after "Offer the family a viewing" ("family-viewing"), not yet recorded. Nothing was recorded.',
    );
    expect(err.hint).toBe(
      'Record it first (Police Chief (police-chief): cic done family-viewing --as police-chief), or skip it with a reason; then try again.',
    );
  });
  test('negative control: after the viewing it can', () => {
    given(opened({ at: OCCURRED }), done('family-viewing', '2026-06-05T15:00:00.000Z'))
      .when({ kind: 'done', action: 'release-video' }, { now: '2026-06-10T15:00:00.000Z', playbook: pb })
      .then([{ type: 'action.completed', data: { action: 'release-video', occurrence: 0 } }]);
  });
});
