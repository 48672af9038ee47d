import { describe, expect, test } from '@jest/globals';
import { localTime, minutesInWords, wallDate, wallTime, zoneOffsetMinutes } from '../../../src/core/report/times.js';

describe('localTime', () => {
  test.each([
    ['2026-03-08T07:59:00.000Z', 'America/Chicago', '2026-03-08T01:59:00-06:00'],
    ['2026-03-08T08:00:00.000Z', 'America/Chicago', '2026-03-08T03:00:00-05:00'], // spring forward
    ['2026-11-01T06:30:00.000Z', 'America/Chicago', '2026-11-01T01:30:00-05:00'], // first 01:30
    ['2026-11-01T07:30:00.000Z', 'America/Chicago', '2026-11-01T01:30:00-06:00'], // second 01:30
    ['2026-03-08T08:00:00.250Z', 'America/Chicago', '2026-03-08T03:00:00.250-05:00'],
    ['2026-07-01T12:00:00Z', 'Asia/Kolkata', '2026-07-01T17:30:00+05:30'],
    ['2026-07-01T12:00:00Z', 'America/St_Johns', '2026-07-01T09:30:00-02:30'],
    ['2026-01-15T12:00:00Z', 'UTC', '2026-01-15T12:00:00+00:00'],
    ['2026-03-07T22:00:00-06:00', 'America/New_York', '2026-03-07T23:00:00-05:00'],
  ])('%s in %s is %s', (instant, zone, expected) => {
    expect(localTime(instant, zone)).toBe(expected);
    expect(Date.parse(localTime(instant, zone))).toBe(Date.parse(instant));
  });

  test('accepts a Date and epoch milliseconds', () => {
    const d = new Date('2026-11-26T20:05:00Z');
    expect(localTime(d, 'America/Chicago')).toBe('2026-11-26T14:05:00-06:00');
    expect(localTime(d.getTime(), 'America/Chicago')).toBe('2026-11-26T14:05:00-06:00');
  });

  test('refuses something that is not a time', () => {
    expect(() => localTime('yesterday', 'America/Chicago')).toThrow(/not a time/);
  });

  test('every minute across both 2026 Chicago transitions agrees with Intl', () => {
    const fmt = new Intl.DateTimeFormat('en-CA', {
      timeZone: 'America/Chicago',
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    });
    for (const start of [Date.parse('2026-03-08T06:00:00Z'), Date.parse('2026-11-01T05:00:00Z')]) {
      for (let t = start; t < start + 4 * 3600_000; t += 60_000) {
        const local = localTime(t, 'America/Chicago');
        expect(`${wallDate(local)}, ${wallTime(local)}`).toBe(fmt.format(t));
      }
    }
  });

  test('zoneOffsetMinutes', () => {
    expect(zoneOffsetMinutes(Date.parse('2026-01-01T00:00:00Z'), 'America/Chicago')).toBe(-360);
    expect(zoneOffsetMinutes(Date.parse('2026-07-01T00:00:00Z'), 'America/Chicago')).toBe(-300);
  });
});

test.each([
  [0, '0 min'],
  [59, '59 min'],
  [60, '1 h 00 min'],
  [65, '1 h 05 min'],
  [1440, '1 d'],
  [1500, '1 d 1 h'],
])('minutesInWords(%d) = %s', (m, words) => expect(minutesInWords(m)).toBe(words));
