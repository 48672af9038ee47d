import { describe, expect, test } from '@jest/globals';
import {
  addDuration,
  applyTimeRule,
  exceedsMax,
  extendBy,
  occurrenceDue,
  requireDuration,
} from '../../../src/core/time/deadlines.js';
import { parseDuration, type Duration } from '../../../src/core/time/duration.js';
import { toZonedIso } from '../../../src/core/time/format.js';
import { InputError } from '../../../src/core/errors.js';
import type { BusinessCalendar } from '../../../src/core/playbook/model.js';
import { caught } from '../../helpers/caught.js';

const CHI = 'America/Chicago';
const LON = 'Europe/London';
const dur = (text: string): Duration => {
  const d = parseDuration(text);
  if (!d) throw new Error(`bad test duration ${text}`);
  return d;
};

/** The instant must match (Date.parse is the independent oracle) and so must the offset shown. */
function expectAt(actual: Date, expected: string, zone: string) {
  expect(toZonedIso(actual, zone)).toBe(expected);
  expect(actual.getTime()).toBe(Date.parse(expected));
}

describe('addDuration', () => {
  test.each([
    // Spring forward, America/Chicago 2026-03-08 02:00 CST -> 03:00 CDT
    [
      'PT24H over spring forward is 24 elapsed hours',
      CHI,
      '2026-03-07T14:00:00-06:00',
      'PT24H',
      '2026-03-08T15:00:00-05:00',
    ],
    [
      'P1D over spring forward keeps the wall time',
      CHI,
      '2026-03-07T14:00:00-06:00',
      'P1D',
      '2026-03-08T14:00:00-05:00',
    ],
    // Fall back, 2026-11-01 02:00 CDT -> 01:00 CST
    [
      'PT24H over fall back is 24 elapsed hours',
      CHI,
      '2026-10-31T14:00:00-05:00',
      'PT24H',
      '2026-11-01T13:00:00-06:00',
    ],
    ['P1D over fall back keeps the wall time', CHI, '2026-10-31T14:00:00-05:00', 'P1D', '2026-11-01T14:00:00-06:00'],
    ['PT24H in summer', CHI, '2026-06-10T09:30:00-05:00', 'PT24H', '2026-06-11T09:30:00-05:00'],
    ['P1D in summer', CHI, '2026-06-10T09:30:00-05:00', 'P1D', '2026-06-11T09:30:00-05:00'],
    ['PT24H in winter', CHI, '2026-01-15T09:30:00-06:00', 'PT24H', '2026-01-16T09:30:00-06:00'],
    ['P1D in winter', CHI, '2026-01-15T09:30:00-06:00', 'P1D', '2026-01-16T09:30:00-06:00'],
    ['P45D across spring forward', CHI, '2026-02-20T10:00:00-06:00', 'P45D', '2026-04-06T10:00:00-05:00'],
    [
      'PT1080H (45 x 24 h) across spring forward',
      CHI,
      '2026-02-20T10:00:00-06:00',
      'PT1080H',
      '2026-04-06T11:00:00-05:00',
    ],
    ['PT15M across the spring gap', CHI, '2026-03-08T01:50:00-06:00', 'PT15M', '2026-03-08T03:05:00-05:00'],
    ['PT15M across the fall overlap', CHI, '2026-11-01T01:50:00-05:00', 'PT15M', '2026-11-01T01:05:00-06:00'],
    ['P1M from Jan 31 clamps to Feb 28', CHI, '2026-01-31T09:00:00-06:00', 'P1M', '2026-02-28T09:00:00-06:00'],
    ['P1M from Jan 31 in a leap year', CHI, '2028-01-31T09:00:00-06:00', 'P1M', '2028-02-29T09:00:00-06:00'],
    ['P1M from Mar 31 clamps to Apr 30', CHI, '2026-03-31T09:00:00-05:00', 'P1M', '2026-04-30T09:00:00-05:00'],
    [
      'P1M across spring forward keeps the wall time',
      CHI,
      '2026-02-28T12:00:00-06:00',
      'P1M',
      '2026-03-28T12:00:00-05:00',
    ],
    ['P1M from Dec 31 into the next year', CHI, '2026-12-31T09:00:00-06:00', 'P1M', '2027-01-31T09:00:00-06:00'],
    ['P1Y from Feb 29 clamps to Feb 28', CHI, '2028-02-29T10:00:00-06:00', 'P1Y', '2029-02-28T10:00:00-06:00'],
    ['P1W across spring forward', CHI, '2026-03-04T10:00:00-06:00', 'P1W', '2026-03-11T10:00:00-05:00'],
    ['P1D into the gap moves forward by the gap', CHI, '2026-03-07T02:30:00-06:00', 'P1D', '2026-03-08T03:30:00-05:00'],
    [
      'P1D into the overlap takes the earlier 01:30',
      CHI,
      '2026-10-31T01:30:00-05:00',
      'P1D',
      '2026-11-01T01:30:00-05:00',
    ],
    ['P1D from the second 01:30', CHI, '2026-11-01T01:30:00-06:00', 'P1D', '2026-11-02T01:30:00-06:00'],
    [
      'P1DT2H: date moves, then 2 elapsed hours',
      CHI,
      '2026-03-07T14:00:00-06:00',
      'P1DT2H',
      '2026-03-08T16:00:00-05:00',
    ],
    [
      'P1DT1H30M: elapsed part crosses the gap',
      CHI,
      '2026-03-07T01:00:00-06:00',
      'P1DT1H30M',
      '2026-03-08T03:30:00-05:00',
    ],
    ['zero duration', CHI, '2026-03-07T01:00:00-06:00', 'PT0S', '2026-03-07T01:00:00-06:00'],
    // Europe/London: BST from 2026-03-29 01:00 UTC to 2026-10-25 01:00 UTC
    ['London PT24H over spring forward', LON, '2026-03-28T12:00:00+00:00', 'PT24H', '2026-03-29T13:00:00+01:00'],
    ['London P1D over spring forward', LON, '2026-03-28T12:00:00+00:00', 'P1D', '2026-03-29T12:00:00+01:00'],
    ['London PT24H over fall back', LON, '2026-10-24T12:00:00+01:00', 'PT24H', '2026-10-25T11:00:00+00:00'],
    ['London P1D over fall back', LON, '2026-10-24T12:00:00+01:00', 'P1D', '2026-10-25T12:00:00+00:00'],
    ['London P1D into the gap', LON, '2026-03-28T01:30:00+00:00', 'P1D', '2026-03-29T02:30:00+01:00'],
    [
      'London P1D into the overlap takes the earlier (BST)',
      LON,
      '2026-10-24T01:30:00+01:00',
      'P1D',
      '2026-10-25T01:30:00+01:00',
    ],
  ])('%s', (_name, zone, start, d, expected) => {
    expectAt(addDuration(new Date(start), dur(d), zone), expected, zone);
  });

  test('P1D and PT24H agree at noon on every day of 2026 except the two before a DST change', () => {
    const differences: string[] = [];
    for (let day = 0; day < 365; day++) {
      const noon = new Date(Date.UTC(2026, 0, 1 + day, 18)); // 12:00 CST / 13:00 CDT
      const diff = addDuration(noon, dur('P1D'), CHI).getTime() - addDuration(noon, dur('PT24H'), CHI).getTime();
      if (diff !== 0) differences.push(`${noon.toISOString().slice(0, 10)} ${diff / 3_600_000}h`);
    }
    expect(differences).toEqual(['2026-03-07 -1h', '2026-10-31 1h']);
  });

  test('does not change its argument', () => {
    const start = new Date('2026-03-07T14:00:00-06:00');
    addDuration(start, dur('P1D'), CHI);
    expect(start.toISOString()).toBe('2026-03-07T20:00:00.000Z');
  });

  test('an unknown zone is bad input', () => {
    expect(() => addDuration(new Date(), dur('P1D'), 'America/Gotham')).toThrow(InputError);
    expect(() => addDuration(new Date(), dur('P1D'), 'America/Gotham')).toThrow('Unknown time zone "America/Gotham".');
  });
});

