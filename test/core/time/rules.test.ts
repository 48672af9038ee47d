/**
 * The deadline constructs real policies need: holidays by rule, business hours, counting back
 * from a date-time fact, earliest/latest of, amounts by tier, targets. Expected times are worked
 * out by hand from a wall calendar (offsets: CST UTC-6, CDT UTC-5; PST UTC-8, PDT UTC-7).
 */
import { describe, expect, test } from '@jest/globals';
import { schedule } from '../../../src/core/incident/schedule.js';
import type { Action, BusinessCalendar, Playbook } from '../../../src/core/playbook/model.js';
import {
  addBusinessDays,
  businessDaysBefore,
  businessHours,
  calendarCoverageWarning,
  subtractDuration,
} from '../../../src/core/time/deadlines.js';
import { parseDuration } from '../../../src/core/time/duration.js';
import { HolidaySet, lastCoveredYear, ruleHolidayDate } from '../../../src/core/time/holidays.js';
import { playbook as base } from '../incident/fixtures.js';
import { opened, stateOf } from '../incident/spec.js';

const CHI = 'America/Chicago';
const FEDERAL: BusinessCalendar = {
  working_days: ['mon', 'tue', 'wed', 'thu', 'fri'],
  holidays: [
    { name: "New Year's Day", month: 1, day: 1, observed: 'nearest-weekday' },
    { name: 'Memorial Day', month: 5, weekday: 'mon', nth: -1 },
    { name: 'Independence Day', month: 7, day: 4, observed: 'nearest-weekday' },
    { name: 'Thanksgiving', month: 11, weekday: 'thu', nth: 4 },
    { name: 'Day after Thanksgiving', month: 11, weekday: 'thu', nth: 4, offset_days: 1 },
    { name: 'Christmas', month: 12, day: 25, observed: 'nearest-weekday' },
  ],
};
const iso = (d: Date) => d.toISOString();

describe('holidays by rule', () => {
  test.each([
    ['Thanksgiving 2026 (4th Thursday)', 3, 2026, '2026-11-26'],
    ['the day after', 4, 2026, '2026-11-27'],
    ['Memorial Day 2026 (last Monday of May)', 1, 2026, '2026-05-25'],
    ['Independence Day 2026, a Saturday: observed Friday', 2, 2026, '2026-07-03'],
    ['Independence Day 2027, a Sunday: observed Monday', 2, 2027, '2027-07-05'],
    ['Christmas 2027, a Saturday: observed Friday', 5, 2027, '2027-12-24'],
    ["New Year's Day 2028, a Saturday: observed 2027-12-31", 0, 2028, '2027-12-31'],
    ['Thanksgiving 2028', 3, 2028, '2028-11-23'],
  ])('%s', (_name, index, year, date) => {
    expect(ruleHolidayDate(FEDERAL.holidays[index]!, year)).toBe(date);
  });

  test('a HolidaySet knows rule dates in any year, including one observed in the year before', () => {
    const set = new HolidaySet(FEDERAL.holidays);
    expect(set.has('2027-12-31')).toBe(true);
    expect(set.has('2031-11-27')).toBe(true); // Thanksgiving 2031
    expect(set.has('2026-07-04')).toBe(false); // the Saturday itself is not the observed day
    expect(set.has('2026-11-25')).toBe(false);
  });

  test('a calendar with only listed dates covers up to its last year; with rules, every year', () => {
    expect(lastCoveredYear(base.calendar)).toBe(2026);
    expect(lastCoveredYear(FEDERAL)).toBeUndefined();
    const from = new Date('2026-12-28T15:00:00Z');
    const to = addBusinessDays(from, 10, CHI, base.calendar);
    expect(calendarCoverageWarning(base.calendar, from, to, CHI)).toMatch(/only through 2026; business days in 2027/);
    expect(calendarCoverageWarning(FEDERAL, from, to, CHI)).toBeUndefined();
    expect(calendarCoverageWarning(base.calendar, from, new Date('2026-12-30T15:00:00Z'), CHI)).toBeUndefined();
  });

  test('business days skip rule holidays: a Wednesday-before-Thanksgiving request, 3 business days', () => {
    // Wed 2026-11-25 09:00 CST; Thu 26 and Fri 27 are holidays, Sat/Sun not working:
    // Mon 30 (1), Tue Dec 1 (2), Wed Dec 2 (3) → 23:59:59 CST = 05:59:59Z on Dec 3.
    const due = addBusinessDays(new Date('2026-11-25T15:00:00Z'), 3, CHI, FEDERAL);
    expect(iso(due)).toBe('2026-12-03T05:59:59.000Z');
  });
});

