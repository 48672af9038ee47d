/**
 * A promised next update is a deadline (src/core/incident/promises.ts): where the public update
 * recurs in the tier, the promise is its next occurrence (due at the earlier of the two, never a
 * second item); where it does not, the promise alone makes one update owed; a later statement's
 * promise supersedes an earlier one if it went out before that time.
 */
import { describe, expect, test } from '@jest/globals';
import { InputError } from '../../../src/core/errors.js';
import { promisedUpdates, promiseWords } from '../../../src/core/incident/promises.js';
import { schedule, type ScheduleItem } from '../../../src/core/incident/schedule.js';
import type { IncidentState } from '../../../src/core/incident/state.js';
import type { Playbook } from '../../../src/core/playbook/model.js';
import { pio, playbook as base, SHA } from './fixtures.js';
import { done, ev, given, opened, stateOf, type Draft } from './spec.js';

const OPEN = '2026-06-10T15:00:00.000Z'; // 10:00 CDT
const h = (n: number) => new Date(Date.parse(OPEN) + n * 3_600_000).toISOString();

/** The fixture playbook with a promised next update that drives a 4-hour public update in Tier 1. */
const playbook: Playbook = {
  ...base,
  facts: [
    ...base.facts,
    { id: 'next_update_at', type: 'date-time', prompt: 'Next update?', promise: { updates: 'public-update' } },
  ],
  actions: [
    ...base.actions,
    {
      id: 'public-update',
      title: 'Public update',
      kind: 'statement',
      owner: 'pio',
      approvers: ['police-chief'],
      tiers: ['tier-1'],
      template: 'holding',
      due: { after: { action: 'holding-statement' }, within: 'PT4H' },
      repeat: { every: 'PT4H', until: 'closed' },
    },
    {
      id: 'trust-statement',
      title: 'Community-trust statement',
      kind: 'statement',
      owner: 'city-manager',
      tiers: ['tier-2', 'tier-3'],
      template: 'holding',
      due: { after: 'tier_set', within: 'PT24H' },
    },
    {
      id: 'talking-points',
      title: 'Talking points',
      kind: 'statement',
      owner: 'pio',
      tiers: ['tier-2'],
      template: 'holding',
      statement: { talking_points: true },
      due: { after: 'tier_set', within: 'PT24H' },
    },
  ],
};

/** A release of `statement` at `at` promising the next update at `promised`, and its completion. */
function released(statement: string, at: string, promised: string, occurrence = 0, version = 1): Draft[] {
  const data = { statement, version, sha256: SHA, channels: ['web'], facts: { next_update_at: promised } };
  return [ev('statement.released', data, at, { actor: pio }), done(statement, at, { occurrence, actor: pio })];
}

const board = (s: IncidentState, now: string) => schedule(s, playbook, new Date(now));
const updates = (items: ScheduleItem[]) =>
  items
    .filter((i) => i.action === 'public-update')
    .sort((a, b) => a.occurrence - b.occurrence)
    .map((i) => [i.occurrence, i.named, i.due?.toISOString(), i.owner, i.promise?.promise.statement]);

describe('a tier whose public update recurs (Tier 1)', () => {
  const holding = released('holding-statement', h(0.5), h(4));

  test('the promise is the next public update: one item, due at the promise (sooner than the cadence)', () => {
    const items = board(stateOf(opened({ at: OPEN }), holding), h(1));
    expect(updates(items)).toEqual([[0, 'upcoming', h(4), 'pio', 'holding-statement']]);
  });

  test('negative control: with nothing promised, the cadence alone sets it (4 h after the holding statement)', () => {
    const data = { statement: 'holding-statement', version: 1, sha256: SHA, channels: ['web'], facts: {} };
    const s = stateOf(opened({ at: OPEN }), ev('statement.released', data, h(0.5)), done('holding-statement', h(0.5)));
    expect(updates(board(s, h(1)))).toEqual([[0, 'upcoming', h(4.5), 'pio', undefined]]);
  });

  test('a promise later than the cadence does not move the cadence later', () => {
    const s = stateOf(opened({ at: OPEN }), released('holding-statement', h(0.5), h(6)));
    expect(updates(board(s, h(1)))).toEqual([[0, 'upcoming', h(4.5), 'pio', 'holding-statement']]);
  });

  test('a kept promise completes the update; the update promises the next one', () => {
    const s = stateOf(opened({ at: OPEN }), holding, released('public-update', h(3.5), h(7)));
    expect(updates(board(s, h(4)))).toEqual([
      [0, 'done', h(4), 'pio', 'holding-statement'],
      [1, 'upcoming', h(7), 'pio', 'public-update'],
    ]);
  });

  test('a broken promise: overdue at the promised time, late when given, on-time rate counts it', () => {
    const s = stateOf(opened({ at: OPEN }), holding);
    expect(updates(board(s, h(4.25)))).toEqual([
      [0, 'overdue', h(4), 'pio', 'holding-statement'],
      [1, 'upcoming', h(8.5), 'pio', undefined],
    ]);
    const late = stateOf(opened({ at: OPEN }), holding, released('public-update', h(4.25), h(8)));
    expect(updates(board(late, h(4.5)))[0]).toEqual([0, 'late', h(4), 'pio', 'holding-statement']);
  });

  test('the promised update is the one a command means (given/when/then through the decider)', () => {
    given(opened({ at: OPEN }), holding)
      .when(
        { kind: 'skip', action: 'public-update', reason: 'merged into the briefing' },
        { now: h(3), actor: pio, playbook },
      )
      .then([
        {
          type: 'action.skipped',
          data: { action: 'public-update', occurrence: 0, reason: 'merged into the briefing' },
        },
      ]);
  });
});

