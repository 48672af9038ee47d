import { describe, expect, test } from '@jest/globals';
import { InputError, PermissionError } from '../../../src/core/errors.js';
import { OpenItemsError } from '../../../src/core/incident/decide.js';
import { schedule } from '../../../src/core/incident/schedule.js';
import { actor, chief, clerk, deputy, manager, mayor, pio, playbook, SHA } from './fixtures.js';
import { done, ev, given, opened, stateOf } from './spec.js';

const OPEN = '2026-06-10T15:00:00.000Z'; // 10:00 CDT
const h = (n: number) => new Date(Date.parse(OPEN) + n * 3_600_000).toISOString();
const tier1 = opened({ at: OPEN });

describe('open', () => {
  test('classifies by the questions, records each fact typed', () => {
    given()
      .when(
        {
          kind: 'open',
          title: ' Shooting at 5th and Main ',
          occurred_at: new Date(h(-1)),
          facts: { injury: 'Fatal', use_of_force: 'yes', vehicles: '4' },
          playbook_sha256: SHA,
        },
        { now: OPEN },
      )
      .then([
        {
          type: 'incident.opened',
          data: {
            title: 'Shooting at 5th and Main',
            occurred_at: h(-1),
            playbook: { id: 'test-city', version: '1.0', sha256: SHA },
          },
        },
        { type: 'fact.recorded', data: { fact: 'injury', value: 'fatal' } },
        { type: 'fact.recorded', data: { fact: 'use_of_force', value: true } },
        { type: 'fact.recorded', data: { fact: 'vehicles', value: 4 } },
        {
          type: 'incident.classified',
          data: {
            tier: 'tier-1',
            reason: expect.stringContaining(
              'Tier 1: Serious injury or death. — matched because injury is fatal',
            ) as unknown as string,
            method: 'questions',
          },
        },
      ]);
  });

  test('a tier set by hand records the reason and the manual method', () => {
    const events = given()
      .when(
        {
          kind: 'open',
          title: 'Drill',
          occurred_at: new Date(OPEN),
          facts: {},
          tier: 'tier-x',
          reason: 'tabletop exercise',
          playbook_sha256: SHA,
        },
        { now: OPEN },
      )
      .then([
        {
          type: 'incident.opened',
          data: { title: 'Drill', occurred_at: OPEN, playbook: { id: 'test-city', version: '1.0', sha256: SHA } },
        },
        {
          type: 'incident.classified',
          data: { tier: 'tier-x', reason: 'set manually: tabletop exercise', method: 'manual' },
        },
      ]);
    expect(events).toHaveLength(2);
  });

  const base = { kind: 'open' as const, title: 'T', occurred_at: new Date(OPEN), playbook_sha256: SHA };
  test.each([
    ['unknown tier', { ...base, facts: {}, tier: 'tier-9' }, /Unknown tier "tier-9"[\s\S]*tier-1 \(Tier 1\), tier-2/],
    ['unanswered questions', { ...base, facts: { injury: 'none' } }, /unanswered: use_of_force, bias_complaint/],
    [
      'no tier matched',
      { ...base, facts: { injury: 'none', use_of_force: 'no', bias_complaint: 'no' } },
      /No tier's definition matches[\s\S]*--tier/,
    ],
    ['unknown fact', { ...base, facts: { weather: 'rain' }, tier: 'tier-1' }, /Unknown fact "weather"/],
    ['bad value', { ...base, facts: { vehicles: 'four' }, tier: 'tier-1' }, /Fact vehicles expects a number/],
    ['no title', { ...base, title: '  ', facts: {}, tier: 'tier-1' }, /needs a title/],
    [
      'occurred in the future',
      { ...base, occurred_at: new Date(h(1)), facts: {}, tier: 'tier-1' },
      /cannot have occurred in the future: 2026-06-10 11:00 CDT/,
    ],
  ])('refuses: %s', (_name, command, fragment) => {
    given().when(command, { now: OPEN }).thenThrows(InputError, fragment);
  });

  test('refuses to open twice', () => {
    given(tier1)
      .when({ ...base, facts: {}, tier: 'tier-1' }, { now: OPEN })
      .thenThrows(InputError, /already open/);
  });

  test('the actor role must exist in the playbook', () => {
    given()
      .when({ ...base, facts: {}, tier: 'tier-1' }, { now: OPEN, actor: actor('janitor') })
      .thenThrows(InputError, /Role "janitor" is not defined[\s\S]*city-manager, police-chief/);
  });
});

