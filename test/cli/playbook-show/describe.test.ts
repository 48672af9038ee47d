import { describe, expect, test } from '@jest/globals';
import {
  actionsInTimeOrder,
  applicability,
  approximateMillis,
  conditionForTier,
  conditionWords,
  deadlineRuleWords,
  deadlineWords,
  pointWords,
  promiseRuleWords,
  releaseWords,
} from '../../../src/core/playbook/describe.js';
import type { Action, Condition, Fact, TimeRule } from '../../../src/core/playbook/model.js';
import { oneLine } from '../../../src/core/text/visible.js';

const act = (id: string, due: TimeRule, extra: Partial<Action> = {}): Action => ({
  id,
  title: `Title of ${id}`,
  kind: 'task',
  owner: 'city-manager',
  due,
  ...extra,
});

const actions: Action[] = [
  act('holding-statement', { after: 'declared', within: 'PT1H' }, { title: 'Release the holding statement' }),
  act('log-records-request', { after: 'declared', business_days: 1 }, { title: 'Log the records request' }),
];

describe('deadline rules in words', () => {
  test.each<[TimeRule, string]>([
    [{ after: 'declared', within: 'PT15M' }, 'within 15 minutes of declaration'],
    [{ after: 'occurred', within: 'PT1H' }, 'within 1 hour of the incident'],
    [{ after: 'occurred', within: 'PT24H' }, 'within 24 hours of the incident'],
    [{ after: 'occurred', within: 'P1D' }, '1 day after the incident'],
    [{ after: 'occurred', within: 'P45D' }, '45 days after the incident'],
    [{ after: 'occurred', within: 'P1M' }, '1 month after the incident'],
    [{ after: 'tier_set', within: 'PT24H' }, 'within 24 hours of the tier being set'],
    [{ after: 'tier_set', within: 'P2D' }, '2 days after the tier is set'],
    [{ after: 'closed', business_days: 30 }, 'within 30 business days of closing'],
    [{ after: 'declared', business_days: 1 }, 'within 1 business day of declaration'],
    [{ after: 'declared', within: 'PT2H30M' }, 'within 2 hours 30 minutes of declaration'],
    [{ after: 'declared', within: 'PT0M' }, 'immediately after declaration'],
    [
      { after: { action: 'holding-statement' }, within: 'PT1H' },
      '1 hour after “Release the holding statement” is done',
    ],
    [
      { after: { action: 'log-records-request' }, business_days: 3 },
      '3 business days after “Log the records request” is done',
    ],
    [{ after: { action: 'holding-statement' }, within: 'PT0M' }, 'as soon as “Release the holding statement” is done'],
    [{ after: { action: 'no-such-action' }, within: 'PT1H' }, '1 hour after “no-such-action” is done'],
  ])('%j → %s', (rule, words) => {
    expect(deadlineRuleWords(rule, actions)).toBe(words);
  });

  test('a whole deadline adds the recurrence and the extension', () => {
    const update = act(
      'public-update',
      { after: { action: 'holding-statement' }, within: 'PT4H' },
      {
        repeat: { every: 'PT4H', until: 'closed' },
      },
    );
    expect(deadlineWords(update, actions)).toBe(
      '4 hours after “Release the holding statement” is done, then every 4 hours after that until closed',
    );
    const video = act('video', { after: 'occurred', within: 'P45D' }, { extendable: { max: 'P30D' } });
    expect(deadlineWords(video, actions)).toBe('45 days after the incident, extendable by 30 days with a reason');
    expect(deadlineWords(act('plain', { after: 'declared', within: 'PT1H' }), actions)).toBe(
      'within 1 hour of declaration',
    );
  });

  test('a release time reads as a point, never "within"', () => {
    expect(pointWords({ after: { action: 'holding-statement' }, within: 'PT48H' }, actions)).toBe(
      '48 hours after “Release the holding statement” is done',
    );
    expect(pointWords({ after: 'occurred', within: 'PT48H' }, actions)).toBe('48 hours after the incident');
    expect(pointWords({ after: { action: 'holding-statement' }, within: 'PT0M' }, actions)).toBe(
      '“Release the holding statement” is done',
    );
    const names: Fact = {
      id: 'officer_names',
      type: 'text',
      prompt: 'Names',
      sensitive: { not_before: { after: 'occurred', within: 'PT48H' } },
    };
    expect(releaseWords(names, actions)).toBe('not before 48 hours after the incident');
    expect(releaseWords({ id: 'x', type: 'text', prompt: 'x' }, actions)).toBeUndefined();
  });

  test.each([
    [
      { updates: 'a' },
      'never a time already past; once released, the next “Title of a” is due by then (where it does not apply, the promise alone owes one)',
    ],
    [true, 'never a time already past'],
    [undefined, undefined],
  ] as const)('a promise fact (%j) in words', (promise, words) => {
    const actions = [act('a', { after: 'declared', within: 'PT4H' }, { repeat: { every: 'PT4H', until: 'closed' } })];
    const fact: Fact = {
      id: 'next_update_at',
      type: 'date-time',
      prompt: 'When?',
      ...(promise === undefined ? {} : { promise }),
    };
    expect(promiseRuleWords(fact, actions)).toBe(words);
  });

  test('a title is put in as written (the view escapes the words once, as it prints them)', () => {
    const sneaky = [act('a', { after: 'declared', within: 'PT1H' }, { title: 'Done\rNOT done\u202e' })];
    const words = deadlineRuleWords({ after: { action: 'a' }, within: 'PT1H' }, sneaky);
    expect(words).toBe('1 hour after “Done\rNOT done\u202e” is done');
    expect(oneLine(words)).toBe('1 hour after “Done\\rNOT done\\u{202e}” is done');
  });
});

