import { describe, expect, test } from '@jest/globals';
import { addBusinessDays, isBusinessDay } from '../../../src/core/time/deadlines.js';
import { toZonedIso } from '../../../src/core/time/format.js';
import { InputError } from '../../../src/core/errors.js';
import type { BusinessCalendar, Weekday } from '../../../src/core/playbook/model.js';

const CHI = 'America/Chicago';
const MON_FRI: Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri'];
const TUE_SAT: Weekday[] = ['tue', 'wed', 'thu', 'fri', 'sat'];
const HOLIDAYS = [
  { date: '2026-11-26', name: 'Thanksgiving' },
  { date: '2026-11-27', name: 'Day after Thanksgiving' },
  { date: '2026-12-25', name: 'Christmas' },
  { date: '2027-01-01', name: "New Year's Day" },
];
const city: BusinessCalendar = { working_days: MON_FRI, holidays: HOLIDAYS };
const noHolidays: BusinessCalendar = { working_days: MON_FRI, holidays: [] };
const tueSat: BusinessCalendar = { working_days: TUE_SAT, holidays: [] };

describe('addBusinessDays ends at 23:59:59 local on the Nth business day after the anchor date', () => {
  test.each([
    ['Friday afternoon + 3 is Wednesday', '2026-11-13T15:30:00-06:00', 3, city, '2026-11-18T23:59:59-06:00'],
    [
      'Friday 23:30 local (Saturday in UTC) still counts from Friday',
      '2026-11-13T23:30:00-06:00',
      3,
      city,
      '2026-11-18T23:59:59-06:00',
    ],
    ['Friday + 1 is Monday', '2026-11-13T09:00:00-06:00', 1, city, '2026-11-16T23:59:59-06:00'],
    ['over spring forward the end of day is in CDT', '2026-03-06T15:30:00-06:00', 3, city, '2026-03-11T23:59:59-05:00'],
    ['over fall back the end of day is in CST', '2026-10-30T15:30:00-05:00', 1, city, '2026-11-02T23:59:59-06:00'],
    [
      'Wednesday before Thanksgiving + 3 skips Thu, Fri and the weekend',
      '2026-11-25T10:00:00-06:00',
      3,
      city,
      '2026-12-02T23:59:59-06:00',
    ],
    [
      '  ... and without the holidays it is Monday',
      '2026-11-25T10:00:00-06:00',
      3,
      noHolidays,
      '2026-11-30T23:59:59-06:00',
    ],
    ['Tuesday before Thanksgiving + 3', '2026-11-24T10:00:00-06:00', 3, city, '2026-12-01T23:59:59-06:00'],
    [
      '30 business days across Christmas and New Year',
      '2026-12-14T09:00:00-06:00',
      30,
      city,
      '2027-01-27T23:59:59-06:00',
    ],
    [
      '  ... and without the holidays two days earlier',
      '2026-12-14T09:00:00-06:00',
      30,
      noHolidays,
      '2027-01-25T23:59:59-06:00',
    ],
    ['start on a Saturday', '2026-11-14T09:00:00-06:00', 3, city, '2026-11-18T23:59:59-06:00'],
    ['start on a holiday (Thanksgiving)', '2026-11-26T09:00:00-06:00', 3, city, '2026-12-02T23:59:59-06:00'],
    [
      'n = 0 on a business day is the end of that day',
      '2026-11-18T10:00:00-06:00',
      0,
      city,
      '2026-11-18T23:59:59-06:00',
    ],
    ['n = 0 on a Saturday is the end of Monday', '2026-11-14T10:00:00-06:00', 0, city, '2026-11-16T23:59:59-06:00'],
    [
      'n = 0 on Thanksgiving is the end of the next Monday',
      '2026-11-26T10:00:00-06:00',
      0,
      city,
      '2026-11-30T23:59:59-06:00',
    ],
    ['Tue–Sat week: Wednesday + 3 is Saturday', '2026-11-18T10:00:00-06:00', 3, tueSat, '2026-11-21T23:59:59-06:00'],
    ['Mon–Fri week: Wednesday + 3 is Monday', '2026-11-18T10:00:00-06:00', 3, noHolidays, '2026-11-23T23:59:59-06:00'],
    ['Tue–Sat week: Saturday + 1 is Tuesday', '2026-11-14T10:00:00-06:00', 1, tueSat, '2026-11-17T23:59:59-06:00'],
    ['Mon–Fri week: Saturday + 1 is Monday', '2026-11-14T10:00:00-06:00', 1, noHolidays, '2026-11-16T23:59:59-06:00'],
  ])('%s', (_name, start, n, calendar, expected) => {
    const due = addBusinessDays(new Date(start), n, CHI, calendar);
    expect(toZonedIso(due, CHI)).toBe(expected);
    expect(due.getTime()).toBe(Date.parse(expected));
  });

  test('Europe/London: Friday + 1 lands after BST ends, in GMT', () => {
    const due = addBusinessDays(new Date('2026-10-23T16:00:00+01:00'), 1, 'Europe/London', noHolidays);
    expect(toZonedIso(due, 'Europe/London')).toBe('2026-10-26T23:59:59+00:00');
  });

  test.each([
    ['a negative count', -1, 'business_days must be a whole number of days, 0 or more (got -1).'],
    ['a fraction', 1.5, 'business_days must be a whole number of days, 0 or more (got 1.5).'],
  ])('refuses %s', (_name, n, message) => {
    expect(() => addBusinessDays(new Date('2026-11-13T09:00:00Z'), n, CHI, city)).toThrow(message);
  });

  test('refuses a calendar without working days', () => {
    expect(() => addBusinessDays(new Date('2026-11-13T09:00:00Z'), 1, CHI, { working_days: [], holidays: [] })).toThrow(
      'The playbook calendar has no working days.',
    );
  });

  test('gives up, with a message, when holidays cover every working day for ten years', () => {
    const holidays = [];
    for (let t = Date.UTC(2026, 10, 16); t < Date.UTC(2037, 0, 1); t += 7 * 86_400_000) {
      holidays.push({ date: new Date(t).toISOString().slice(0, 10) }); // every Monday
    }
    const onlyMondays: BusinessCalendar = { working_days: ['mon'], holidays };
    expect(() => addBusinessDays(new Date('2026-11-13T09:00:00Z'), 1, CHI, onlyMondays)).toThrow(InputError);
    // Negative control: one Monday less covered and it is found.
    const found = addBusinessDays(new Date('2026-11-13T09:00:00Z'), 1, CHI, {
      working_days: ['mon'],
      holidays: holidays.slice(1),
    });
    expect(toZonedIso(found, CHI)).toBe('2026-11-16T23:59:59-06:00');
  });
});

describe('isBusinessDay', () => {
  test.each([
    ['2026-11-25', true],
    ['2026-11-26', false], // holiday
    ['2026-11-28', false], // Saturday
    ['2026-11-30', true],
  ])('%s → %s', (date, expected) => {
    const [year, month, day] = date.split('-').map(Number) as [number, number, number];
    expect(isBusinessDay({ year, month, day }, city)).toBe(expected);
  });
});