describe('extensions', () => {
  test('extendBy is the same arithmetic as addDuration', () => {
    expectAt(extendBy(new Date('2026-10-31T14:00:00-05:00'), dur('P1D'), CHI), '2026-11-01T14:00:00-06:00', CHI);
  });

  test.each([
    ['exactly at the maximum', '2026-11-02T12:00:00-06:00', 'P30D', '2026-12-02T12:00:00-06:00', false],
    ['one second past the maximum', '2026-11-02T12:00:00-06:00', 'P30D', '2026-12-02T12:00:01-06:00', true],
    ['well within', '2026-11-02T12:00:00-06:00', 'P30D', '2026-11-20T12:00:00-06:00', false],
    [
      'P3D across fall back allows the same wall time',
      '2026-10-30T12:00:00-05:00',
      'P3D',
      '2026-11-02T11:30:00-06:00',
      false,
    ],
    [
      'PT72H across fall back ends an hour earlier',
      '2026-10-30T12:00:00-05:00',
      'PT72H',
      '2026-11-02T11:30:00-06:00',
      true,
    ],
  ])('%s', (_name, original, max, newDue, exceeds) => {
    expect(exceedsMax(new Date(original), new Date(newDue), dur(max), CHI)).toBe(exceeds);
  });
});

describe('occurrenceDue', () => {
  test.each([
    [0, '2026-01-31T09:00:00-06:00'],
    [1, '2026-02-28T09:00:00-06:00'],
    [2, '2026-03-31T09:00:00-05:00'], // from the base in one step: not Mar 28
    [3, '2026-04-30T09:00:00-05:00'],
  ])('P1M occurrence %i from Jan 31', (k, expected) => {
    expectAt(occurrenceDue(new Date('2026-01-31T09:00:00-06:00'), dur('P1M'), k, CHI), expected, CHI);
  });

  test.each([
    [0, '2026-03-07T23:00:00-06:00'],
    [1, '2026-03-08T04:00:00-05:00'],
    [2, '2026-03-08T08:00:00-05:00'],
  ])('PT4H occurrence %i across the gap is elapsed time', (k, expected) => {
    expectAt(occurrenceDue(new Date('2026-03-07T23:00:00-06:00'), dur('PT4H'), k, CHI), expected, CHI);
  });
});

