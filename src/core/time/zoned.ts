/**
 * Wall-clock time in an IANA time zone: reading an instant's local date and time, and turning a
 * local date and time back into an instant. Everything else in `src/time/` builds on these two.
 *
 * Local times that do not exist (the spring-forward gap) or happen twice (the fall-back overlap)
 * are resolved the way RFC 5545 §3.3.5, java.time and Temporal's `'compatible'` option do:
 *   - a skipped time moves forward by the length of the gap (02:30 on 2026-03-08 in
 *     America/Chicago becomes 03:30 CDT);
 *   - a repeated time means its first occurrence, with the earlier offset (01:30 on 2026-11-01 in
 *     America/Chicago is 01:30 CDT, not CST).
 * `resolveWallTime` also says which case it met, so input parsing can refuse instead of guessing.
 *
 * We do this ourselves rather than through TZDate's setters because TZDate resolves repeated
 * times differently from zone to zone (CDT for Chicago but GMT, the later one, for London).
 */
import { tz } from '@date-fns/tz/tz';
import { tzOffset } from '@date-fns/tz/tzOffset';
// By subpath: date-fns's main entry loads every function (about 100 ms of start-up).
import { addMonths } from 'date-fns/addMonths';
import { InputError } from '../errors.js';
import { oneLine } from '../text/visible.js';

export interface WallTime {
  year: number;
  /** 1–12. */
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
}

export type WallTimeKind = 'unique' | 'skipped' | 'repeated';

export interface ResolvedWallTime {
  /** The instant chosen by the rule in this file's header. */
  instant: Date;
  kind: WallTimeKind;
  /** For a repeated time, both instants, earlier first. */
  candidates: Date[];
}

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

// Each lookup goes through Intl (tens of µs); a schedule asks for the same instants many times.
const offsets = new Map<string, number>();

/** UTC offset of `zone` at `instant`, in minutes east of UTC (Chicago in winter: -360). */
export function offsetMinutes(zone: string, instant: number): number {
  const key = `${zone}|${instant}`;
  const known = offsets.get(key);
  if (known !== undefined) return known;
  const o = tzOffset(zone, new Date(instant));
  if (Number.isNaN(o)) {
    throw new InputError(
      `Unknown time zone "${oneLine(zone)}".`,
      'Use an IANA time zone name such as America/Chicago or Europe/London.',
    );
  }
  if (offsets.size > 100_000) offsets.clear();
  offsets.set(key, o);
  return o;
}

export function isValidTimeZone(zone: string): boolean {
  try {
    // Offsets like "+08:00" pass tzOffset but are not zones a city keeps; require an IANA name.
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return !/^[+-]/.test(zone);
  } catch {
    return false;
  }
}

/** The local date and time of `date` in `zone`. */
export function wallTime(date: Date, zone: string): WallTime {
  const t = date.getTime();
  const local = new Date(t + Math.round(offsetMinutes(zone, t) * MINUTE_MS));
  return {
    year: local.getUTCFullYear(),
    month: local.getUTCMonth() + 1,
    day: local.getUTCDate(),
    hour: local.getUTCHours(),
    minute: local.getUTCMinutes(),
    second: local.getUTCSeconds(),
    millisecond: local.getUTCMilliseconds(),
  };
}

/**
 * The year of `date` in `zone`. No zone is a day or more off UTC, so away from New Year (UTC) it
 * is the UTC year, found without the time-zone data (loading it costs `cic playbook validate`
 * about 15 ms, docs/design.md#budgets).
 */
export function wallYear(date: Date, zone: string): number {
  const t = date.getTime();
  const year = date.getUTCFullYear();
  if (t - Date.UTC(year, 0, 1) > DAY_MS && Date.UTC(year + 1, 0, 1) - t > DAY_MS) return year;
  return wallTime(date, zone).year;
}

/** The wall time's fields read as if they were UTC: a number to do date arithmetic on. */
function wallMillis(w: WallTime): number {
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second, w.millisecond);
}

/**
 * The instant a local date and time in `zone` names. No zone changes its offset twice within
 * two days, so the offsets a day either side bound every candidate.
 */
export function resolveWallTime(w: WallTime, zone: string): ResolvedWallTime {
  const local = wallMillis(w);
  const before = offsetMinutes(zone, local - DAY_MS);
  const after = offsetMinutes(zone, local + DAY_MS);
  if (before === after) {
    // No change within a day either side (nearly always): one offset, one instant.
    const instant = new Date(local - Math.round(before * MINUTE_MS));
    if (offsetMinutes(zone, instant.getTime()) === before) return { instant, kind: 'unique', candidates: [instant] };
  }
  const offsets = new Set([before, after]);
  for (const o of [before, after]) offsets.add(offsetMinutes(zone, local - o * MINUTE_MS));
  const found = new Set<number>();
  for (const o of offsets) {
    const candidate = local - Math.round(o * MINUTE_MS);
    if (offsetMinutes(zone, candidate) === o) found.add(candidate);
  }
  const candidates = [...found].sort((a, b) => a - b).map((t) => new Date(t));
  if (candidates.length === 0) {
    // In a gap: read the wall time with the offset in force before it, which lands as far past
    // the gap's end as the time was past its start.
    return { instant: new Date(local - Math.round(before * MINUTE_MS)), kind: 'skipped', candidates };
  }
  return { instant: candidates[0]!, kind: candidates.length > 1 ? 'repeated' : 'unique', candidates };
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

// Wall times are computed on as if they were UTC (wallMillis), so date-fns works in UTC too.
let utc: ReturnType<typeof tz> | undefined;

/**
 * Move a wall time by calendar units, keeping its time of day: years and months first with
 * date-fns `addMonths` (the day clamped to the month's end, so Jan 31 + 1 month = Feb 28), then
 * days. Callers move from the anchor in one step so the clamp happens once.
 */
export function addToWallDate(w: WallTime, years: number, months: number, days: number): WallTime {
  let date = new Date(Date.UTC(w.year, w.month - 1, w.day));
  // addMonths through a UTC TZDate costs ~45 µs; only month and year moves need it.
  if (years !== 0 || months !== 0)
    date = new Date(addMonths(date, years * 12 + months, { in: (utc ??= tz('UTC')) }).getTime());
  const moved = new Date(date.getTime() + days * DAY_MS);
  return { ...w, year: moved.getUTCFullYear(), month: moved.getUTCMonth() + 1, day: moved.getUTCDate() };
}

const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

/** 'mon'…'sun' of a wall date. */
export function weekdayOf(w: Pick<WallTime, 'year' | 'month' | 'day'>): (typeof WEEKDAYS)[number] {
  return WEEKDAYS[new Date(Date.UTC(w.year, w.month - 1, w.day)).getUTCDay()]!;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** `YYYY-MM-DD` of a wall date, the form playbook holidays are written in. */
export function isoDate(w: Pick<WallTime, 'year' | 'month' | 'day'>): string {
  return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}`;
}
