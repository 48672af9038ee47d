/**
 * Deadline arithmetic in the playbook's zone and business calendar (what a playbook author reads:
 * docs/playbook-authoring.md#durations-clock-calendar-and-business-days).
 *
 * - Clock durations (only H/M/S: `PT24H`) are elapsed time.
 * - Calendar parts (Y/M/W/D: `P1D`, `P45D`, `P1M`) move the wall-clock date in the zone and keep
 *   the local time; any time parts are then added as elapsed time. Across a DST change `P1D` and
 *   `PT24H` differ by an hour. Local times that the move lands in a gap or overlap are resolved
 *   as `zoned.ts` documents (gap: forward by its length; overlap: the earlier instant).
 * - Business days end at 23:59:59 local on the Nth business day after the anchor's date
 *   (Missouri Sunshine Law, RSMo 610.023.3: "no later than the end of the third business day
 *   following the date the request is received").
 *
 * Pure: no clock, no I/O. Times come in as `Date`s and go out as new `Date`s.
 */
import { InputError } from '../errors.js';
import type { BusinessCalendar, IsoDuration, Weekday } from '../playbook/model.js';
import { oneLine } from '../text/visible.js';
import { clockMillis, isClockDuration, parseDuration, type Duration } from './duration.js';
import { HolidaySet, lastCoveredYear } from './holidays.js';
import { addToWallDate, isoDate, MINUTE_MS, resolveWallTime, wallTime, weekdayOf, type WallTime } from './zoned.js';

export { formatInZone, toZonedIso, zoneAbbreviation, relative, elapsedWords, parseUserTime } from './format.js';

/** `start` plus `d` in `zone` (see the file header for clock vs calendar). */
export function addDuration(start: Date, d: Duration, zone: string): Date {
  let t = start.getTime();
  if (!isClockDuration(d)) {
    const moved = addToWallDate(wallTime(start, zone), d.years, d.months, d.weeks * 7 + d.days);
    t = resolveWallTime(moved, zone).instant.getTime();
  }
  return new Date(t + clockMillis(d));
}

/** Moving a deadline by an extension is the same arithmetic as computing it. */
export const extendBy = addDuration;

/**
 * An extension is within its maximum when the new deadline is no later than the original
 * deadline plus `max` (computed in the zone, so `P30D` means thirty calendar days).
 */
export function exceedsMax(originalDue: Date, newDue: Date, max: Duration, zone: string): boolean {
  return newDue.getTime() > addDuration(originalDue, max, zone).getTime();
}

/** `d` taken `k` times: `P1M` × 2 = `P2M`. */
export function scaleDuration(d: Duration, k: number): Duration {
  return {
    years: d.years * k,
    months: d.months * k,
    weeks: d.weeks * k,
    days: d.days * k,
    hours: d.hours * k,
    minutes: d.minutes * k,
    seconds: d.seconds * k,
  };
}

/** The sum of two durations, part by part: `P1M` + `P2M` = `P3M`, `P1D` + `PT2H` = `P1DT2H`. */
export function sumDurations(a: Duration, b: Duration): Duration {
  return {
    years: a.years + b.years,
    months: a.months + b.months,
    weeks: a.weeks + b.weeks,
    days: a.days + b.days,
    hours: a.hours + b.hours,
    minutes: a.minutes + b.minutes,
    seconds: a.seconds + b.seconds,
  };
}

/**
 * Occurrence `k` (0-based) of a recurrence from a start that is itself a whole-day deadline
 * (business days): `start + k × every` in one step.
 */
export function occurrenceDue(start: Date, every: Duration, k: number, zone: string): Date {
  return addDuration(start, scaleDuration(every, k), zone);
}

/**
 * Occurrence `k` of a recurrence whose first deadline is `anchor + within`: `anchor + (within +
 * k × every)`, computed from the anchor in one step. The first deadline may have been clamped to a
 * month's end (Jan 31 + P1M = Feb 28) or moved out of a spring-forward gap (02:30 → 03:30); doing
 * the arithmetic from the anchor keeps that to the one occurrence it happened to (Mar 31, then
 * 02:30 again the next day), where stepping from the previous deadline would carry it forever.
 */