describe('applyTimeRule', () => {
  const calendar: BusinessCalendar = { working_days: ['mon', 'tue', 'wed', 'thu', 'fri'], holidays: [] };
  const anchor = new Date('2026-11-13T15:30:00-06:00'); // a Friday

  test.each([
    ['within (clock)', { within: 'PT1H' }, '2026-11-13T16:30:00-06:00'],
    ['within (calendar)', { within: 'P1D' }, '2026-11-14T15:30:00-06:00'],
    ['business days', { business_days: 3 }, '2026-11-18T23:59:59-06:00'],
    ['no offset: due at the anchor', {}, '2026-11-13T15:30:00-06:00'],
  ])('%s', (_name, rule, expected) => {
    expectAt(applyTimeRule(anchor, rule, CHI, calendar), expected, CHI);
  });

  test('both within and business_days (or business_hours) is refused', () => {
    expect(() => applyTimeRule(anchor, { within: 'PT1H', business_days: 1 }, CHI, calendar)).toThrow(
      'A deadline has more than one of "within", "business_days" and "business_hours"; give one.',
    );
    expect(() => applyTimeRule(anchor, { business_hours: 2, business_days: 1 }, CHI, calendar)).toThrow(
      /more than one/,
    );
  });

  test('a bad duration names itself and shows how to write one', () => {
    expect(() => applyTimeRule(anchor, { within: '24 hours' }, CHI, calendar)).toThrow(InputError);
    expect(() => requireDuration('24 hours', 'within')).toThrow('within: "24 hours" is not an ISO 8601 duration.');
    expect(caught(() => requireDuration('P', 'every')).hint).toContain('PT24H');
  });
});
