import { describe, expect, test } from '@jest/globals';
import {
  clockTimeBefore,
  elapsedWords,
  formatInZone,
  parseUserTime,
  relative,
  toZonedIso,
  zoneAbbreviation,
} from '../../../src/core/time/format.js';
import { caught } from '../../helpers/caught.js';

const CHI = 'America/Chicago';
const LON = 'Europe/London';
const MIN = 60_000;
const H = 60 * MIN;
const DAY = 24 * H;

describe('formatInZone', () => {
  test.each([
    ['Chicago summer', '2026-07-01T17:05:00Z', CHI, '2026-07-01 12:05 CDT'],
    ['Chicago winter', '2026-01-15T20:05:00Z', CHI, '2026-01-15 14:05 CST'],
    ['Chicago, the first 01:30', '2026-11-01T06:30:00Z', CHI, '2026-11-01 01:30 CDT'],
    ['Chicago, the second 01:30', '2026-11-01T07:30:00Z', CHI, '2026-11-01 01:30 CST'],
    ['Chicago, late evening is still the local day', '2026-11-27T05:59:59Z', CHI, '2026-11-26 23:59 CST'],
    ['London summer', '2026-07-01T17:05:00Z', LON, '2026-07-01 18:05 BST'],
    ['London winter', '2026-01-15T20:05:00Z', LON, '2026-01-15 20:05 GMT'],
    ['Berlin winter', '2026-01-15T20:05:00Z', 'Europe/Berlin', '2026-01-15 21:05 CET'],
    [
      'a zone with no abbreviation shows its offset',
      '2026-01-15T20:05:00Z',
      'Asia/Kolkata',
      '2026-01-16 01:35 UTC+05:30',
    ],
    ['UTC', '2026-01-15T20:05:00Z', 'UTC', '2026-01-15 20:05 UTC'],
  ])('%s', (_name, iso, zone, expected) => {
    expect(formatInZone(new Date(iso), zone, 'yyyy-MM-dd HH:mm', { abbreviation: true })).toBe(expected);
  });

  test.each([
    ['default pattern', undefined, '2026-11-26 14:05'],
    ['every token', 'EEE dd MMM yyyy HH:mm:ss xxx zzz', 'Thu 26 Nov 2026 14:05:09 -06:00 CST'],
    ['long day name', 'EEEE', 'Thursday'],
    ['quoted literal text', "yyyy-MM-dd'T'HH:mm 'at' zzz", '2026-11-26T14:05 at CST'],
    ['time only', 'HH:mm', '14:05'],
  ])('%s', (_name, pattern, expected) => {
    expect(formatInZone(new Date('2026-11-26T20:05:09Z'), CHI, pattern)).toBe(expected);
  });

  test('an unsupported pattern letter is a bug, not silent output', () => {
    expect(() => formatInZone(new Date(), CHI, 'yyyy-MM-dd hh:mm')).toThrow('unsupported pattern letter "h"');
  });
});

describe('zoneAbbreviation', () => {
  test.each([
    ['2026-03-08T07:59:00Z', 'CST'],
    ['2026-03-08T08:00:00Z', 'CDT'],
    ['2026-11-01T06:59:00Z', 'CDT'],
    ['2026-11-01T07:00:00Z', 'CST'],
  ])('Chicago at %s is %s', (iso, expected) => {
    expect(zoneAbbreviation(new Date(iso), CHI)).toBe(expected);
  });
});

describe('toZonedIso', () => {
  test.each([
    ['Chicago winter', '2026-11-26T20:05:00Z', CHI, '2026-11-26T14:05:00-06:00'],
    ['Chicago summer', '2026-07-04T20:05:00Z', CHI, '2026-07-04T15:05:00-05:00'],
    ['London winter', '2026-11-26T20:05:00Z', LON, '2026-11-26T20:05:00+00:00'],
    ['London summer', '2026-07-04T20:05:00Z', LON, '2026-07-04T21:05:00+01:00'],
    ['UTC writes +00:00', '2026-07-04T20:05:00Z', 'UTC', '2026-07-04T20:05:00+00:00'],
    ['half-hour offset', '2026-07-04T20:05:00Z', 'Asia/Kolkata', '2026-07-05T01:35:00+05:30'],
    ['milliseconds only when present', '2026-07-04T20:05:00.123Z', CHI, '2026-07-04T15:05:00.123-05:00'],
  ])('%s', (_name, iso, zone, expected) => {
    const text = toZonedIso(new Date(iso), zone);
    expect(text).toBe(expected);
    expect(Date.parse(text)).toBe(Date.parse(iso)); // the same instant
  });
});