describe('counting back from an anchor', () => {
  test('24 business hours before a Monday 10:00 meeting after Thanksgiving: Wednesday 10:00', () => {
    // Mon 00:00–10:00 is 10 h; Sun, Sat, Fri 27 and Thu 26 do not count; 14 h more back from
    // Wed 24:00 is Wed 2026-11-25 10:00 CST = 16:00Z.
    const due = businessHours(new Date('2026-11-30T16:00:00Z'), 24, -1, CHI, FEDERAL);
    expect(iso(due)).toBe('2026-11-25T16:00:00.000Z');
  });

  test('24 business hours before a Monday meeting the day after spring-forward: Friday, in CST', () => {
    // Mon 2026-03-09 10:00 CDT (15:00Z): 10 h that day; the weekend skipped (the short Sunday
    // too); 14 h back from Fri 03-06 24:00 CST is 10:00 CST = 16:00Z.
    const due = businessHours(new Date('2026-03-09T15:00:00Z'), 24, -1, CHI, FEDERAL);
    expect(iso(due)).toBe('2026-03-06T16:00:00.000Z');
  });

  test('business hours forward skip the weekend too (negative control for direction)', () => {
    // Fri 2026-03-06 16:00 CST (22:00Z) + 24 business hours: 8 h Friday, 16 h into Monday 03-09:
    // 16:00 CDT = 21:00Z.
    const due = businessHours(new Date('2026-03-06T22:00:00Z'), 24, 1, CHI, FEDERAL);
    expect(iso(due)).toBe('2026-03-09T21:00:00.000Z');
  });

  test('P1D before 10:00 CDT the day after spring-forward is 10:00 CST the day before', () => {
    const due = subtractDuration(new Date('2026-03-09T15:00:00Z'), parseDuration('P1D')!, CHI);
    expect(iso(due)).toBe('2026-03-08T15:00:00.000Z'); // 10:00 CDT on 03-08 (DST began at 02:00)
    const due2 = subtractDuration(new Date('2026-03-09T15:00:00Z'), parseDuration('P2D')!, CHI);
    expect(iso(due2)).toBe('2026-03-07T16:00:00.000Z'); // 10:00 CST
  });

  test('2 business days before a Monday meeting after Thanksgiving: the end of Tuesday the 24th', () => {
    // Meeting Mon 2026-11-30; Thu 26 and Fri 27 are holidays, so the 1st business day before is
    // Wed 25 and the 2nd Tue 24 → 23:59:59 CST = 05:59:59Z on the 25th.
    const due = businessDaysBefore(new Date('2026-11-30T16:00:00Z'), 2, CHI, FEDERAL);
    expect(iso(due)).toBe('2026-11-25T05:59:59.000Z');
  });
});

