import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { isValidTimeZone, resolveWallTime, wallTime, wallYear, type WallTime } from '../../../src/core/time/zoned.js';

const at = (year: number, month: number, day: number, hour: number, minute: number): WallTime => ({
  year,
  month,
  day,
  hour,
  minute,
  second: 0,
  millisecond: 0,
});

describe('resolveWallTime', () => {
  test.each([
    ['Chicago ordinary', 'America/Chicago', at(2026, 7, 4, 14, 5), 'unique', ['2026-07-04T19:05:00.000Z']],
    ['Chicago gap 02:00', 'America/Chicago', at(2026, 3, 8, 2, 0), 'skipped', []],
    ['Chicago gap 02:59', 'America/Chicago', at(2026, 3, 8, 2, 59), 'skipped', []],
    ['Chicago 03:00 after the gap', 'America/Chicago', at(2026, 3, 8, 3, 0), 'unique', ['2026-03-08T08:00:00.000Z']],
    [
      'Chicago overlap 01:00',
      'America/Chicago',
      at(2026, 11, 1, 1, 0),
      'repeated',
      ['2026-11-01T06:00:00.000Z', '2026-11-01T07:00:00.000Z'],
    ],
    [
      'Chicago overlap 01:59',
      'America/Chicago',
      at(2026, 11, 1, 1, 59),
      'repeated',
      ['2026-11-01T06:59:00.000Z', '2026-11-01T07:59:00.000Z'],
    ],
    [
      'Chicago 02:00 after the overlap',
      'America/Chicago',
      at(2026, 11, 1, 2, 0),
      'unique',
      ['2026-11-01T08:00:00.000Z'],
    ],
    ['London gap', 'Europe/London', at(2026, 3, 29, 1, 30), 'skipped', []],
    [
      'London overlap',
      'Europe/London',
      at(2026, 10, 25, 1, 30),
      'repeated',
      ['2026-10-25T00:30:00.000Z', '2026-10-25T01:30:00.000Z'],
    ],
    // Lord Howe Island moves its clocks by 30 minutes.
    ['Lord Howe half-hour gap', 'Australia/Lord_Howe', at(2026, 10, 4, 2, 15), 'skipped', []],
  ])('%s', (_name, zone, wall, kind, candidates) => {
    const r = resolveWallTime(wall, zone);
    expect(r.kind).toBe(kind);
    expect(r.candidates.map((d) => d.toISOString())).toEqual(candidates);
    if (candidates.length) expect(r.instant.toISOString()).toBe(candidates[0]);
  });

  test.each([
    ['Chicago 02:30 → 03:30 CDT', 'America/Chicago', at(2026, 3, 8, 2, 30), '2026-03-08T08:30:00.000Z'],
    ['London 01:30 → 02:30 BST', 'Europe/London', at(2026, 3, 29, 1, 30), '2026-03-29T01:30:00.000Z'],
    ['Lord Howe 02:15 → 02:45', 'Australia/Lord_Howe', at(2026, 10, 4, 2, 15), '2026-10-03T15:45:00.000Z'],
  ])('a skipped time moves forward by the gap: %s', (_name, zone, wall, expected) => {
    expect(resolveWallTime(wall, zone).instant.toISOString()).toBe(expected);
  });

  test('round-trips every quarter hour of 2026 in Chicago', () => {
    const bad: string[] = [];
    for (let t = Date.UTC(2026, 0, 1); t < Date.UTC(2027, 0, 1); t += 15 * 60_000) {
      const r = resolveWallTime(wallTime(new Date(t), 'America/Chicago'), 'America/Chicago');
      if (!r.candidates.some((c) => c.getTime() === t)) bad.push(new Date(t).toISOString());
    }
    expect(bad).toEqual([]);
  });
});

describe('isValidTimeZone', () => {
  test.each([
    ['America/Chicago', true],
    ['Europe/London', true],
    ['UTC', true],
    ['America/Gotham', false],
    ['+06:00', false],
    ['', false],
  ])('%s → %s', (zone, expected) => {
    expect(isValidTimeZone(zone)).toBe(expected);
  });
});

describe('wallYear', () => {
  const zones = ['Pacific/Kiritimati', 'Pacific/Pago_Pago', 'Etc/GMT+12', 'America/Chicago', 'Asia/Kolkata', 'UTC'];
  test('is the year of wallTime, in the zones furthest from UTC too, around New Year above all', () => {
    const newYears = [2025, 2026, 2027, 2028].map((y) => Date.UTC(y, 0, 1));
    const instant = fc.oneof(
      fc.integer({ min: Date.UTC(2024, 0, 1), max: Date.UTC(2030, 0, 1) }),
      fc
        .tuple(fc.constantFrom(...newYears), fc.integer({ min: -50 * 3_600_000, max: 50 * 3_600_000 }))
        .map(([a, b]) => a + b),
    );
    fc.assert(
      fc.property(instant, fc.constantFrom(...zones), (t, zone) => {
        expect(wallYear(new Date(t), zone)).toBe(wallTime(new Date(t), zone).year);
      }),
      { numRuns: 2000, seed: 20261203 },
    );
  });
});