export function recurrenceDue(anchor: Date, within: IsoDuration, every: Duration, k: number, zone: string): Date {
  return addDuration(anchor, sumDurations(requireDuration(within, 'within'), scaleDuration(every, k)), zone);
}

/** Parse a playbook duration, or throw an InputError naming where it came from. */
export function requireDuration(text: IsoDuration, what: string): Duration {
  const d = parseDuration(text);
  if (!d) {
    throw new InputError(
      `${what}: "${oneLine(text)}" is not an ISO 8601 duration.`,
      'Write it like PT15M (minutes), PT24H (elapsed hours), P1D (calendar days) or P1M (months).',
    );
  }
  return d;
}

const DEFAULT_WORKING_DAYS: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri'];
/** Ten years without a business day means the calendar is wrong, not that the loop should spin. */
const MAX_SCAN_DAYS = 3660;

interface CalendarIndex {
  working: ReadonlySet<string>;
  holidays: HolidaySet;
}
const indexes = new WeakMap<BusinessCalendar, CalendarIndex>();

function indexOf(calendar: BusinessCalendar): CalendarIndex {
  let index = indexes.get(calendar);
  if (!index) {
    const days = calendar.working_days ?? DEFAULT_WORKING_DAYS;
    if (days.length === 0) {
      throw new InputError(
        'The playbook calendar has no working days.',
        'List them under calendar.working_days, e.g. [mon, tue, wed, thu, fri].',
      );
    }
    index = { working: new Set(days), holidays: new HolidaySet(calendar.holidays ?? []) };
    indexes.set(calendar, index);
  }
  return index;
}

/** True when the local date is a working day that is not a holiday. */
export function isBusinessDay(w: Pick<WallTime, 'year' | 'month' | 'day'>, calendar: BusinessCalendar): boolean {
  const { working, holidays } = indexOf(calendar);
  return working.has(weekdayOf(w)) && !holidays.has(isoDate(w));
}

/**
 * The end (23:59:59 local) of the `n`th business day after `start`'s local date. Counting starts
 * the day after, so a Friday-afternoon request with n = 3 is due Wednesday 23:59:59. With n = 0
 * it is the end of the anchor's own day if that is a business day, else of the next one.
 */
export function addBusinessDays(start: Date, n: number, zone: string, calendar: BusinessCalendar): Date {
  if (!Number.isInteger(n) || n < 0) {
    throw new InputError(`business_days must be a whole number of days, 0 or more (got ${n}).`);
  }
  indexOf(calendar); // report an empty calendar before scanning
  let day: WallTime = { ...wallTime(start, zone), hour: 23, minute: 59, second: 59, millisecond: 0 };
  let remaining = n;
  const step = () => {
    day = addToWallDate(day, 0, 0, 1);
    return day;
  };
  for (let scanned = 0; ; scanned++) {
    if (scanned > MAX_SCAN_DAYS) {
      throw new InputError(
        `The playbook calendar has no business day within ten years of ${isoDate(wallTime(start, zone))}.`,
        'Check calendar.working_days and calendar.holidays.',
      );
    }
    if (n === 0) {
      if (isBusinessDay(day, calendar)) break;
      step();
    } else {
      if (isBusinessDay(step(), calendar) && --remaining === 0) break;
    }
  }
  return resolveWallTime(day, zone).instant;
}

/** `start` minus `d` in `zone`: the calendar parts back on the wall clock, then the clock parts. */
export function subtractDuration(start: Date, d: Duration, zone: string): Date {
  let t = start.getTime() - clockMillis(d);
  if (!isClockDuration(d)) {
    const moved = addToWallDate(wallTime(new Date(t), zone), -d.years, -d.months, -(d.weeks * 7 + d.days));
    t = resolveWallTime(moved, zone).instant.getTime();
  }
  return new Date(t);
}

/**
 * The end (23:59:59 local) of the `n`th business day before `anchor`'s local date: notice "three
 * business days before" a Thursday meeting is due by the end of the Monday. With n = 0, the end
 * of the last business day before the anchor's date.
 */
export function businessDaysBefore(anchor: Date, n: number, zone: string, calendar: BusinessCalendar): Date {
  indexOf(calendar);
  let day: WallTime = { ...wallTime(anchor, zone), hour: 23, minute: 59, second: 59, millisecond: 0 };
  let remaining = Math.max(1, n);
  for (let scanned = 0; ; scanned++) {
    if (scanned > MAX_SCAN_DAYS) throw noBusinessDay(anchor, zone);
    day = addToWallDate(day, 0, 0, -1);
    if (isBusinessDay(day, calendar) && --remaining === 0) break;
  }
  return resolveWallTime(day, zone).instant;
}

