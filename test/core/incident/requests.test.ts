/**
 * Duties per event: each request (a records request, a family's request to view a video) is
 * numbered in its kind, and every action marked `per_request` for that kind gets an item of its
 * own, timed from that request's receipt. Expected times are by hand (America/Chicago, CST UTC-6;
 * the fixture's calendar has Thanksgiving 2026-11-26 and the day after as holidays).
 */
import { describe, expect, test } from '@jest/globals';
import { InputError } from '../../../src/core/errors.js';
import { schedule } from '../../../src/core/incident/schedule.js';
import type { Playbook } from '../../../src/core/playbook/model.js';
import { playbook as base } from './fixtures.js';
import { done, ev, given, opened, stateOf } from './spec.js';

const withRequests: Playbook = {
  ...base,
  actions: [
    ...base.actions,
    {
      id: 'answer-records-request',
      title: 'Answer the records request',
      kind: 'records',
      owner: 'clerk',
      per_request: 'records-request',
      due: { after: 'received', business_days: 3 },
      extendable: { max: 'P10D' },
    },
  ],
};
const clerk = { role: 'clerk', name: 'C. Clerk', user: 'c@h' };
// Occurred Fri 2026-11-20 12:00 CST.
const OCCURRED = '2026-11-20T18:00:00.000Z';
// Mon 2026-11-23 10:00 CST and Wed 2026-11-25 09:00 CST.
const FIRST = '2026-11-23T16:00:00.000Z';
const SECOND = '2026-11-25T15:00:00.000Z';
const NOW = '2026-11-25T20:00:00.000Z';
const received = (request: number, at: string, from: string) =>
  ev('request.received', { kind: 'records-request', request, received_at: at, from }, NOW);

const items = (s: ReturnType<typeof stateOf>, now = NOW) =>
  schedule(s, withRequests, new Date(now)).filter((i) => i.action === 'answer-records-request');

