/**
 * Pausing a clock while a determination stands (cic pause / cic resume), with reassessments due
 * while paused. Expected times by hand: occurred 2027-03-01 12:00 CST (18:00Z); P45D → 2027-04-15
 * 12:00 CDT (17:00Z).
 */
import { describe, expect, test } from '@jest/globals';
import { InputError } from '../../../src/core/errors.js';
import type { Action, Playbook } from '../../../src/core/playbook/model.js';
import { schedule } from '../../../src/core/incident/schedule.js';
import { playbook as base } from './fixtures.js';
import { ev, given, opened, stateOf, type Draft } from './spec.js';

const video = (pausable: Action['pausable']): Playbook => ({
  ...base,
  actions: [
    ...base.actions,
    {
      id: 'release-video',
      title: 'Release the video',
      kind: 'task',
      owner: 'city-manager',
      due: { after: 'occurred', within: 'P45D' },
      pausable,
    },
  ],
});
const OCCURRED = '2027-03-01T18:00:00.000Z';
const DAY = 86_400_000;
const plus = (iso: string, ms: number) => new Date(Date.parse(iso) + ms).toISOString();
const tolled = video({ reassess_every: 'P30D', basis: ['written'] });
const paused = (at: string, reason = 'interferes with the investigation'): Draft =>
  ev('clock.paused', { action: 'release-video', occurrence: 0, reason, basis: { written: true } }, at);
const resumed = (at: string): Draft => ev('clock.resumed', { action: 'release-video', occurrence: 0 }, at);
const item = (drafts: (Draft | Draft[])[], now: string, playbook = tolled) =>
  schedule(stateOf(...drafts), playbook, new Date(now)).find((i) => i.action === 'release-video')!;

