/**
 * Extensions as laws write them: a fixed step (California AB 748: 30 days at a time), a maximum
 * count (Chicago: one), a cap measured from the incident ("no later than one year after", across
 * Feb 29 2028), and the basis each must record. Expected times are by hand (CST UTC-6, CDT UTC-5).
 */
import { describe, expect, test } from '@jest/globals';
import { InputError } from '../../../src/core/errors.js';
import type { Action, Playbook } from '../../../src/core/playbook/model.js';
import { manager, playbook as base } from './fixtures.js';
import { ev, given, opened, type Draft } from './spec.js';

const video = (extendable: Action['extendable']): Playbook => ({
  ...base,
  actions: [
    ...base.actions,
    {
      id: 'release-video',
      title: 'Release the video',
      kind: 'task',
      owner: 'city-manager',
      due: { after: 'occurred', within: 'P45D' },
      extendable,
    },
  ],
});
// Occurred 2027-03-01 12:00 CST (18:00Z); due +45 days = 2027-04-15 12:00 CDT (17:00Z).
const OCCURRED = '2027-03-01T18:00:00.000Z';
const NOW = '2027-03-02T18:00:00.000Z';
const extended = (due: string, from: string): Draft =>
  ev('deadline.extended', { action: 'release-video', occurrence: 0, due, from, reason: 'r' }, NOW);

describe('extension rules', () => {
  const ab748 = video({ step: 'P30D', cap: { after: 'occurred', within: 'P1Y' }, basis: ['written'] });

  test('a step: cic extend without --by moves it by the step, and records the basis', () => {
    given(opened({ at: OCCURRED }))
      .when(
        { kind: 'extend', action: 'release-video', reason: 'active investigation', written: true },
        { now: NOW, playbook: ab748 },
      )
      .then([
        {
          type: 'deadline.extended',
          data: {
            action: 'release-video',
            occurrence: 0,
            due: '2027-05-15T17:00:00.000Z',
            from: '2027-04-15T17:00:00.000Z',
            reason: 'active investigation',
            basis: { written: true },
          },
        },
      ]);
  });

  test('more than a step at once is refused', () => {
    given(opened({ at: OCCURRED }))
      .when(
        { kind: 'extend', action: 'release-video', by: 'P31D', reason: 'r', written: true },
        { now: NOW, playbook: ab748 },
      )
      .thenThrows(InputError, /allows 30 days \(P30D\) at a time/);
  });

  test('the required basis is enforced (and its negative control passed above)', () => {
    given(opened({ at: OCCURRED }))
      .when({ kind: 'extend', action: 'release-video', reason: 'r' }, { now: NOW, playbook: ab748 })
      .thenThrows(InputError, /rest on a written request/);
    given(opened({ at: OCCURRED }))
      .when(
        { kind: 'extend', action: 'release-video', reason: 'r', written: true },
        { now: NOW, playbook: video({ step: 'P30D', max_count: 2, basis: ['requested_by'] }) },
      )
      .thenThrows(InputError, /--requested-by/);
  });

  test('the cap is one year after the incident, across Feb 29 2028', () => {
    // Occurred 2027-03-01: one year later is 2028-03-01 12:00 CST (18:00Z). The deadline after
    // nine steps from 2027-04-15 is 2028-01-10 12:00 CST; a tenth would be 2028-02-09, an
    // eleventh 2028-03-10, past the cap.
    const at = '2028-02-09T18:00:00.000Z';
    given(opened({ at: OCCURRED }), extended(at, '2027-04-15T17:00:00.000Z'))
      .when({ kind: 'extend', action: 'release-video', reason: 'r', written: true }, { now: NOW, playbook: ab748 })
      .thenThrows(InputError, /no deadline later than 2028-03-01 12:00 CST/);
    // --to the cap itself is allowed (negative control).
    given(opened({ at: OCCURRED }), extended(at, '2027-04-15T17:00:00.000Z'))
      .when(
        {
          kind: 'extend',
          action: 'release-video',
          reason: 'r',
          written: true,
          to: new Date('2028-03-01T18:00:00.000Z'),
        },
        { now: NOW, playbook: ab748 },
      )
      .then([
        {
          type: 'deadline.extended',
          data: {
            action: 'release-video',
            occurrence: 0,
            due: '2028-03-01T18:00:00.000Z',
            from: at,
            reason: 'r',
            basis: { written: true },
          },
        },
      ]);
  });

  test('a maximum count: Chicago allows one 30-day extension', () => {
    const chicago = video({ step: 'P30D', max_count: 1 });
    given(opened({ at: OCCURRED }), extended('2027-05-15T17:00:00.000Z', '2027-04-15T17:00:00.000Z'))
      .when({ kind: 'extend', action: 'release-video', reason: 'again' }, { now: NOW, playbook: chicago })
      .thenThrows(InputError, /extended once, as many times as the playbook allows \(1\)/);
    given(opened({ at: OCCURRED }))
      .when(
        { kind: 'extend', action: 'release-video', reason: 'first' },
        { now: NOW, actor: manager, playbook: chicago },
      )
      .then([
        {
          type: 'deadline.extended',
          data: {
            action: 'release-video',
            occurrence: 0,
            due: '2027-05-15T17:00:00.000Z',
            from: '2027-04-15T17:00:00.000Z',
            reason: 'first',
          },
        },
      ]);
  });
});