describe('a tier without a cadence (Tier 2)', () => {
  const trust = released('trust-statement', h(1), h(5));
  const open2 = opened({ at: OPEN, tier: 'tier-2' });

  test('the promise alone makes one public update owed, by the update’s owner, at the promised time', () => {
    const items = board(stateOf(open2, trust), h(2));
    expect(updates(items)).toEqual([[0, 'upcoming', h(5), 'pio', 'trust-statement']]);
    expect(items.find((i) => i.action === 'public-update')!.applicable).toBe(true);
  });

  test('negative control: nothing promised, no public update in this tier', () => {
    const data = { statement: 'trust-statement', version: 1, sha256: SHA, channels: ['web'], facts: {} };
    const s = stateOf(open2, ev('statement.released', data, h(1)), done('trust-statement', h(1)));
    expect(updates(board(s, h(2)))).toEqual([]);
  });

  test('talking points promise nothing: they go to the speakers, not the public', () => {
    expect(updates(board(stateOf(open2, released('talking-points', h(1), h(5))), h(2)))).toEqual([]);
  });

  test('due, overdue, then late or done', () => {
    const s = stateOf(open2, trust);
    expect(updates(board(s, h(4.5)))[0]![1]).toBe('due');
    expect(updates(board(s, h(6)))[0]![1]).toBe('overdue');
    const late = stateOf(open2, trust, done('public-update', h(6), { actor: pio }));
    expect(updates(board(late, h(7)))).toEqual([[0, 'late', h(5), 'pio', 'trust-statement']]);
    const kept = stateOf(open2, trust, done('public-update', h(4), { actor: pio }));
    expect(updates(board(kept, h(7)))).toEqual([[0, 'done', h(5), 'pio', 'trust-statement']]);
  });

  test('not owed when the incident closes before the promised time: the updates stop, as a cadence does', () => {
    const s = stateOf(open2, trust, ev('incident.closed', { reason: 'over', forced: true, left_open: [] }, h(4)));
    expect(updates(board(s, h(7)))).toEqual([]);
  });

  test('missed when the incident closes with the promise unkept', () => {
    const s = stateOf(open2, trust, ev('incident.closed', { reason: 'over', forced: true, left_open: [] }, h(6)));
    expect(updates(board(s, h(7)))[0]![1]).toBe('missed');
  });

  test('it may be recorded although the tier has no public update, because one was promised', () => {
    given(open2, trust)
      .when(
        { kind: 'skip', action: 'public-update', reason: 'said at the briefing' },
        { now: h(3), actor: pio, playbook },
      )
      .then([
        { type: 'action.skipped', data: { action: 'public-update', occurrence: 0, reason: 'said at the briefing' } },
      ]);
  });

  test('negative control: with nothing promised, it is refused as not applying to the tier', () => {
    given(open2)
      .when({ kind: 'skip', action: 'public-update', reason: 'x' }, { now: h(3), actor: pio, playbook })
      .thenThrows(InputError, 'does not apply');
  });
});

describe('tiers with different updates: a list, the first that applies in the tier', () => {
  const trustUpdate = {
    id: 'trust-update',
    title: 'Daily update on the review',
    kind: 'statement' as const,
    owner: 'pio',
    tiers: ['tier-3'],
    template: 'holding',
    due: { after: { action: 'trust-statement' }, within: 'P1D' },
    repeat: { every: 'P1D', until: 'closed' as const },
  };
  const listed = (updates: string | string[]): Playbook => ({
    ...playbook,
    facts: playbook.facts.map((f) => (f.id === 'next_update_at' ? { ...f, promise: { updates } } : f)),
    actions: [...playbook.actions, trustUpdate],
  });
  const open3 = opened({ at: OPEN, tier: 'tier-3' });
  const trust = released('trust-statement', h(1), h(10));
  const owed = (pb: Playbook) =>
    schedule(stateOf(open3, trust), pb, new Date(h(2)))
      .filter((i) => i.action === 'public-update' || i.action === 'trust-update')
      .map((i) => [i.action, i.occurrence, i.due?.toISOString(), i.promise?.promise.statement]);

  test('a Tier 3 promise moves Tier 3’s own daily update: one item, due at the promise', () => {
    expect(owed(listed(['public-update', 'trust-update']))).toEqual([['trust-update', 0, h(10), 'trust-statement']]);
  });

  test('negative control: naming only Tier 1’s update, the Tier 3 promise owes a second, separate item', () => {
    expect(owed(listed('public-update'))).toEqual([
      ['public-update', 0, h(10), 'trust-statement'],
      ['trust-update', 0, h(25), undefined],
    ]);
  });

  test('in Tier 1 the same list binds the promise to Tier 1’s update', () => {
    const s = stateOf(opened({ at: OPEN }), released('holding-statement', h(0.5), h(4)));
    expect(updates(schedule(s, listed(['public-update', 'trust-update']), new Date(h(1))))).toEqual([
      [0, 'upcoming', h(4), 'pio', 'holding-statement'],
    ]);
  });
});

