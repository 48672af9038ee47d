/**
 * Deadline tables for the published policies in playbooks/examples/. Every expected time is
 * worked out by hand from a wall calendar, not by cic: the local time the law gives, then UTC
 * with that date's offset (America/Chicago: CST -6, CDT -5; America/Los_Angeles: PST -8, PDT -7;
 * in 2026 DST starts March 8 and ends November 1; in 2027 it starts March 14; in 2028 March 12).
 */
import { describe, expect, test } from '@jest/globals';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InputError } from '../../../src/core/errors.js';
import { schedule } from '../../../src/core/incident/schedule.js';
import type { FactValue, Playbook } from '../../../src/core/playbook/model.js';
import { loadPlaybook } from '../../../src/io/playbook/load.js';
import { ev, given, opened, stateOf, type Draft } from '../incident/spec.js';
import { actor } from '../incident/fixtures.js';

const dir = fileURLToPath(new URL('../../../playbooks/examples/', import.meta.url));
const load = async (name: string): Promise<Playbook> => (await loadPlaybook(join(dir, name))).playbook;

/** A request of `kind` received at `at`, the `n`th of its kind (`cic request add`). */
const request = (kind: string, at: string, n = 1): Draft =>
  ev('request.received', { kind, request: n, received_at: at, from: 'a requester' }, at);

/**
 * The due time (UTC ISO) of `action` for an incident that occurred at `occurred`, with `facts`
 * and `requests`; for an action owed per request, the item of request `n`.
 */
function dueOf(
  pb: Playbook,
  action: string,
  occurred: string,
  facts: Record<string, FactValue> = {},
  requests: Draft[] = [],
  n?: number,
): string {
  const tier = pb.classification.tiers[0]!.id;
  const items = schedule(stateOf(opened({ at: occurred, tier, facts }), ...requests), pb, new Date(occurred));
  const item = items.find((i) => i.action === action && (n === undefined || i.occurrence === n));
  if (item?.due === undefined) throw new Error(`${action} has no due: ${JSON.stringify(item)}`);
  return item.due.toISOString();
}

test('there are at least six examples, and every one validates', async () => {
  const files = readdirSync(dir).filter((f) => f.endsWith('.yaml'));
  expect(files.length).toBeGreaterThanOrEqual(6);
  for (const f of files) await expect(load(f)).resolves.toBeDefined();
});

describe('California Gov. Code 7923.625 (AB 748), America/Los_Angeles', () => {
  test.each([
    ['45 days across spring-forward', '2026-01-22T17:00:00.000Z', '2026-03-08T16:00:00.000Z'], // 09:00 PST → 09:00 PDT
    ['45 days across fall-back', '2026-09-17T17:00:00.000Z', '2026-11-01T18:00:00.000Z'], // 10:00 PDT → 10:00 PST
    ['45 days from Feb 29 2028', '2028-02-29T20:00:00.000Z', '2028-04-14T19:00:00.000Z'], // 12:00 PST → 12:00 PDT
  ])('%s', async (_name, occurred, due) => {
    expect(dueOf(await load('california-ab748-video.yaml'), 'release-recording', occurred)).toBe(due);
  });

  test('the one-year cap from Feb 29 2028 is Feb 28 2029, 12:00 PST', async () => {
    const pb = await load('california-ab748-video.yaml');
    const drafts: Draft[] = opened({ at: '2028-02-29T20:00:00.000Z', tier: 'critical' });
    const who = actor('pio');
    // Already delayed to Feb 10 2029 12:00 PST: one more 30-day step would pass the cap.
    const delayed = ev(
      'deadline.extended',
      {
        action: 'release-recording',
        occurrence: 0,
        due: '2029-02-10T20:00:00.000Z',
        from: '2028-04-14T19:00:00.000Z',
        reason: 'r',
      },
      '2028-04-01T20:00:00.000Z',
    );
    given(...drafts, delayed)
      .when(
        { kind: 'extend', action: 'release-recording', reason: 'investigation', written: true },
        { now: '2028-04-01T20:00:00.000Z', actor: who, playbook: pb },
      )
      .thenThrows(InputError, /no deadline later than 2029-02-28 12:00 PST/);
    // A 30-day step without the written basis is refused; with it, it is recorded (negative control).
    given(...drafts)
      .when(
        { kind: 'extend', action: 'release-recording', reason: 'investigation' },
        { now: '2028-03-01T20:00:00.000Z', actor: who, playbook: pb },
      )
      .thenThrows(InputError, /written/);
    const [e] = given(...drafts)
      .when(
        { kind: 'extend', action: 'release-recording', reason: 'investigation', written: true },
        { now: '2028-03-01T20:00:00.000Z', actor: who, playbook: pb },
      )
      .then([expect.objectContaining({ type: 'deadline.extended' }) as never]);
    // 2028-04-14 12:00 PDT + 30 days = 2028-05-14 12:00 PDT.
    expect((e!.data as { due: string }).due).toBe('2028-05-14T19:00:00.000Z');
  });
});

