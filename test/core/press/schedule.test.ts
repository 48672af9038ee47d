/**
 * Scheduling a press conference: its run of show counted back from the start, moved with it
 * (a step done before the move keeps its deadline), cancelled, and the refusals.
 */
import { describe, expect, test } from '@jest/globals';
import { InputError, PermissionError } from '../../../src/core/errors.js';
import { schedule } from '../../../src/core/incident/schedule.js';
import { runOfShow, offsetLabel } from '../../../src/core/press/run-of-show.js';
import { buildPressReport } from '../../../src/core/press/report.js';
import { chief, manager, mayor, pio } from '../incident/fixtures.js';
import { act, at, opened, press, pressPlaybook } from './fixtures.js';

const due = (s: ReturnType<typeof opened>, action: string, minutes: number) =>
  schedule(s, pressPlaybook, at(minutes)).find((i) => i.action === action);

describe('cic schedule', () => {
  test('steps are counted back from the start; the start is written to the schedule fact', () => {
    const s = press(opened(), 10, chief, {
      kind: 'schedule',
      action: 'press-conference',
      start: at(480),
      place: 'City Hall',
    });
    expect(due(s, 'advisory', 10)?.due).toEqual(at(360));
    expect(due(s, 'talking-points', 10)?.due).toEqual(at(450));
    expect(s.facts['briefing_at']).toBe(at(480).toISOString());
    // The briefing keeps its own deadline (3 hours after the tier was set).
    expect(due(s, 'press-conference', 10)?.due).toEqual(at(180));
  });

  test('before it is scheduled the steps wait on it; after it is held the follow-ups are due', () => {
    let s = opened();
    expect(due(s, 'advisory', 0)).toMatchObject({ state: 'waiting', waiting_on: ['press-conference'] });
    s = press(s, 10, chief, { kind: 'schedule', action: 'press-conference', start: at(120) });
    s = act(s, 125, chief, { kind: 'done', action: 'press-conference' });
    expect(due(s, 'transcript', 125)?.due).toEqual(at(245));
  });

  test('moving it needs a reason and moves the open steps; a step done before keeps its deadline', () => {
    let s = press(opened(), 10, chief, { kind: 'schedule', action: 'press-conference', start: at(480) });
    s = act(s, 370, pio, { kind: 'done', action: 'advisory' }); // 10 min late for 08:00
    expect(() => press(s, 380, chief, { kind: 'schedule', action: 'press-conference', start: at(720) })).toThrow(
      /needs a reason|reason/,
    );
    s = press(s, 380, chief, {
      kind: 'schedule',
      action: 'press-conference',
      start: at(720),
      reason: 'The County joins',
    });
    expect(due(s, 'advisory', 380)).toMatchObject({ state: 'late', due: at(360) });
    expect(due(s, 'talking-points', 380)?.due).toEqual(at(690));
    const show = runOfShow(
      pressPlaybook.actions.find((a) => a.id === 'press-conference')!,
      s,
      pressPlaybook,
      schedule(s, pressPlaybook, at(380)),
    );
    expect(show.changes.map((c) => c.kind)).toEqual(['scheduled', 'moved']);
    expect(show.steps.map((st) => [st.item.action, offsetLabel(st.offset_ms)])).toEqual([
      ['advisory', 'T−6:00'],
      ['talking-points', 'T−0:30'],
      ['press-conference', 'T+0:00'],
      ['transcript', 'T?'],
    ]);
  });

  test('cancelling is recorded; the steps wait and show as cancelled', () => {
    let s = press(opened(), 10, chief, { kind: 'schedule', action: 'press-conference', start: at(480) });
    s = press(s, 20, chief, { kind: 'cancel', action: 'press-conference', reason: 'Joint briefing at the County' });
    const show = runOfShow(
      pressPlaybook.actions.find((a) => a.id === 'press-conference')!,
      s,
      pressPlaybook,
      schedule(s, pressPlaybook, at(20)),
    );
    expect(show.cancelled).toBe(true);
    expect(show.start).toBeUndefined();
    expect(show.steps.find((st) => st.item.action === 'advisory')?.cancelled).toBe(true);
    expect(() => press(s, 30, chief, { kind: 'cancel', action: 'press-conference', reason: 'again' })).toThrow(
      /not scheduled/,
    );
  });

  test('the schedule names the steps of a cancelled press conference cancelled, until it is scheduled again', () => {
    let s = press(opened(), 10, chief, { kind: 'schedule', action: 'press-conference', start: at(480) });
    s = press(s, 20, chief, { kind: 'cancel', action: 'press-conference', reason: 'Joint briefing at the County' });
    const named = (st: typeof s, m: number) =>
      Object.fromEntries(
        schedule(st, pressPlaybook, at(m))
          .filter((i) => ['advisory', 'talking-points', 'transcript', 'press-conference'].includes(i.action))
          .map((i) => [i.action, i.named]),
      );
    // Counted from its start: cancelled. Counted from its holding, and the briefing's own deadline: as before.
    expect(named(s, 30)).toEqual({
      advisory: 'cancelled',
      'talking-points': 'cancelled',
      transcript: 'waiting',
      'press-conference': 'upcoming',
    });
    // Negative control: scheduled again, the steps are owed again.
    s = press(s, 40, chief, { kind: 'schedule', action: 'press-conference', start: at(600) });
    expect(named(s, 50)).toMatchObject({ advisory: 'upcoming', 'talking-points': 'upcoming' });
  });

  test("the report's run of show says cancelled in the shared words, with no time for steps counted from no start", () => {
    let s = press(opened(), 10, chief, { kind: 'schedule', action: 'press-conference', start: at(480) });
    s = press(s, 20, chief, { kind: 'cancel', action: 'press-conference', reason: 'Joint briefing at the County' });
    const steps = buildPressReport(s, pressPlaybook, schedule(s, pressPlaybook, at(30)), at(30))!.press_conferences[0]!
      .steps;
    expect(steps.map((st) => [st.action, st.offset, st.state])).toEqual([
      ['advisory', '—', 'cancelled'],
      ['talking-points', '—', 'cancelled'],
      ['press-conference', 'T+0:00', 'upcoming'],
      ['transcript', 'after', 'waiting'],
    ]);
  });

  test('refusals: a past time, not a press conference, a role not running it, already held', () => {
    const s = opened();
    expect(() => press(s, 10, chief, { kind: 'schedule', action: 'press-conference', start: at(5) })).toThrow(
      InputError,
    );
    expect(() => press(s, 10, chief, { kind: 'schedule', action: 'notify-mayor', start: at(60) })).toThrow(
      /not a press conference/,
    );
    expect(() => press(s, 10, mayor, { kind: 'schedule', action: 'press-conference', start: at(60) })).toThrow(
      PermissionError,
    );
    // The PIO owns run-of-show steps, so may set the time.
    expect(() => press(s, 10, pio, { kind: 'schedule', action: 'press-conference', start: at(60) })).not.toThrow();
    const held = act(press(s, 10, pio, { kind: 'schedule', action: 'press-conference', start: at(60) }), 65, chief, {
      kind: 'done',
      action: 'press-conference',
    });
    expect(() =>
      press(held, 70, chief, { kind: 'schedule', action: 'press-conference', start: at(90), reason: 'x' }),
    ).toThrow(/already held/);
  });
});