describe('relative and elapsedWords', () => {
  test.each([
    [0, 'due now'],
    [30_000, 'in <1 min'],
    [-30_000, 'overdue <1 min'],
    [MIN, 'in 1 min'],
    [35 * MIN, 'in 35 min'],
    [35 * MIN + 59_999, 'in 35 min'], // whole minutes only: never promise time that is not there
    [-12 * MIN, 'overdue 12 min'],
    [-12 * MIN - 59_000, 'overdue 12 min'],
    [59 * MIN + 59_000, 'in 59 min'],
    [H, 'in 1 h'],
    [2 * H, 'in 2 h'],
    [2 * H + 5 * MIN, 'in 2 h 5 min'],
    [-(2 * H + 5 * MIN), 'overdue 2 h 5 min'],
    [23 * H + 59 * MIN, 'in 23 h 59 min'],
    [DAY, 'in 1 day'],
    [-(DAY + 2 * H), 'overdue 1 day 2 h'],
    [DAY + 2 * H + 40 * MIN, 'in 1 day 2 h'],
    [3 * DAY, 'in 3 days'],
    [3 * DAY + 4 * H, 'in 3 days 4 h'],
    [6 * DAY + 23 * H, 'in 6 days 23 h'],
    [7 * DAY + 5 * H, 'in 7 days'],
    [45 * DAY, 'in 45 days'],
    [-45 * DAY - 3 * H, 'overdue 45 days'],
  ])('%d ms → %s', (ms, expected) => {
    expect(relative(ms)).toBe(expected);
  });

  test.each([
    [0, '0 min'],
    [12 * MIN, '12 min'],
    [-12 * MIN, '12 min'],
    [DAY + 2 * H, '1 day 2 h'],
  ])('elapsedWords(%d) → %s (for "late by …")', (ms, expected) => {
    expect(elapsedWords(ms)).toBe(expected);
  });

  test('refuses a non-finite span', () => {
    expect(() => relative(Number.NaN)).toThrow('not a finite time span');
  });
});

describe('clockTimeBefore: a bare HH:MM is the most recent such time', () => {
  const zone = 'America/Chicago';
  test('earlier today', () => {
    expect(clockTimeBefore('02:14', zone, new Date('2026-11-26T08:40:00Z'))?.toISOString()).toBe(
      '2026-11-26T08:14:00.000Z',
    );
  });
  test("later than now: yesterday, with yesterday's offset across the DST change", () => {
    // 2026-11-01 01:00 CDT → CST; at 00:30 CST on 2 Nov, "23:50" is 1 Nov 23:50 CST.
    expect(clockTimeBefore('23:50', zone, new Date('2026-11-02T06:30:00Z'))?.toISOString()).toBe(
      '2026-11-02T05:50:00.000Z',
    );
    // At 00:30 CDT on 8 Mar, "23:50" is 7 Mar 23:50 CST (UTC-6).
    expect(clockTimeBefore('23:50', zone, new Date('2026-03-08T06:30:00Z'))?.toISOString()).toBe(
      '2026-03-08T05:50:00.000Z',
    );
  });
  test('one digit hour; exactly now counts as now', () => {
    expect(clockTimeBefore('2:14', zone, new Date('2026-11-26T08:14:00Z'))?.toISOString()).toBe(
      '2026-11-26T08:14:00.000Z',
    );
  });
  test('not a bare time: undefined (the full parser takes it); not a real time: refused', () => {
    expect(clockTimeBefore('2026-11-26 02:14', zone, new Date())).toBeUndefined();
    expect(() => clockTimeBefore('25:10', zone, new Date('2026-11-26T08:40:00Z'))).toThrow(/not a real date and time/);
  });
  test('a time the clocks skip that day is refused, as for a full date', () => {
    expect(() => clockTimeBefore('02:30', zone, new Date('2026-03-08T12:00:00Z'))).toThrow(/skip/);
  });
});