describe('fact set', () => {
  test('records only values that changed, with the stated time', () => {
    given(opened({ at: OPEN, facts: { vehicles: 4, location: 'Main St' } }))
      .when(
        { kind: 'setFacts', facts: { vehicles: '6', location: 'Main St' }, stated_at: new Date(h(1)) },
        { now: h(2) },
      )
      .then([{ type: 'fact.recorded', data: { fact: 'vehicles', value: 6 }, stated_at: h(1) }]);
  });

  test('a fact id like __proto__ is just a fact', () => {
    given(tier1)
      .when({ kind: 'setFacts', facts: JSON.parse('{"__proto__": "x"}') as Record<string, string> }, { now: h(1) })
      .then([{ type: 'fact.recorded', data: { fact: '__proto__', value: 'x' } }]);
  });

  test.each([
    ['unknown fact', { weather: 'rain' }, InputError, /Unknown fact "weather"/],
    ['bad choice', { injury: 'bruised' }, InputError, /one of: none, minor, serious, fatal/],
    ['no facts', {}, InputError, /No facts given/],
  ])('refuses: %s', (_name, facts, errorClass, fragment) => {
    given(tier1)
      .when({ kind: 'setFacts', facts }, { now: h(1) })
      .thenThrows(errorClass, fragment);
  });
});

describe('escalate', () => {
  test('re-tiers with the reason and the previous tier', () => {
    given(opened({ at: OPEN, tier: 'tier-3' }))
      .when({ kind: 'escalate', tier: 'tier-1', reason: 'subject died in hospital' }, { now: h(5) })
      .then([
        {
          type: 'incident.classified',
          data: { tier: 'tier-1', reason: 'subject died in hospital', from: 'tier-3', method: 'manual' },
        },
      ]);
  });
  test('de-escalation is the same event', () => {
    given(tier1)
      .when({ kind: 'escalate', tier: 'tier-2', reason: 'injuries were minor' }, { now: h(1) })
      .then([
        {
          type: 'incident.classified',
          data: { tier: 'tier-2', reason: 'injuries were minor', from: 'tier-1', method: 'manual' },
        },
      ]);
  });
  test.each([
    ['same tier', 'tier-1', 'because', /already tier "tier-1"/],
    ['unknown tier', 'tier-0', 'because', /Unknown tier "tier-0"/],
    ['missing reason', 'tier-2', '  ', /A reason is required/],
  ])('refuses: %s', (_name, tier, reason, fragment) => {
    given(tier1)
      .when({ kind: 'escalate', tier, reason }, { now: h(1) })
      .thenThrows(InputError, fragment);
  });
});