describe('conditions in words', () => {
  test.each<[Condition, string]>([
    [{ fact: 'shots', equals: true }, 'shots is yes'],
    [{ fact: 'shots', equals: false }, 'shots is no'],
    [{ fact: 'media', equals: '5-or-more' }, 'media is 5-or-more'],
    [{ fact: 'count', equals: 3 }, 'count is 3'],
    [{ fact: 'injury', in: ['hospitalised', 'death'] }, 'injury is one of hospitalised, death'],
    [{ fact: 'injury', in: ['death'] }, 'injury is death'],
    [{ fact: 'partner', set: true }, 'partner is recorded'],
    [{ fact: 'partner', set: false }, 'partner is not recorded'],
    [{ tier: ['tier-1', 'tier-2'] }, 'the tier is tier-1 or tier-2'],
    [{ not: { fact: 'a', equals: true } }, 'not (a is yes)'],
    [{ all: [] }, 'always'],
    [{ any: [] }, 'never'],
    [
      {
        any: [
          { fact: 'a', equals: true },
          {
            all: [
              { fact: 'b', equals: true },
              { fact: 'c', in: ['x', 'y'] },
            ],
          },
        ],
      },
      'a is yes or (b is yes and c is one of x, y)',
    ],
    [{ all: [{ any: [{ fact: 'a', equals: true }] }, { fact: 'b', equals: true }] }, 'a is yes and b is yes'],
  ])('%j → %s', (cond, words) => {
    expect(conditionWords(cond)).toBe(words);
  });

  test('knowing the tier settles tier tests and simplifies around them', () => {
    const c: Condition = { any: [{ tier: ['tier-3'] }, { fact: 'partner', set: true }] };
    expect(conditionForTier(c, 'tier-3')).toBe(true);
    expect(conditionForTier(c, 'tier-1')).toEqual({ fact: 'partner', set: true });
    expect(conditionForTier({ all: [{ tier: ['tier-1'] }, { fact: 'a', equals: true }] }, 'tier-2')).toBe(false);
    expect(conditionForTier({ not: { tier: ['tier-1'] } }, 'tier-1')).toBe(false);
    expect(conditionForTier({ not: { fact: 'a', equals: true } }, 'tier-1')).toEqual({
      not: { fact: 'a', equals: true },
    });
    expect(
      conditionForTier({ all: [{ fact: 'a', equals: true }, { fact: 'b', equals: true }, { tier: ['t'] }] }, 't'),
    ).toEqual({
      all: [
        { fact: 'a', equals: true },
        { fact: 'b', equals: true },
      ],
    });
  });

  test('applicability: the tiers list, then the condition', () => {
    const base = act('x', { after: 'declared', within: 'PT1H' });
    expect(applicability(base, 'tier-9')).toEqual({ applies: true });
    expect(applicability({ ...base, tiers: ['tier-1'] }, 'tier-2')).toEqual({ applies: false });
    expect(applicability({ ...base, when: { tier: ['tier-2'] } }, 'tier-1')).toEqual({ applies: false });
    expect(applicability({ ...base, when: { fact: 'a', equals: true } }, 'tier-1')).toEqual({
      applies: true,
      condition: { fact: 'a', equals: true },
    });
  });
});