describe('parseUserTime', () => {
  test.each([
    ['RFC 3339 with offset', '2026-11-26T14:05:00-06:00', '2026-11-26T20:05:00.000Z'],
    ['RFC 3339 Z', '2026-11-26T20:05:00Z', '2026-11-26T20:05:00.000Z'],
    ['RFC 3339 lower-case z, no seconds', '2026-11-26t20:05z', '2026-11-26T20:05:00.000Z'],
    ['RFC 3339 with fraction', '2026-11-26T20:05:00.25+00:00', '2026-11-26T20:05:00.250Z'],
    ['an offset other than the zone’s is honoured', '2026-11-26T14:05:00+01:00', '2026-11-26T13:05:00.000Z'],
    ['local winter', '2026-11-26 14:05', '2026-11-26T20:05:00.000Z'],
    ['local summer', '2026-07-04 14:05', '2026-07-04T19:05:00.000Z'],
    ['local with T and seconds', '2026-07-04T14:05:30', '2026-07-04T19:05:30.000Z'],
    ['surrounding spaces', '  2026-07-04 14:05 ', '2026-07-04T19:05:00.000Z'],
    ['local just before spring forward', '2026-03-08 01:59', '2026-03-08T07:59:00.000Z'],
    ['local just after spring forward', '2026-03-08 03:00', '2026-03-08T08:00:00.000Z'],
    ['local just before the repeated hour', '2026-11-01 00:59', '2026-11-01T05:59:00.000Z'],
    ['local just after the repeated hour', '2026-11-01 02:00', '2026-11-01T08:00:00.000Z'],
    ['local the day after fall back', '2026-11-02 01:30', '2026-11-02T07:30:00.000Z'],
  ])('%s: %s', (_name, text, expected) => {
    expect(parseUserTime(text, CHI).toISOString()).toBe(expected);
  });

  test('London local time across its own change', () => {
    expect(parseUserTime('2026-03-29 02:30', LON).toISOString()).toBe('2026-03-29T01:30:00.000Z');
    expect(() => parseUserTime('2026-03-29 01:30', LON)).toThrow('does not exist in Europe/London');
  });

  test('a skipped local time is refused with the likely meaning', () => {
    const e = caught(() => parseUserTime('2026-03-08 02:30', CHI, '--stated-at'));
    expect(e.message).toBe(
      '--stated-at "2026-03-08 02:30" does not exist in America/Chicago: the clocks skip that hour.',
    );
    expect(e.hint).toBe('Did you mean 2026-03-08 03:30 CDT? Write it as 2026-03-08T03:30:00-05:00.');
  });

  test('a repeated local time is refused with both choices', () => {
    const e = caught(() => parseUserTime('2026-11-01 01:30', CHI, '--stated-at'));
    expect(e.message).toBe(
      '--stated-at "2026-11-01 01:30" happens twice in America/Chicago: the clocks go back that night.',
    );
    expect(e.hint).toBe(
      'Write it with its offset: 2026-11-01T01:30:00-05:00 (CDT) for the first, 2026-11-01T01:30:00-06:00 (CST) for the second.',
    );
    // ...and each choice is accepted as written.
    expect(parseUserTime('2026-11-01T01:30:00-06:00', CHI).toISOString()).toBe('2026-11-01T07:30:00.000Z');
  });

  test.each([
    ['words', 'tomorrow at noon', 'is not a time cic understands'],
    ['date only', '2026-11-26', 'is not a time cic understands'],
    ['12-hour time', '2026-11-26 2:05 PM', 'is not a time cic understands'],
    ['US date order', '11/26/2026 14:05', 'is not a time cic understands'],
    ['empty', '', 'is not a time cic understands'],
    ['February 30', '2026-02-30 10:00', 'is not a real date and time'],
    ['hour 24', '2026-11-26 24:00', 'is not a real date and time'],
    ['minute 60', '2026-11-26 14:60', 'is not a real date and time'],
    ['month 13', '2026-13-01T10:00:00Z', 'is not a real date and time'],
    ['offset hour 25', '2026-11-26T14:05:00+25:00', 'is not a real date and time'],
  ])('refuses %s', (_name, text, message) => {
    const e = caught(() => parseUserTime(text, CHI));
    expect(e.message).toContain(message);
    expect(e.hint).toBe(
      'Write a local time in America/Chicago like 2026-11-26 14:05, or an RFC 3339 time like 2026-11-26T14:05:00-06:00.',
    );
  });

  test('the hint uses the zone’s own offset', () => {
    expect(caught(() => parseUserTime('soon', LON)).hint).toContain('2026-11-26T14:05:00+00:00');
  });

  test('control characters in the input are shown escaped', () => {
    expect(caught(() => parseUserTime('2026\x1b[2J', CHI)).message).toBe(
      'time "2026\\e[2J" is not a time cic understands.',
    );
  });
});