describe('rules in the schedule', () => {
  const meetingFact = { id: 'meeting_at', type: 'date-time' as const, prompt: 'When does the meeting start?' };
  const familyFact = { id: 'family_request_at', type: 'date-time' as const, prompt: 'When did the family ask?' };
  const act = (id: string, rest: Partial<Action>): Action => ({
    id,
    title: id,
    kind: 'task',
    owner: 'city-manager',
    due: { after: 'occurred', within: 'P1D' },
    ...rest,
  });
  const pb: Playbook = {
    ...base,
    calendar: FEDERAL,
    facts: [...base.facts, meetingFact, familyFact],
    actions: [
      act('meeting-notice', { due: { before: { fact: 'meeting_at' }, business_hours: 24 } }),
      act('release-or-view', {
        due: {
          earliest_of: [
            { after: 'occurred', within: 'P14D' },
            { after: { fact: 'family_request_at' }, business_days: 5 },
          ],
        },
      }),
      act('latest', {
        due: {
          latest_of: [
            { after: 'occurred', within: 'P1D' },
            { after: { fact: 'family_request_at' }, within: 'P1D' },
          ],
        },
      }),
      act('by-tier', {
        due: { after: 'occurred', within: 'PT4H', by_tier: [{ tiers: ['tier-1'], within: 'PT1H' }] },
      }),
      act('with-target', {
        due: { after: 'occurred', within: 'P30D' },
        target: { after: 'occurred', within: 'PT72H' },
      }),
    ],
  };
  // Occurred Thu 2026-11-19 10:00 CST = 16:00Z.
  const OCCURRED = '2026-11-19T16:00:00.000Z';
  const due = (facts: Record<string, string>, action: string, tier = 'tier-1') =>
    schedule(stateOf(opened({ at: OCCURRED, tier, facts })), pb, new Date(OCCURRED)).find((i) => i.action === action)!;

  test('before a date-time fact: waiting while the fact is unknown, then due before it', () => {
    expect(due({}, 'meeting-notice')).toMatchObject({ state: 'waiting', waiting_on: ['meeting_at'], due: undefined });
    const item = due({ meeting_at: '2026-11-30T16:00:00.000Z' }, 'meeting-notice');
    expect(iso(item.due!)).toBe('2026-11-25T16:00:00.000Z');
  });

  test('earliest_of: 14 days; or 5 business days after the family asks, when that is sooner', () => {
    // 14 days: Thu 2026-12-03 10:00 CST = 16:00Z.
    expect(iso(due({}, 'release-or-view').due!)).toBe('2026-12-03T16:00:00.000Z');
    // Asked Fri 11-20: 5 business days are Mon 23, Tue 24, Wed 25, Mon 30, Tue Dec 1 → end of
    // Tue Dec 1 = 05:59:59Z Dec 2: sooner, so it wins.
    const asked = due({ family_request_at: '2026-11-20T16:00:00.000Z' }, 'release-or-view');
    expect(iso(asked.due!)).toBe('2026-12-02T05:59:59.000Z');
    // Asked Wed 12-02: end of Wed 12-09 is later than the 14 days, which stand.
    const late = due({ family_request_at: '2026-12-02T16:00:00.000Z' }, 'release-or-view');
    expect(iso(late.due!)).toBe('2026-12-03T16:00:00.000Z');
  });

  test('latest_of waits for every anchor, then takes the latest', () => {
    expect(due({}, 'latest')).toMatchObject({ state: 'waiting', waiting_on: ['family_request_at'] });
    expect(iso(due({ family_request_at: '2026-11-22T16:00:00.000Z' }, 'latest').due!)).toBe('2026-11-23T16:00:00.000Z');
  });

  test('by_tier: one action, an hour at tier 1, four hours otherwise', () => {
    expect(iso(due({}, 'by-tier', 'tier-1').due!)).toBe('2026-11-19T17:00:00.000Z');
    expect(iso(due({}, 'by-tier', 'tier-2').due!)).toBe('2026-11-19T20:00:00.000Z');
  });

  test('a target is shown beside the deadline and never makes the item overdue', () => {
    const items = schedule(stateOf(opened({ at: OCCURRED })), pb, new Date('2026-11-25T16:00:00.000Z'));
    const item = items.find((i) => i.action === 'with-target')!;
    expect(iso(item.target!)).toBe('2026-11-22T16:00:00.000Z');
    expect(iso(item.due!)).toBe('2026-12-19T16:00:00.000Z');
    expect(item.state).toBe('upcoming');
  });
});