describe('cic pause / cic resume', () => {
  test('pausing records the reason and the written basis', () => {
    given(opened({ at: OCCURRED }))
      .when(
        { kind: 'pause', action: 'release-video', reason: 'interferes', written: true },
        { now: plus(OCCURRED, 10 * DAY), playbook: tolled },
      )
      .then([
        {
          type: 'clock.paused',
          data: { action: 'release-video', occurrence: 0, reason: 'interferes', basis: { written: true } },
        },
      ]);
  });

  test('an action the playbook does not let pause is refused', () => {
    given(opened({ at: OCCURRED }))
      .when(
        { kind: 'pause', action: 'body-cam-review', reason: 'r' },
        { now: plus(OCCURRED, 1000), playbook: tolled, actor: { role: 'police-chief', name: 'C', user: 'c@h' } },
      )
      .thenThrows(InputError, /cannot be paused/);
  });

  test('a pause needs a reason, and the written basis when the playbook requires it', () => {
    const now = plus(OCCURRED, DAY);
    given(opened({ at: OCCURRED }))
      .when({ kind: 'pause', action: 'release-video', reason: ' ' }, { now, playbook: tolled })
      .thenThrows(InputError, /reason/);
    given(opened({ at: OCCURRED }))
      .when({ kind: 'pause', action: 'release-video', reason: 'r' }, { now, playbook: tolled })
      .thenThrows(InputError, /--written/);
  });

  test('a deadline already passed cannot be paused', () => {
    given(opened({ at: OCCURRED }))
      .when(
        { kind: 'pause', action: 'release-video', reason: 'r', written: true },
        { now: plus(OCCURRED, 46 * DAY), playbook: tolled },
      )
      .thenThrows(InputError, /already passed/);
  });

  test('a paused deadline cannot be extended: resume it first', () => {
    const both = {
      ...tolled,
      actions: tolled.actions.map((a) => (a.id === 'release-video' ? { ...a, extendable: { max: 'P30D' } } : a)),
    };
    given(opened({ at: OCCURRED }), paused(plus(OCCURRED, DAY)))
      .when(
        { kind: 'extend', action: 'release-video', by: 'P1D', reason: 'r' },
        { now: plus(OCCURRED, 2 * DAY), playbook: both },
      )
      .thenThrows(InputError, /is paused.*cic resume release-video/s);
  });

  test('resuming an item that is not paused is refused', () => {
    given(opened({ at: OCCURRED }))
      .when({ kind: 'resume', action: 'release-video' }, { now: plus(OCCURRED, DAY), playbook: tolled })
      .thenThrows(InputError, /is not paused/);
  });

  test('while paused it has no running deadline and a reassessment due every 30 days', () => {
    const i = item([opened({ at: OCCURRED }), paused(plus(OCCURRED, 10 * DAY))], plus(OCCURRED, 50 * DAY));
    expect(i.state).toBe('waiting');
    expect(i.due).toBeUndefined();
    expect(i.pause?.since.toISOString()).toBe(plus(OCCURRED, 10 * DAY));
    // Paused 03-11 12:00 CST (18:00Z); +P30D = 04-10 12:00 CDT (17:00Z).
    expect(i.pause?.reassess_by?.toISOString()).toBe('2027-04-10T17:00:00.000Z');
  });

  test('pausing again while paused is a reassessment: the next one is due 30 days after it', () => {
    const again = '2027-04-08T17:00:00.000Z';
    const i = item(
      [opened({ at: OCCURRED }), paused(plus(OCCURRED, 10 * DAY)), paused(again, 'still interferes')],
      '2027-04-20T17:00:00.000Z',
    );
    expect(i.pause?.reassessments).toBe(1);
    expect(i.pause?.reason).toBe('still interferes');
    expect(i.pause?.reassess_by?.toISOString()).toBe('2027-05-08T17:00:00.000Z');
  });

  test('resumed: the deadline moves later by exactly the time paused, and reassessments stop', () => {
    // Paused 10 days 00:00, resumed 20 days later: due 04-15 17:00Z + 20 days = 05-05 17:00Z.
    const i = item(
      [opened({ at: OCCURRED }), paused(plus(OCCURRED, 10 * DAY)), resumed(plus(OCCURRED, 30 * DAY))],
      plus(OCCURRED, 31 * DAY),
    );
    expect(i.due?.toISOString()).toBe('2027-05-05T17:00:00.000Z');
    expect(i.original_due?.toISOString()).toBe('2027-04-15T17:00:00.000Z');
    expect(i.pause).toBeUndefined();
    expect(i.pauses).toHaveLength(1);
    expect(i.state).toBe('upcoming');
  });

  test('negative control: without the pause the same moment is 45 days from the incident', () => {
    const i = item([opened({ at: OCCURRED })], plus(OCCURRED, 31 * DAY));
    expect(i.due?.toISOString()).toBe('2027-04-15T17:00:00.000Z');
    expect(i.pauses).toHaveLength(0);
  });

  test('after_resume: due the later of the deadline and that long after the pause ends (AB 748: promptly)', () => {
    const ab748 = video({ reassess_every: 'P30D', after_resume: 'P1D' });
    const i = item(
      [opened({ at: OCCURRED }), paused(plus(OCCURRED, 45 * DAY - 1000)), resumed(plus(OCCURRED, 100 * DAY))],
      plus(OCCURRED, 100 * DAY),
      ab748,
    );
    expect(i.due?.toISOString()).toBe(plus(OCCURRED, 101 * DAY));
    const early = item(
      [opened({ at: OCCURRED }), paused(plus(OCCURRED, 5 * DAY)), resumed(plus(OCCURRED, 6 * DAY))],
      plus(OCCURRED, 7 * DAY),
      ab748,
    );
    expect(early.due?.toISOString()).toBe('2027-04-15T17:00:00.000Z');
  });

  test('a cap: no pause holds past it; past the cap a paused item is overdue', () => {
    const capped = video({ cap: { after: 'occurred', within: 'P60D' } });
    const i = item([opened({ at: OCCURRED }), paused(plus(OCCURRED, 10 * DAY))], plus(OCCURRED, 61 * DAY), capped);
    // 60 days from 03-01 12:00 CST is 04-30 12:00 CDT = 17:00Z.
    expect(i.due?.toISOString()).toBe('2027-04-30T17:00:00.000Z');
    expect(i.state).toBe('overdue');
  });

  test('done while paused: on time (the pause ran until it was done)', () => {
    const i = item(
      [
        opened({ at: OCCURRED }),
        paused(plus(OCCURRED, 10 * DAY)),
        ev('action.completed', { action: 'release-video', occurrence: 0 }, plus(OCCURRED, 80 * DAY)),
      ],
      plus(OCCURRED, 81 * DAY),
    );
    expect(i.state).toBe('done');
  });
});