describe('Chicago Video Release Policy, America/Chicago', () => {
  test.each([
    ['60 days across spring-forward', '2026-01-07T20:00:00.000Z', '2026-03-08T19:00:00.000Z'], // 14:00 CST → 14:00 CDT
    ['60 days across fall-back', '2026-09-02T13:00:00.000Z', '2026-11-01T14:00:00.000Z'], // 08:00 CDT → 08:00 CST
    ['60 days from Dec 31 is Mar 1', '2026-12-31T18:00:00.000Z', '2027-03-01T18:00:00.000Z'],
  ])('%s', async (_name, occurred, due) => {
    expect(dueOf(await load('chicago-copa-video.yaml'), 'release-video', occurred)).toBe(due);
  });

  test('one 30-day extension on a written request reaches the 90-day cap exactly; no second one', async () => {
    const pb = await load('chicago-copa-video.yaml');
    const occurred = '2026-12-31T18:00:00.000Z';
    const now = '2027-01-05T18:00:00.000Z';
    const copa = actor('copa');
    const base = opened({ at: occurred, tier: 'covered' });
    const [e] = given(...base)
      .when(
        {
          kind: 'extend',
          action: 'release-video',
          reason: 'prosecutor asked',
          requested_by: 'Cook County State’s Attorney',
          written: true,
        },
        { now, actor: copa, playbook: pb },
      )
      .then([expect.objectContaining({ type: 'deadline.extended' }) as never]);
    // Mar 1 2027 12:00 CST + 30 days = Mar 31 2027 12:00 CDT (DST from Mar 14) = the cap, 90 days.
    expect(e!.data).toMatchObject({
      due: '2027-03-31T17:00:00.000Z',
      basis: { requested_by: 'Cook County State’s Attorney', written: true },
    });
    given(...base, ev('deadline.extended', e!.data as never, now))
      .when(
        { kind: 'extend', action: 'release-video', reason: 'again', requested_by: 'x', written: true },
        { now, actor: copa, playbook: pb },
      )
      .thenThrows(InputError, /as many times as the playbook allows \(1\)/);
  });
});