describe('a tier in time order', () => {
  const ids = (list: Action[], tier = 'tier-1') => actionsInTimeOrder(list, tier).map((t) => t.action.id);

  test('approximate lengths: business days take 7/5 of a day, calendar and clock add up', () => {
    const day = 86_400_000;
    expect(approximateMillis({ after: 'declared', business_days: 5 })).toBe(7 * day);
    expect(approximateMillis({ after: 'declared', within: 'P1DT2H' })).toBe(day + 2 * 3_600_000);
    expect(approximateMillis({ after: 'declared', within: 'P1W' })).toBe(7 * day);
  });

  test('sorted by offset; ties keep the playbook order', () => {
    const list = [
      act('video', { after: 'occurred', within: 'P45D' }),
      act('statement', { after: 'declared', within: 'PT1H' }),
      act('briefing', { after: 'declared', within: 'PT1H' }),
      act('notify', { after: 'declared', within: 'PT15M' }),
      act('records', { after: 'declared', business_days: 3 }),
      act('press', { after: 'tier_set', within: 'PT24H' }),
    ];
    expect(ids(list)).toEqual(['notify', 'statement', 'briefing', 'press', 'records', 'video']);
  });

  test('three business days come after 3 calendar days and before 5', () => {
    const list = [
      act('five', { after: 'declared', within: 'P5D' }),
      act('three-bd', { after: 'declared', business_days: 3 }),
      act('three', { after: 'declared', within: 'P3D' }),
    ];
    expect(ids(list)).toEqual(['three', 'three-bd', 'five']);
  });

  test('an action anchored on another comes after it, even with a zero or small offset', () => {
    const list = [
      act('follow-up', { after: { action: 'late' }, within: 'PT0M' }),
      act('late', { after: 'declared', within: 'PT10H' }),
      act('early', { after: 'declared', within: 'PT12H' }),
    ];
    expect(ids(list)).toEqual(['late', 'follow-up', 'early']);
  });

  test('a dependency is never listed after the action that depends on it', () => {
    const list = [
      act('dependent', { after: 'declared', within: 'PT1H' }, { depends_on: ['slow'] }),
      act('slow', { after: 'declared', within: 'PT2H' }),
    ];
    expect(ids(list)).toEqual(['slow', 'dependent']);
  });

  test('everything anchored on closing comes last, in its own order', () => {
    const list = [
      act('report', { after: 'closed', business_days: 30 }),
      act('log', { after: 'closed', business_days: 2 }),
      act('video', { after: 'occurred', within: 'P45D' }),
      act('after-log', { after: { action: 'log' }, within: 'PT1H' }),
    ];
    expect(ids(list)).toEqual(['video', 'log', 'after-log', 'report']);
  });

  test('actions of other tiers are left out; a remaining fact condition is kept', () => {
    const list = [
      act('all-tiers', { after: 'declared', within: 'PT1H' }),
      act('tier-2-only', { after: 'declared', within: 'PT1H' }, { tiers: ['tier-2'] }),
      act(
        'partner',
        { after: 'declared', within: 'PT2H' },
        { when: { any: [{ tier: ['tier-3'] }, { fact: 'partner', set: true }] } },
      ),
    ];
    expect(actionsInTimeOrder(list, 'tier-1')).toEqual([
      { action: list[0] },
      { action: list[2], condition: { fact: 'partner', set: true } },
    ]);
    expect(ids(list, 'tier-3')).toEqual(['all-tiers', 'partner']);
    expect(ids(list, 'tier-2')).toEqual(['all-tiers', 'tier-2-only', 'partner']);
  });

  test('a cycle (which the validator reports) does not hang the ordering', () => {
    const list = [
      act('a', { after: { action: 'b' }, within: 'PT1H' }),
      act('b', { after: { action: 'a' }, within: 'PT1H' }),
    ];
    expect(ids(list).sort()).toEqual(['a', 'b']);
  });
});
