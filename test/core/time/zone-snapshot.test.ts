/**
 * The zone snapshot kept in `.playbook.json` (src/time/zone-snapshot.ts) answers exactly what the
 * runtime's time-zone data answers, wherever it answers at all: at every hour of two years and
 * around every change, for zones with daylight time, without it, with half- and three-quarter-
 * hour offsets and a half-hour daylight shift. Outside its span, for another zone or another
 * tzdata version, or malformed, it is not used.
 */
import { afterEach, describe, expect, test } from '@jest/globals';
import { intlZoneAbbreviation, readZone, zoneAbbreviation } from '../../../src/time/format.js';
import { forgetZoneSnapshots, snapshotAbbreviation, snapshotOffset, useZoneSnapshot, type ZoneSnapshot } from '../../../src/time/zone-snapshot.js';
import { intlOffsetMinutes, offsetMinutes } from '../../../src/time/zoned.js';

const FROM = Date.UTC(2026, 0, 1);
const TO = Date.UTC(2028, 0, 1);
const HOUR = 3_600_000;
const ZONES = ['America/Chicago', 'Europe/London', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'America/Phoenix', 'America/St_Johns', 'Pacific/Chatham'];

afterEach(() => forgetZoneSnapshots());

describe.each(ZONES)('%s', (zone) => {
  const snapshot = readZone(zone, FROM, TO);

  test('the snapshot says what Intl says, every hour and either side of every change', () => {
    expect(useZoneSnapshot(snapshot)).toBe(true);
    const instants: number[] = [];
    for (let t = FROM; t < TO; t += HOUR) instants.push(t);
    for (const [start] of snapshot.spans.slice(1)) instants.push(start - 60_000, start - 1_000, start, start + 1_000, start + 60_000);
    const wrong = instants.filter(
      (t) => snapshotOffset(zone, t) !== intlOffsetMinutes(zone, t) || snapshotAbbreviation(zone, t) !== intlZoneAbbreviation(new Date(t), zone),
    );
    expect(wrong.map((t) => new Date(t).toISOString())).toEqual([]);
  });

  test('each change it records is a real one, at the second it happens', () => {
    for (const [start, offset] of snapshot.spans.slice(1)) {
      expect(intlOffsetMinutes(zone, start)).toBe(offset);
      const before = intlOffsetMinutes(zone, start - 1_000);
      const abbreviationChanged = intlZoneAbbreviation(new Date(start - 1_000), zone) !== intlZoneAbbreviation(new Date(start), zone);
      expect(before !== offset || abbreviationChanged).toBe(true);
    }
  });
});

describe('when the snapshot is used', () => {
  const chicago = readZone('America/Chicago', FROM, TO);
  // A snapshot that is wrong on purpose, so that using it shows.
  const skewed: ZoneSnapshot = { ...chicago, spans: chicago.spans.map(([s, o, a]) => [s, o + 1, `${a}?`]) };
  const july = Date.UTC(2026, 6, 1, 12);

  test('offsetMinutes and zoneAbbreviation answer from it inside its span (so the checks above test what runs)', () => {
    expect(offsetMinutes('America/Chicago', july)).toBe(-300);
    expect(useZoneSnapshot(skewed)).toBe(true);
    expect(offsetMinutes('America/Chicago', july)).toBe(-299);
    expect(zoneAbbreviation(new Date(july), 'America/Chicago')).toBe('CDT?');
  });

  test('outside its span, and for other zones, Intl answers', () => {
    useZoneSnapshot(skewed);
    expect(offsetMinutes('America/Chicago', TO + 200 * 24 * HOUR)).toBe(-300);
    expect(offsetMinutes('America/Chicago', FROM - 200 * 24 * HOUR)).toBe(-300);
    expect(offsetMinutes('America/New_York', july)).toBe(-240);
  });

  test('a snapshot read under another tzdata version is not used', () => {
    expect(useZoneSnapshot({ ...skewed, tzdata: 'older' })).toBe(false);
    expect(offsetMinutes('America/Chicago', july)).toBe(-300);
  });

  test.each([
    ['no spans', { ...chicago, spans: [] }],
    ['spans out of order', { ...chicago, spans: [...chicago.spans].reverse() }],
    ['a span that is not a triple', { ...chicago, spans: [[FROM, -360]] }],
    ['a first span that does not start the snapshot', { ...chicago, spans: chicago.spans.slice(1) }],
    ['not an object', 'America/Chicago'],
  ])('a malformed snapshot is not used: %s', (_what, bad) => {
    expect(useZoneSnapshot(bad)).toBe(false);
  });
});