describe('Minn. Stat. 13.825, America/Chicago', () => {
  test('14 days landing in the spring-forward gap: 02:30 does not exist, 03:30 CDT', async () => {
    const pb = await load('minnesota-13825-bwc.yaml');
    expect(dueOf(pb, 'release-recordings', '2026-02-22T08:30:00.000Z')).toBe('2026-03-08T08:30:00.000Z');
  });
  test.each([
    ['across fall-back: 09:00 CDT → 09:00 CST', '2026-10-27T14:00:00.000Z', '2026-11-01T15:00:00.000Z'],
    ['across Feb 29 2028: Feb 25 → Mar 1', '2028-02-25T16:00:00.000Z', '2028-03-01T16:00:00.000Z'],
  ])('family inspection within 5 days of the request, %s', async (_name, asked, due) => {
    const pb = await load('minnesota-13825-bwc.yaml');
    expect(dueOf(pb, 'family-inspection', '2026-01-01T12:00:00.000Z', {}, [request('family-request', asked)])).toBe(
      due,
    );
  });

  test('two families ask on different days: each inspection on its own clock', async () => {
    const pb = await load('minnesota-13825-bwc.yaml');
    // Tue Oct 27 09:00 CDT + 5 days = Sun Nov 1 09:00 CST; Thu Oct 29 10:00 CDT + 5 days = Tue Nov 3 10:00 CST.
    const asked = [
      request('family-request', '2026-10-27T14:00:00.000Z', 1),
      request('family-request', '2026-10-29T15:00:00.000Z', 2),
    ];
    expect(dueOf(pb, 'family-inspection', '2026-10-26T12:00:00.000Z', {}, asked, 1)).toBe('2026-11-01T15:00:00.000Z');
    expect(dueOf(pb, 'family-inspection', '2026-10-26T12:00:00.000Z', {}, asked, 2)).toBe('2026-11-03T16:00:00.000Z');
  });
});

describe('Missouri RSMo 610.023.3 and 610.020, America/Chicago', () => {
  test.each([
    // Wed before Thanksgiving; Thu 26 is a holiday, Fri 27 is not one in RSMo 9.010: Fri, Mon, Tue.
    ['received the day before Thanksgiving 2026', '2026-11-25T15:00:00.000Z', '2026-12-02T05:59:59.000Z'],
    // Fri Oct 30 16:00 CDT: Mon, Tue, Wed Nov 4 → 23:59:59 CST.
    ['received across fall-back', '2026-10-30T21:00:00.000Z', '2026-11-05T05:59:59.000Z'],
    // Fri Feb 25 2028: Mon 28, Tue 29, Wed Mar 1.
    ['received before Feb 29 2028', '2028-02-25T16:00:00.000Z', '2028-03-02T05:59:59.000Z'],
    // Mon Jan 18 2027 is MLK Day (3rd Monday): received Fri Jan 15 → Tue 19, Wed 20, Thu 21.
    ['received before MLK Day 2027', '2027-01-15T16:00:00.000Z', '2027-01-22T05:59:59.000Z'],
  ])('records request answered by the end of the third business day: %s', async (_name, received, due) => {
    const pb = await load('missouri-sunshine.yaml');
    expect(
      dueOf(pb, 'answer-records-request', '2026-01-05T15:00:00.000Z', {}, [request('records-request', received)]),
    ).toBe(due);
  });

  test.each([
    // Mon Nov 30 10:00 CST: 10 h Monday, weekend skipped, 14 h back from Fri 27 24:00 = Fri 10:00 CST.
    ['a Monday meeting after Thanksgiving', '2026-11-30T16:00:00.000Z', '2026-11-27T16:00:00.000Z'],
    // Mon Mar 9 10:00 CDT: 10 h Monday, weekend (with the short Sunday) skipped, Fri Mar 6 10:00 CST.
    ['a Monday meeting the day after spring-forward', '2026-03-09T15:00:00.000Z', '2026-03-06T16:00:00.000Z'],
    // Fri Nov 27 10:00 CST: 10 h Friday, Thanksgiving skipped, 14 h back from Wed 25 24:00 = Wed 10:00.
    ['a meeting the day after Thanksgiving', '2026-11-27T16:00:00.000Z', '2026-11-25T16:00:00.000Z'],
  ])('meeting notice 24 hours before, weekends and holidays excluded: %s', async (_name, meeting, due) => {
    const pb = await load('missouri-sunshine.yaml');
    expect(dueOf(pb, 'meeting-notice', '2026-01-05T15:00:00.000Z', { meeting_at: meeting })).toBe(due);
  });
});

