/**
 * Duties owned outside the city (a prosecutor's charging decision, state investigators' report):
 * tracked on the schedule, recorded by a city role from what the agency reported (its source on
 * record), never as if a city role acted for the agency.
 */
import { describe, expect, test } from '@jest/globals';
import { InputError, PermissionError } from '../../../src/core/errors.js';
import { schedule } from '../../../src/core/incident/schedule.js';
import type { Playbook } from '../../../src/core/playbook/model.js';
import { manager, playbook as base } from './fixtures.js';
import { done, given, opened, stateOf } from './spec.js';

const pb: Playbook = {
  ...base,
  roles: [...base.roles, { id: 'prosecutor', title: 'County Prosecuting Attorney', outside: true }],
  actions: [
    ...base.actions,
    {
      id: 'charging-decision',
      title: 'Announce the charging decision',
      kind: 'statement',
      owner: 'prosecutor',
      due: { after: 'occurred', within: 'P90D' },
    },
  ],
};
const OCCURRED = '2026-11-02T18:00:00.000Z';
const NOW = '2026-11-20T18:00:00.000Z';
const prosecutor = { role: 'prosecutor', name: 'P. Attorney', user: 'p@h' };

describe('duties owned outside the city', () => {
  test('on the schedule, marked as outside the city', () => {
    const [item] = schedule(stateOf(opened({ at: OCCURRED })), pb, new Date(NOW)).filter(
      (i) => i.action === 'charging-decision',
    );
    expect(item).toMatchObject({ owner: 'prosecutor', outside: true, due: new Date('2027-01-31T18:00:00.000Z') });
    const [city] = schedule(stateOf(opened({ at: OCCURRED })), pb, new Date(NOW)).filter(
      (i) => i.action === 'notify-mayor',
    );
    expect(city?.outside).toBe(false);
  });

  test('a city role records it from what the agency reported, with the source', () => {
    given(opened({ at: OCCURRED }))
      .when(
        { kind: 'done', action: 'charging-decision', source: 'County PA press release', stated_at: new Date(NOW) },
        { now: NOW, playbook: pb, actor: manager },
      )
      .then([
        {
          type: 'action.completed',
          data: { action: 'charging-decision', occurrence: 0, source: 'County PA press release' },
          stated_at: NOW,
        },
      ]);
  });

  test('without a source it is refused: the log must say how the city knows', () => {
    given(opened({ at: OCCURRED }))
      .when({ kind: 'done', action: 'charging-decision' }, { now: NOW, playbook: pb, actor: manager })
      .thenThrows(InputError, /--source/);
  });

  test('no one records as the outside agency itself', () => {
    given(opened({ at: OCCURRED }))
      .when({ kind: 'done', action: 'charging-decision', source: 'x' }, { now: NOW, playbook: pb, actor: prosecutor })
      .thenThrows(PermissionError, /outside the city/);
  });

  test('a source on a city duty is refused (negative control: only outside duties are reported)', () => {
    given(opened({ at: OCCURRED }))
      .when({ kind: 'done', action: 'notify-mayor', source: 'x' }, { now: NOW, playbook: pb, actor: manager })
      .thenThrows(InputError, /--source/);
  });

  test('the completion keeps who reported it and the source', () => {
    const s = stateOf(opened({ at: OCCURRED }), {
      ...done('charging-decision', NOW),
      data: { action: 'charging-decision', occurrence: 0, source: 'County PA press release' },
    });
    const [item] = schedule(s, pb, new Date(NOW)).filter((i) => i.action === 'charging-decision');
    expect(item).toMatchObject({ state: 'done', source: 'County PA press release', completed_by: manager });
  });
});