/** Local midnight at the start of `w`'s date, as an instant (a gap at midnight moves it later). */
function midnight(w: Pick<WallTime, 'year' | 'month' | 'day'>, zone: string): number {
  return resolveWallTime({ ...w, hour: 0, minute: 0, second: 0, millisecond: 0 } as WallTime, zone).instant.getTime();
}

/**
 * `hours` of elapsed time counted only while the local date is a business day, forward from
 * `start` (`direction` 1) or back from it (-1). RSMo 610.020: "at least twenty-four hours …
 * exclusive of weekends and holidays" before a meeting at 10:00 on a Monday is 10:00 the Friday
 * before.
 */
export function businessHours(
  start: Date,
  hours: number,
  direction: 1 | -1,
  zone: string,
  calendar: BusinessCalendar,
): Date {
  indexOf(calendar);
  let t = start.getTime();
  let remaining = hours * 60 * MINUTE_MS;
  for (let scanned = 0; remaining > 0; scanned++) {
    if (scanned > MAX_SCAN_DAYS) throw noBusinessDay(start, zone);
    // The local day t is in (going back, the day that ends at t).
    const w = wallTime(new Date(direction === 1 ? t : t - 1), zone);
    const dayStart = midnight(w, zone);
    const dayEnd = midnight(addToWallDate(w as WallTime, 0, 0, 1), zone);
    const edge = direction === 1 ? dayEnd : dayStart;
    if (isBusinessDay(w, calendar)) {
      const available = Math.abs(edge - t);
      if (available >= remaining) return new Date(t + direction * remaining);
      remaining -= available;
    }
    t = edge;
  }
  return new Date(t);
}

function noBusinessDay(start: Date, zone: string): InputError {
  return new InputError(
    `The playbook calendar has no business day within ten years of ${isoDate(wallTime(start, zone))}.`,
    'Check calendar.working_days and calendar.holidays.',
  );
}

/**
 * A warning when a business-day count from `from` to `to` runs into a year the calendar lists no
 * holidays for (undefined when it does not): those holidays would be counted as working days.
 */
export function calendarCoverageWarning(
  calendar: BusinessCalendar,
  from: Date,
  to: Date,
  zone: string,
): string | undefined {
  const last = lastCoveredYear(calendar);
  if (last === undefined) return undefined;
  const year = Math.max(wallTime(from, zone).year, wallTime(to, zone).year);
  if (year <= last) return undefined;
  return `the playbook calendar lists holidays only through ${last}; business days in ${year} are counted as if it had none (add its holidays, or give them by rule)`;
}

/** The amount fields of a rule (`within`, `business_days` or `business_hours`), counted from or back from an anchor. */
export interface AmountRule {
  within?: IsoDuration;
  business_days?: number;
  business_hours?: number;
}

/**
 * The deadline a playbook time rule gives for an anchor time (no offset: due at the anchor).
 * `direction` -1 counts back from the anchor (a `before:` rule).
 */
export function applyTimeRule(
  anchorTime: Date,
  rule: AmountRule,
  zone: string,
  calendar: BusinessCalendar,
  direction: 1 | -1 = 1,
): Date {
  const given = [rule.within, rule.business_days, rule.business_hours].filter((x) => x !== undefined).length;
  if (given > 1) {
    throw new InputError('A deadline has more than one of "within", "business_days" and "business_hours"; give one.');
  }
  if (rule.within !== undefined) {
    const d = requireDuration(rule.within, 'within');
    return direction === 1 ? addDuration(anchorTime, d, zone) : subtractDuration(anchorTime, d, zone);
  }
  if (rule.business_days !== undefined)
    return direction === 1
      ? addBusinessDays(anchorTime, rule.business_days, zone, calendar)
      : businessDaysBefore(anchorTime, rule.business_days, zone, calendar);
  if (rule.business_hours !== undefined)
    return businessHours(anchorTime, rule.business_hours, direction, zone, calendar);
  return new Date(anchorTime.getTime());
}