describe('Washington RCW 42.56.520 and 42.30.080, America/Los_Angeles', () => {
  test('5 business days over Thanksgiving and the day after (RCW 1.16.050)', async () => {
    const pb = await load('washington-pra-opma.yaml');
    // Wed Nov 25 10:00 PST: Mon 30, Tue 1, Wed 2, Thu 3, Fri Dec 4 → 23:59:59 PST = 07:59:59Z Dec 5.
    expect(
      dueOf(pb, 'respond-records-request', '2026-01-05T18:00:00.000Z', {}, [
        request('records-request', '2026-11-25T18:00:00.000Z'),
      ]),
    ).toBe('2026-12-05T07:59:59.000Z');
  });
  test.each([
    // 24 elapsed hours before 18:00 PDT on Mar 8 is 17:00 PST on Mar 7.
    ['spring-forward', '2026-03-09T01:00:00.000Z', '2026-03-08T01:00:00.000Z'],
    // 24 elapsed hours before 12:00 PST on Nov 1 is 13:00 PDT on Oct 31.
    ['fall-back', '2026-11-01T20:00:00.000Z', '2026-10-31T20:00:00.000Z'],
  ])('special meeting notice 24 hours before, across %s', async (_name, meeting, due) => {
    const pb = await load('washington-pra-opma.yaml');
    expect(dueOf(pb, 'special-meeting-notice', '2026-01-05T18:00:00.000Z', { meeting_at: meeting })).toBe(due);
  });
});

describe('California Gov. Code 7922.535 and the Brown Act, America/Los_Angeles', () => {
  test('10 days across spring-forward: 09:00 PST → 09:00 PDT', async () => {
    const pb = await load('california-cpra-brown.yaml');
    expect(
      dueOf(pb, 'cpra-determination', '2026-01-05T18:00:00.000Z', {}, [
        request('records-request', '2026-02-26T17:00:00.000Z'),
      ]),
    ).toBe('2026-03-08T16:00:00.000Z');
  });

  test('due on Feb 29 2028; one extension of at most 14 days, by written notice', async () => {
    const pb = await load('california-cpra-brown.yaml');
    const received = request('records-request', '2028-02-19T18:00:00.000Z');
    expect(dueOf(pb, 'cpra-determination', '2028-02-19T18:00:00.000Z', {}, [received])).toBe(
      '2028-02-29T18:00:00.000Z',
    );
    const base = [...opened({ at: '2028-02-19T18:00:00.000Z', tier: 'critical' }), received];
    const clerk = actor('city-clerk');
    const now = '2028-02-25T18:00:00.000Z';
    given(...base)
      .when(
        { kind: 'extend', action: 'cpra-determination', by: 'P15D', reason: 'unusual', written: true },
        { now, actor: clerk, playbook: pb },
      )
      .thenThrows(InputError, /at most 14 days/);
    const [e] = given(...base)
      .when(
        { kind: 'extend', action: 'cpra-determination', by: 'P14D', reason: 'unusual', written: true },
        { now, actor: clerk, playbook: pb },
      )
      .then([expect.objectContaining({ type: 'deadline.extended' }) as never]);
    // Feb 29 10:00 PST + 14 days = Mar 14 10:00 PDT (DST from Mar 12, 2028).
    expect((e!.data as { due: string }).due).toBe('2028-03-14T17:00:00.000Z');
  });

  test('a regular meeting agenda 72 hours before, across fall-back', async () => {
    const pb = await load('california-cpra-brown.yaml');
    // Mon Nov 2 09:00 PST (17:00Z) − 72 elapsed hours = Fri Oct 30 17:00Z = 10:00 PDT.
    const facts = { meeting_at: '2026-11-02T17:00:00.000Z', meeting_kind: 'regular' };
    expect(dueOf(pb, 'post-agenda', '2026-10-01T17:00:00.000Z', facts)).toBe('2026-10-30T17:00:00.000Z');
  });
});

// Guards against a table that could not fail: a wrong expectation must be caught.
test('negative control: a deadline one hour off does not match', async () => {
  const pb = await load('chicago-copa-video.yaml');
  expect(dueOf(pb, 'release-video', '2026-01-07T20:00:00.000Z')).not.toBe('2026-03-08T20:00:00.000Z');
});