describe('done', () => {
  test('records the occurrence, the note and the stated time', () => {
    given(tier1)
      .when(
        { kind: 'done', action: 'notify-city-manager', stated_at: new Date(h(0.25)), note: ' called at 10:15 ' },
        { now: h(1), actor: chief },
      )
      .then([
        {
          type: 'action.completed',
          data: { action: 'notify-city-manager', occurrence: 0, note: 'called at 10:15' },
          stated_at: h(0.25),
        },
      ]);
  });

  test('a role that acts for the owner may record it', () => {
    given(tier1)
      .when({ kind: 'done', action: 'notify-city-manager' }, { now: h(1), actor: deputy })
      .then([{ type: 'action.completed', data: { action: 'notify-city-manager', occurrence: 0 } }]);
  });

  test('anyone else is not permitted, and is told who may', () => {
    const err = given(tier1)
      .when({ kind: 'done', action: 'notify-city-manager' }, { now: h(1), actor: pio })
      .thenThrows(
        PermissionError,
        /Public Information Officer \(pio\) may not record "notify-city-manager": it belongs to Police Chief \(police-chief\)/,
      );
    expect((err as PermissionError).hint).toMatch(/Police Chief \(police-chief\), Deputy Chief \(deputy-chief\)/);
    expect((err as PermissionError).exitCode).toBe(4);
  });

  test('the default occurrence of a recurring action is the earliest open one', () => {
    given(tier1, done('situation-update', h(4), { actor: pio }))
      .when({ kind: 'done', action: 'situation-update' }, { now: h(9), actor: pio })
      .then([{ type: 'action.completed', data: { action: 'situation-update', occurrence: 1 } }]);
  });

  test('the next, upcoming occurrence may be done early', () => {
    given(tier1)
      .when({ kind: 'done', action: 'situation-update', occurrence: 2 }, { now: h(9), actor: pio })
      .then([{ type: 'action.completed', data: { action: 'situation-update', occurrence: 2 } }]);
  });

  test('something skipped can still turn out to be done', () => {
    given(
      tier1,
      ev('action.skipped', { action: 'evidence-log', occurrence: 0, reason: 'no evidence' }, h(1), { actor: chief }),
    )
      .when({ kind: 'done', action: 'evidence-log' }, { now: h(2), actor: chief })
      .then([{ type: 'action.completed', data: { action: 'evidence-log', occurrence: 0 } }]);
  });

  test.each([
    [
      'unknown action',
      { action: 'notify-pope' },
      chief,
      InputError,
      /Unknown action "notify-pope"[\s\S]*notify-city-manager, notify-mayor/,
    ],
    [
      'a misspelt action: did you mean',
      { action: 'notify-city-manger' },
      chief,
      InputError,
      /Unknown action "notify-city-manger": playbook "[^"]+" has no such action; did you mean "notify-city-manager"\?/,
    ],
    [
      'not for this tier',
      { action: 'community-meeting' },
      manager,
      InputError,
      /does not apply to incident 2026-0007: it applies to tier tier-3 and this incident is tier "tier-1"/,
    ],
    [
      'condition on facts not met',
      { action: 'records-request' },
      clerk,
      InputError,
      /its condition is not met: records_requested is not recorded/,
    ],
    [
      'occurrence that does not exist',
      { action: 'situation-update', occurrence: 7 },
      pio,
      InputError,
      /has no occurrence 7[\s\S]*so far: 0, 1, 2/,
    ],
    [
      'stated in the future',
      { action: 'evidence-log', stated_at: new Date(h(10)) },
      chief,
      InputError,
      /2026-06-10 20:00 CDT is in the future/,
    ],
    [
      'stated before it occurred',
      { action: 'evidence-log', stated_at: new Date(h(-3)) },
      chief,
      InputError,
      /before incident 2026-0007 occurred/,
    ],
    [
      'a statement is completed by its release',
      { action: 'holding-statement' },
      pio,
      InputError,
      /completed by releasing it[\s\S]*cic release holding-statement/,
    ],
    [
      'due only after closing',
      { action: 'after-action-review' },
      manager,
      InputError,
      /due after incident 2026-0007 is closed/,
    ],
  ])('refuses: %s', (_name, fields, who, errorClass, fragment) => {
    given(tier1)
      .when({ kind: 'done', ...fields }, { now: h(9), actor: who })
      .thenThrows(errorClass, fragment);
  });

  test('refuses a second completion, saying when and by whom', () => {
    given(tier1, done('evidence-log', h(1), { actor: chief }))
      .when({ kind: 'done', action: 'evidence-log' }, { now: h(2), actor: deputy })
      .thenThrows(InputError, /"evidence-log" is already done: at 2026-06-10 11:00 CDT by "Chief Ruiz"/);
  });

  test('refuses the same occurrence twice, given explicitly', () => {
    given(tier1, done('situation-update', h(4), { actor: pio }))
      .when({ kind: 'done', action: 'situation-update', occurrence: 0 }, { now: h(5), actor: pio })
      .thenThrows(InputError, /"situation-update" occurrence 0 is already done/);
  });
});

describe('skip', () => {
  test('records the reason', () => {
    given(tier1)
      .when({ kind: 'skip', action: 'thank-partners', reason: 'no partners involved' }, { now: h(1), actor: mayor })
      .then([
        { type: 'action.skipped', data: { action: 'thank-partners', occurrence: 0, reason: 'no partners involved' } },
      ]);
  });
  test.each([
    [
      'missing reason',
      'thank-partners',
      mayor,
      [] as ReturnType<typeof done>[],
      InputError,
      /A reason is required to skip "thank-partners"/,
    ],
    ['wrong role', 'thank-partners', pio, [], PermissionError, /belongs to Mayor \(mayor\)/],
    ['already done', 'evidence-log', chief, [done('evidence-log', h(1), { actor: chief })], InputError, /already done/],
    [
      'already skipped',
      'evidence-log',
      chief,
      [ev('action.skipped', { action: 'evidence-log', occurrence: 0, reason: 'x' }, h(1))],
      InputError,
      /already skipped at 2026-06-10 11:00 CDT/,
    ],
  ])('refuses: %s', (name, action, who, more, errorClass, fragment) => {
    given(tier1, more)
      .when({ kind: 'skip', action, reason: name === 'missing reason' ? ' ' : 'because' }, { now: h(2), actor: who })
      .thenThrows(errorClass, fragment);
  });
});