describe('re-tiering after a promised update was given', () => {
  test('it keeps the deadline it had: late under the cadence stays late where the update no longer applies', () => {
    const given = [
      opened({ at: OPEN }),
      released('holding-statement', h(0.5), h(6)), // later than the cadence's h(4.5)
      released('public-update', h(5), h(9)),
    ];
    expect(updates(board(stateOf(...given), h(5.5)))[0]).toEqual([0, 'late', h(4.5), 'pio', 'holding-statement']);
    const retiered = stateOf(
      ...given,
      ev('incident.classified', { tier: 'tier-2', from: 'tier-1', reason: 'no injury', method: 'manual' }, h(6)),
    );
    expect(updates(board(retiered, h(6.5)))[0]).toEqual([0, 'late', h(4.5), 'pio', 'holding-statement']);
  });
});

describe('a later promise', () => {
  const open2 = opened({ at: OPEN, tier: 'tier-2' });

  test('released before the promised time, it supersedes it: the deadline moves and the earlier is kept on record', () => {
    const s = stateOf(
      open2,
      released('trust-statement', h(1), h(5)),
      ev(
        'statement.released',
        { statement: 'trust-statement', version: 2, sha256: SHA, channels: ['web'], facts: { next_update_at: h(8) } },
        h(4),
      ),
    );
    const item = board(s, h(4.5)).find((i) => i.action === 'public-update')!;
    expect([item.named, item.due?.toISOString(), item.promise?.promise.version]).toEqual(['upcoming', h(8), 2]);
    expect(item.promise!.superseded.map((p) => p.at)).toEqual([h(5)]);
    const words = promiseWords({ ...item.promise!, current: item.promise!.promise }, (t) => t.slice(11, 16));
    expect(words).toBe(
      'promised for 23:00 in trust-statement v2 (released 19:00); supersedes the promise of 20:00 in trust-statement v1',
    );
  });

  test('released after the promised time had passed, it does not excuse the broken promise', () => {
    const s = stateOf(
      open2,
      released('trust-statement', h(1), h(5)),
      ev(
        'statement.released',
        { statement: 'trust-statement', version: 2, sha256: SHA, channels: ['web'], facts: { next_update_at: h(8) } },
        h(6),
      ),
    );
    const item = board(s, h(6.5)).find((i) => i.action === 'public-update')!;
    expect([item.named, item.due?.toISOString()]).toEqual(['overdue', h(5)]);
    expect(item.promise!.after_passed.map((p) => p.at)).toEqual([h(8)]);
  });

  test('the same time said again is the same promise, not a superseded one', () => {
    const s = stateOf(open2, released('trust-statement', h(1), h(5)), released('trust-statement', h(2), h(5), 0, 2));
    const p = promisedUpdates(s, playbook).get('public-update')!.get(0)!;
    expect([p.promise.version, p.superseded.length]).toEqual([1, 0]);
  });

  test('in Tier 1, a later promise for the same update moves that one update, still one item', () => {
    const s = stateOf(
      opened({ at: OPEN }),
      released('holding-statement', h(0.5), h(4)),
      ev(
        'statement.released',
        { statement: 'trust-statement', version: 1, sha256: SHA, channels: ['web'], facts: { next_update_at: h(3) } },
        h(1),
      ),
    );
    expect(updates(board(s, h(1.5)))).toEqual([[0, 'upcoming', h(3), 'pio', 'trust-statement']]);
  });
});

describe('promiseWords (table)', () => {
  const t = (x: string) => x;
  const p = (at: string, statement = 's', version = 1, made_at = 'm') => ({ at, statement, version, made_at });
  test.each([
    [{ current: p('06:00'), superseded: [], after_passed: [] }, 'promised for 06:00 in s v1 (released m)'],
    [
      { current: p('09:00', 'b', 2), superseded: [p('06:00'), p('07:00', 'a')], after_passed: [] },
      'promised for 09:00 in b v2 (released m); supersedes the promise of 06:00 in s v1, then of 07:00 in a v1',
    ],
    [
      { current: p('06:00'), superseded: [], after_passed: [p('10:00', 'c')] },
      'promised for 06:00 in s v1 (released m); promised again for 10:00 in c v1 after this time had passed',
    ],
  ])('%j', (input, expected) => {
    expect(promiseWords(input, t)).toBe(expected);
  });
});
