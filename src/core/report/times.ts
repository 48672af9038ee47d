/**
 * Times in the report: RFC 3339 text carrying the playbook zone's offset (`LocalTime`), so every
 * renderer reads the zone's wall clock straight from the string and needs no time-zone library.
 * Pure: the zone's rules come from the runtime's ICU data through `Intl`.
 */
import type { LocalTime } from './model.js';

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(zone, f);
  }
  return f;
}

// Offsets only change on transitions, which tzdb places on quarter hours since 1970: caching per
// 15-minute bucket keeps a 100,000-entry report from calling Intl 300,000 times.
const BUCKET = 15 * 60_000;
const offsets = new Map<string, Map<number, number>>();

/** The zone's UTC offset in whole minutes at an instant (e.g. -300 for CDT). */
export function zoneOffsetMinutes(epochMs: number, zone: string): number {
  let cache = offsets.get(zone);
  if (!cache) offsets.set(zone, (cache = new Map()));
  const bucket = Math.floor(epochMs / BUCKET);
  const hit = cache.get(bucket);
  if (hit !== undefined) return hit;
  const at = bucket * BUCKET;
  const parts: Record<string, number> = {};
  for (const p of formatter(zone).formatToParts(at)) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  const wall = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
  const minutes = Math.round((wall - at) / 60_000);
  if (cache.size > 100_000) cache.clear();
  cache.set(bucket, minutes);
  return minutes;
}

const pad = (n: number) => String(n).padStart(2, '0');
const offsetTexts = new Map<number, string>();

/** `-05:00`, `+05:30`, `+00:00`. */
function offsetText(minutes: number): string {
  let text = offsetTexts.get(minutes);
  if (text === undefined) {
    const abs = Math.abs(minutes);
    text = `${minutes < 0 ? '-' : '+'}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
    offsetTexts.set(minutes, text);
  }
  return text;
}

/**
 * An instant as RFC 3339 with the zone's offset: `2026-03-08T03:30:00-05:00`. Milliseconds are
 * kept only when not zero. Throws on an unparseable time (a bug upstream: log times are validated).
 */
export function localTime(instant: string | number | Date, zone: string): LocalTime {
  const ms =
    typeof instant === 'number' ? instant : typeof instant === 'string' ? Date.parse(instant) : instant.getTime();
  if (Number.isNaN(ms)) throw new TypeError(`not a time: ${String(instant)}`);
  const offset = zoneOffsetMinutes(ms, zone);
  // The wall clock is the UTC reading of the shifted instant: 'YYYY-MM-DDTHH:mm:ss.sssZ'.
  const iso = new Date(ms + offset * 60_000).toISOString();
  return (iso.endsWith('.000Z') ? iso.slice(0, 19) : iso.slice(0, 23)) + offsetText(offset);
}

/** `YYYY-MM-DD` of a LocalTime, in its own zone. */
export const wallDate = (t: LocalTime): string => t.slice(0, 10);

/** `HH:mm`, 24-hour, of a LocalTime, in its own zone. */
export const wallTime = (t: LocalTime): string => t.slice(11, 16);

/** `YYYY-MM-DD HH:mm` of a LocalTime. */
export const wallDateTime = (t: LocalTime): string => `${wallDate(t)} ${wallTime(t)}`;

/** Milliseconds since the epoch. */
export const epoch = (t: LocalTime): number => Date.parse(t);

/** Signed minutes from `a` to `b` (not rounded). */
export const minutesBetween = (a: LocalTime, b: LocalTime): number => (epoch(b) - epoch(a)) / 60_000;

/** "45 min", "2 h 05 min", "3 d 4 h": a duration of whole minutes for people. */
export function minutesInWords(minutes: number): string {
  const m = Math.round(minutes);
  if (m < 60) return `${m} min`;
  if (m < 24 * 60) return `${Math.floor(m / 60)} h ${pad(m % 60)} min`;
  const days = Math.floor(m / 1440);
  const hours = Math.floor((m % 1440) / 60);
  return hours ? `${days} d ${hours} h` : `${days} d`;
}