describe('extend', () => {
  const tier3 = opened({ at: OPEN, tier: 'tier-3' }); // community-meeting due OPEN + P3D, at most P7D more
  test('--by moves the deadline from the current one', () => {
    given(tier3)
      .when({ kind: 'extend', action: 'community-meeting', by: 'P2D', reason: 'venue unavailable' }, { now: h(1) })
      .then([
        {
          type: 'deadline.extended',
          data: {
            action: 'community-meeting',
            occurrence: 0,
            due: h(24 * 5),
            from: h(72),
            reason: 'venue unavailable',
          },
        },
      ]);
  });
  test('--to sets it', () => {
    given(tier3)
      .when({ kind: 'extend', action: 'community-meeting', to: new Date(h(100)), reason: 'r' }, { now: h(1) })
      .then([
        {
          type: 'deadline.extended',
          data: { action: 'community-meeting', occurrence: 0, due: h(100), from: h(72), reason: 'r' },
        },
      ]);
  });
  test('up to the maximum exactly is allowed', () => {
    given(tier3)
      .when({ kind: 'extend', action: 'community-meeting', by: 'P7D', reason: 'r' }, { now: h(1) })
      .then([
        {
          type: 'deadline.extended',
          data: { action: 'community-meeting', occurrence: 0, due: h(240), from: h(72), reason: 'r' },
        },
      ]);
  });
  test('beyond the maximum names the maximum and the total so far', () => {
    given(
      tier3,
      ev(
        'deadline.extended',
        { action: 'community-meeting', occurrence: 0, due: h(72 + 120), from: h(72), reason: 'first' },
        h(2),
      ),
    )
      .when({ kind: 'extend', action: 'community-meeting', by: 'P3D', reason: 'again' }, { now: h(3) })
      .thenThrows(
        InputError,
        /allows at most 7 days \(P7D\) in total beyond the original deadline 2026-06-13 10:00 CDT, that is until 2026-06-20 10:00 CDT; it has been extended by 5 days so far/,
      );
  });
  test.each([
    [
      'not extendable',
      { action: 'evidence-log', by: 'PT1H' },
      chief,
      /cannot be extended: the playbook allows no extension/,
    ],
    [
      'missing reason',
      { action: 'community-meeting', by: 'P1D', reason: '' },
      manager,
      /A reason is required to extend/,
    ],
    ['neither --by nor --to', { action: 'community-meeting' }, manager, /exactly one of --by DURATION or --to TIME/],
    ['both --by and --to', { action: 'community-meeting', by: 'P1D', to: new Date(h(90)) }, manager, /exactly one of/],
    ['bad duration', { action: 'community-meeting', by: '2 days' }, manager, /"2 days" is not an ISO 8601 duration/],
    [
      'earlier deadline',
      { action: 'community-meeting', to: new Date(h(10)) },
      manager,
      /not later than the current one \(2026-06-13 10:00 CDT\)/,
    ],
  ])('refuses: %s', (_name, fields, who, fragment) => {
    given(tier3)
      .when({ kind: 'extend', reason: 'r', ...fields }, { now: h(1), actor: who })
      .thenThrows(InputError, fragment);
  });
  test('wrong role', () => {
    given(tier3)
      .when({ kind: 'extend', action: 'community-meeting', by: 'P1D', reason: 'r' }, { now: h(1), actor: pio })
      .thenThrows(PermissionError, /belongs to City Manager/);
  });
  test('an item waiting on another action has no deadline to extend', () => {
    given(tier1)
      .when({ kind: 'extend', action: 'council-briefing', by: 'P1D', reason: 'r' }, { now: h(1) })
      .thenThrows(InputError, /"council-briefing" has no deadline yet to extend: it waits on notify-mayor/);
  });
  test('an extended deadline can be extended again within the maximum', () => {
    given(
      tier1,
      done('notify-mayor', h(1)),
      ev(
        'deadline.extended',
        { action: 'council-briefing', occurrence: 0, due: h(37), from: h(25), reason: 'a' },
        h(2),
      ),
    )
      .when({ kind: 'extend', action: 'council-briefing', by: 'PT12H', reason: 'b' }, { now: h(3) })
      .then([
        {
          type: 'deadline.extended',
          data: { action: 'council-briefing', occurrence: 0, due: h(49), from: h(37), reason: 'b' },
        },
      ]);
  });
});