describe('duties per request', () => {
  test('no request, no item (the duty exists only once a request arrives)', () => {
    expect(items(stateOf(opened({ at: OCCURRED })))).toEqual([]);
  });

  test('each request has its own deadline from its own receipt: 3 business days across Thanksgiving', () => {
    const s = stateOf(opened({ at: OCCURRED }), received(1, FIRST, 'KSDK-TV'), received(2, SECOND, 'Post-Dispatch'));
    const list = items(s).sort((a, b) => a.occurrence - b.occurrence);
    // Mon 23 → Tue 24 (1), Wed 25 (2), Thu/Fri holidays, Mon 30 (3): end of Mon 30 Nov CST.
    // Wed 25 → Mon 30 (1), Tue 1 Dec (2), Wed 2 Dec (3): end of Wed 2 Dec CST.
    expect(list.map((i) => [i.occurrence, i.due?.toISOString(), i.request?.from])).toEqual([
      [1, '2026-12-01T05:59:59.000Z', 'KSDK-TV'],
      [2, '2026-12-03T05:59:59.000Z', 'Post-Dispatch'],
    ]);
    expect(list.map((i) => i.request?.received_at)).toEqual([FIRST, SECOND]);
  });

  test('done, extend and skip name the request; the others keep their clocks', () => {
    const s = stateOf(
      opened({ at: OCCURRED }),
      received(1, FIRST, 'KSDK-TV'),
      received(2, SECOND, 'Post-Dispatch'),
      done('answer-records-request', NOW, { occurrence: 2, actor: clerk }),
    );
    const list = items(s, '2026-12-01T12:00:00.000Z').sort((a, b) => a.occurrence - b.occurrence);
    expect(list.map((i) => [i.occurrence, i.state])).toEqual([
      [1, 'overdue'],
      [2, 'done'],
    ]);
  });

  test('cic request add records the next number of its kind, with its receipt time and sender', () => {
    given(opened({ at: OCCURRED }), received(1, FIRST, 'KSDK-TV'))
      .when(
        { kind: 'addRequest', request_kind: 'records-request', received_at: new Date(SECOND), from: ' Post-Dispatch ' },
        { now: NOW, playbook: withRequests, actor: clerk },
      )
      .then([
        {
          type: 'request.received',
          data: { kind: 'records-request', request: 2, received_at: SECOND, from: 'Post-Dispatch' },
        },
      ]);
  });

  test('an unknown kind of request is refused, naming the kinds the playbook has', () => {
    given(opened({ at: OCCURRED }))
      .when(
        { kind: 'addRequest', request_kind: 'records-requst', received_at: new Date(FIRST), from: 'KSDK-TV' },
        { now: NOW, playbook: withRequests, actor: clerk },
      )
      .thenThrows(InputError, /records-request/);
  });

  test('a receipt in the future, or with no sender, is refused', () => {
    const g = given(opened({ at: OCCURRED }));
    g.when(
      { kind: 'addRequest', request_kind: 'records-request', received_at: new Date('2026-11-26T15:00:00Z'), from: 'X' },
      { now: NOW, playbook: withRequests, actor: clerk },
    ).thenThrows(InputError, /received in the future.*\n.*--received-at/);
    g.when(
      { kind: 'addRequest', request_kind: 'records-request', received_at: new Date(FIRST), from: '  ' },
      { now: NOW, playbook: withRequests, actor: clerk },
    ).thenThrows(InputError, /--from/);
  });

  test('done without a number takes the earliest open request; extend moves only that one', () => {
    const g = given(opened({ at: OCCURRED }), received(1, FIRST, 'KSDK-TV'), received(2, SECOND, 'Post-Dispatch'));
    g.when({ kind: 'done', action: 'answer-records-request' }, { now: NOW, playbook: withRequests, actor: clerk }).then(
      [{ type: 'action.completed', data: { action: 'answer-records-request', occurrence: 1 } }],
    );
    const [extended] = g
      .when(
        { kind: 'extend', action: 'answer-records-request', occurrence: 2, by: 'P2D', reason: 'large request' },
        { now: NOW, playbook: withRequests, actor: clerk },
      )
      .then([
        {
          type: 'deadline.extended',
          data: {
            action: 'answer-records-request',
            occurrence: 2,
            due: '2026-12-05T05:59:59.000Z',
            from: '2026-12-03T05:59:59.000Z',
            reason: 'large request',
          },
        },
      ]);
    expect(extended).toBeDefined();
    g.when(
      { kind: 'done', action: 'answer-records-request', occurrence: 3 },
      { now: NOW, playbook: withRequests, actor: clerk },
    ).thenThrows(InputError, /no "records-request" request 3[^]*requests so far: 1, 2/);
  });

  test("an extension cap counted from the receipt is each request's own (no later than 10 days after it)", () => {
    const capped: Playbook = {
      ...withRequests,
      actions: withRequests.actions.map((a) =>
        a.id === 'answer-records-request'
          ? { ...a, extendable: { max: 'P30D', cap: { after: 'received', within: 'P10D' } } }
          : a,
      ),
    };
    const g = given(opened({ at: OCCURRED }), received(1, FIRST, 'KSDK-TV'), received(2, SECOND, 'Post-Dispatch'));
    const extend = (occurrence: number, to: string) =>
      g.when(
        { kind: 'extend', action: 'answer-records-request', occurrence, to: new Date(to), reason: 'large request' },
        { now: NOW, playbook: capped, actor: clerk },
      );
    // Request 1 arrived Mon 23 Nov 10:00 CST: its cap is Thu 3 Dec 10:00 CST; request 2's is Sat 5 Dec 09:00.
    extend(1, '2026-12-04T16:00:00.000Z').thenThrows(
      InputError,
      /no deadline later than 2026-12-03 10:00 CST \(10 days after the request is received\)/,
    );
    extend(2, '2026-12-04T16:00:00.000Z').then([
      {
        type: 'deadline.extended',
        data: {
          action: 'answer-records-request',
          occurrence: 2,
          due: '2026-12-04T16:00:00.000Z',
          from: '2026-12-03T05:59:59.000Z',
          reason: 'large request',
        },
      },
    ]);
  });

  test('done before any request says to record the request first', () => {
    given(opened({ at: OCCURRED }))
      .when({ kind: 'done', action: 'answer-records-request' }, { now: NOW, playbook: withRequests, actor: clerk })
      .thenThrows(InputError, /has none yet[^]*cic request add records-request/);
  });
});