describe('note', () => {
  test('records the text and the stated time', () => {
    given(tier1)
      .when({ kind: 'note', text: 'Mayor called', stated_at: new Date(h(0.5)) }, { now: h(1), actor: mayor })
      .then([{ type: 'note', data: { text: 'Mayor called' }, stated_at: h(0.5) }]);
  });
  test('is allowed on a closed incident (annotations after the fact)', () => {
    given(tier1, ev('incident.closed', { forced: true, reason: 'r', left_open: [] }, h(2)))
      .when({ kind: 'note', text: 'filed' }, { now: h(3), actor: clerk })
      .then([{ type: 'note', data: { text: 'filed' } }]);
  });
  test.each([
    ['empty', { text: ' \n' }, /needs some text/],
    ['stated in the future', { text: 'x', stated_at: new Date(h(2)) }, /in the future/],
  ])('refuses: %s', (_name, fields, fragment) => {
    given(tier1)
      .when({ kind: 'note', ...fields }, { now: h(1) })
      .thenThrows(InputError, fragment);
  });
  test('refuses on an incident never opened', () => {
    given()
      .when({ kind: 'note', text: 'x' }, { now: h(1) })
      .thenThrows(InputError, /has not been opened/);
  });
});

describe('close and reopen', () => {
  // tier-x has only the all-tier actions: notify-city-manager, evidence-log, body-cam-review,
  // thank-partners (advisory).
  const exercise = opened({ at: OPEN, tier: 'tier-x' });
  const allDone = [done('notify-city-manager', h(0.5)), done('evidence-log', h(1)), done('body-cam-review', h(1))];

  test('with nothing open it closes, leaving nothing open (advisory items do not count)', () => {
    given(exercise, allDone)
      .when({ kind: 'close', force: false }, { now: h(2) })
      .then([{ type: 'incident.closed', data: { forced: false, left_open: [] } }]);
  });

  test('with required items open it asks for confirmation, listing them', () => {
    const err = given(exercise, done('notify-city-manager', h(0.5)))
      .when({ kind: 'close', force: false }, { now: h(2) })
      .thenThrows(OpenItemsError, /2 required items still open: body-cam-review, evidence-log/);
    expect((err as OpenItemsError).items.map((i) => i.action)).toEqual(['body-cam-review', 'evidence-log']);
    expect((err as OpenItemsError).exitCode).toBe(2);
  });

  test('confirmed, it records what was left open', () => {
    given(exercise, done('notify-city-manager', h(0.5)))
      .when({ kind: 'close', force: false, confirmed: true }, { now: h(2) })
      .then([
        {
          type: 'incident.closed',
          data: {
            forced: false,
            left_open: [
              { action: 'body-cam-review', occurrence: 0 },
              { action: 'evidence-log', occurrence: 0 },
            ],
          },
        },
      ]);
  });

  test('--force with a reason records it as forced', () => {
    given(exercise)
      .when({ kind: 'close', force: true, reason: 'duplicate incident' }, { now: h(2) })
      .then([
        {
          type: 'incident.closed',
          data: {
            reason: 'duplicate incident',
            forced: true,
            left_open: ['notify-city-manager', 'body-cam-review', 'evidence-log'].map((action) => ({
              action,
              occurrence: 0,
            })),
          },
        },
      ]);
  });

  test('the next recurring occurrence is cancelled by closing, not left open; past ones are', () => {
    given(
      tier1,
      allDone,
      done('notify-mayor', h(1)),
      done('press-conference', h(2), { actor: chief }),
      done('council-briefing', h(3)),
      ev('action.skipped', { action: 'holding-statement', occurrence: 0, reason: 'r' }, h(1)),
      ev('action.completed', { action: 'tier-check-in', occurrence: 0 }, h(2)),
      ev('action.completed', { action: 'tier-check-in', occurrence: 1 }, h(3.5)),
    )
      .when({ kind: 'close', force: false, confirmed: true }, { now: h(4.5) })
      .then([
        {
          type: 'incident.closed',
          data: { forced: false, left_open: [{ action: 'situation-update', occurrence: 0 }] },
        },
      ]);
  });

  test.each([['--force without a reason', { force: true }, /--force needs a reason/]])(
    'refuses: %s',
    (_name, fields, fragment) => {
      given(exercise)
        .when({ kind: 'close', ...fields }, { now: h(2) })
        .thenThrows(InputError, fragment);
    },
  );

  const closed = [...exercise, ev('incident.closed', { forced: true, reason: 'r', left_open: [] }, h(2))];
  test.each([
    ['close', { kind: 'close', force: false }, manager, /it cannot be closed again/],
    ['escalate', { kind: 'escalate', tier: 'tier-1', reason: 'r' }, manager, /its tier cannot change now/],
    ['fact set', { kind: 'setFacts', facts: { vehicles: '3' } }, manager, /its facts cannot change now/],
  ] as const)('refuses acting on a closed incident: %s', (_name, command, who, why) => {
    given(closed)
      .when(command, { now: h(3), actor: who })
      .thenThrows(InputError, /Incident 2026-0007 is closed since 2026-06-10 12:00 CDT/);
    given(closed)
      .when(command, { now: h(3), actor: who })
      .thenThrows(InputError, why);
    given(closed)
      .when(command, { now: h(3), actor: who })
      .thenThrows(InputError, /Reopen it first: cic reopen 2026-0007 --reason/);
  });
  test('reopen records the reason', () => {
    given(closed)
      .when({ kind: 'reopen', reason: 'new video' }, { now: h(5) })
      .then([{ type: 'incident.reopened', data: { reason: 'new video' } }]);
  });
  test('reopen refuses an open incident', () => {
    given(exercise)
      .when({ kind: 'reopen', reason: 'x' }, { now: h(5) })
      .thenThrows(InputError, /is open; only a closed incident can be reopened/);
  });
  test('reopen needs a reason', () => {
    given(closed)
      .when({ kind: 'reopen', reason: '' }, { now: h(5) })
      .thenThrows(InputError, /A reason is required to reopen/);
  });
});

// Closing ends the active response, not the city's duties: what the schedule still lists as open
// (duties that start at closing, dated duties closing left open) is recorded; nothing else is.
describe('after closing', () => {
  const CLOSED = h(4.5); // 14:30 CDT
  // Tier 1, closed at 14:30 with the press conference, the statement, the reviews, the council
  // briefing, situation update #0 and check-in #1 open; update #1 (18:00) and check-in #2 (16:00)
  // were not yet due, so closing cancelled them.
  const closedTier1 = [
    ...tier1,
    done('notify-city-manager', h(0.5), { actor: chief }),
    done('notify-mayor', h(1)),
    done('tier-check-in', h(2)),
    ev('action.skipped', { action: 'thank-partners', occurrence: 0, reason: 'no partners involved' }, h(3), {
      actor: mayor,
    }),
    ev(
      'incident.closed',
      {
        forced: false,
        left_open: [
          { action: 'evidence-log', occurrence: 0 },
          { action: 'situation-update', occurrence: 0 },
        ],
      },
      CLOSED,
    ),
  ];
  const closedMessage =
    /Incident 2026-0007 is closed since 2026-06-10 14:30 CDT[\s\S]*Reopen it first: cic reopen 2026-0007 --reason/;
  const itemAfter = (extra: ReturnType<typeof done>, action: string, occurrence = 0) =>
    schedule(stateOf(closedTier1, extra), playbook, new Date(extra.at)).find(
      (i) => i.action === action && i.occurrence === occurrence,
    )!;

  test('a duty that starts at closing can be done, and is on time within its deadline', () => {
    given(closedTier1)
      .when({ kind: 'done', action: 'after-action-review', note: 'sent to the Board' }, { now: h(5) })
      .then([
        { type: 'action.completed', data: { action: 'after-action-review', occurrence: 0, note: 'sent to the Board' } },
      ]);
    expect(itemAfter(done('after-action-review', h(5)), 'after-action-review')).toMatchObject({
      state: 'done',
      due: new Date(h(4.5 + 30 * 24)),
    });
  });

  test('a duty that starts at closing, done past its deadline, is late by the difference', () => {
    const at = h(4.5 + 31 * 24);
    given(closedTier1)
      .when({ kind: 'done', action: 'after-action-review' }, { now: at })
      .then([{ type: 'action.completed', data: { action: 'after-action-review', occurrence: 0 } }]);
    expect(itemAfter(done('after-action-review', at), 'after-action-review')).toMatchObject({
      state: 'late',
      late_by_ms: 24 * 3_600_000,
    });
  });

  test('a dated duty closing left open can be done, skipped and extended', () => {
    given(closedTier1)
      .when({ kind: 'done', action: 'evidence-log', stated_at: new Date(h(4)) }, { now: h(6), actor: chief })
      .then([{ type: 'action.completed', data: { action: 'evidence-log', occurrence: 0 }, stated_at: h(4) }]);
    given(closedTier1)
      .when({ kind: 'skip', action: 'body-cam-review', reason: 'no camera on scene' }, { now: h(6), actor: chief })
      .then([
        { type: 'action.skipped', data: { action: 'body-cam-review', occurrence: 0, reason: 'no camera on scene' } },
      ]);
    given(closedTier1)
      .when({ kind: 'extend', action: 'council-briefing', by: 'PT12H', reason: 'Board meets Thursday' }, { now: h(6) })
      .then([
        {
          type: 'deadline.extended',
          data: { action: 'council-briefing', occurrence: 0, due: h(37), from: h(25), reason: 'Board meets Thursday' },
        },
      ]);
  });

  test('a recurring occurrence closing left open can be done; those it cancelled are refused', () => {
    given(closedTier1)
      .when({ kind: 'done', action: 'situation-update' }, { now: h(6), actor: pio })
      .then([{ type: 'action.completed', data: { action: 'situation-update', occurrence: 0 } }]);
    given(closedTier1)
      .when({ kind: 'done', action: 'situation-update', occurrence: 1 }, { now: h(9), actor: pio })
      .thenThrows(
        InputError,
        /"situation-update" occurrence 1 is not on its schedule: closing cancelled the occurrences not yet due/,
      );
    given(closedTier1)
      .when({ kind: 'done', action: 'situation-update', occurrence: 1 }, { now: h(9), actor: pio })
      .thenThrows(InputError, closedMessage);
    given(closedTier1)
      .when({ kind: 'skip', action: 'tier-check-in', occurrence: 2, reason: 'r' }, { now: h(9) })
      .thenThrows(InputError, closedMessage);
    given(closedTier1, done('situation-update', h(6), { actor: pio }))
      .when({ kind: 'done', action: 'situation-update' }, { now: h(9), actor: pio })
      .thenThrows(
        InputError,
        /"situation-update" has no open occurrence: those due before the closing are recorded, and closing cancelled the rest/,
      );
  });

  test.each([
    [
      'done of an item done before the closing',
      { kind: 'done', action: 'notify-mayor' },
      manager,
      /"notify-mayor" is already done: at 2026-06-10 11:00 CDT/,
    ],
    [
      'skip of an item done before the closing',
      { kind: 'skip', action: 'notify-city-manager', reason: 'r' },
      chief,
      /"notify-city-manager" is already done/,
    ],
    // On an open incident a skipped item can still turn out to be done; once closed, it stays skipped.
    [
      'done of a skipped item',
      { kind: 'done', action: 'thank-partners' },
      mayor,
      /"thank-partners" was already skipped/,
    ],
    ['close again', { kind: 'close', force: true, reason: 'r' }, manager, /it cannot be closed again/],
    ['escalate', { kind: 'escalate', tier: 'tier-2', reason: 'r' }, manager, /its tier cannot change now/],
    ['fact set', { kind: 'setFacts', facts: { location: 'Main St' } }, manager, /its facts cannot change now/],
  ] as const)('refuses what is not open on the schedule: %s', (_name, command, who, why) => {
    given(closedTier1)
      .when(command, { now: h(6), actor: who })
      .thenThrows(InputError, closedMessage);
    given(closedTier1)
      .when(command, { now: h(6), actor: who })
      .thenThrows(InputError, why);
  });

  test('an extension of an item done before the closing is refused', () => {
    given(closedTier1.slice(0, -1), done('council-briefing', h(3)), closedTier1.at(-1)!)
      .when({ kind: 'extend', action: 'council-briefing', by: 'PT1H', reason: 'r' }, { now: h(6) })
      .thenThrows(InputError, closedMessage);
  });

  test('reopened, it takes everything again', () => {
    given(closedTier1, ev('incident.reopened', { reason: 'new video' }, h(5)))
      .when({ kind: 'setFacts', facts: { location: 'Main St' } }, { now: h(6) })
      .then([{ type: 'fact.recorded', data: { fact: 'location', value: 'Main St' } }]);
  });
});
