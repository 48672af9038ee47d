/**
 * The playbook calendar's holidays as dates: listed dates as written, and holidays by rule
 * (`src/core/playbook/model.ts`, Holiday) worked out for any year, so a plan does not stop counting
 * business days correctly when its list runs out:
 *   - a fixed month and day, e.g. Independence Day, with `observed: nearest-weekday` (a Saturday
 *     holiday is observed on the Friday before, a Sunday one on the Monday after: 5 U.S.C. 6103(b));
 *   - the `nth` `weekday` of a month (Thanksgiving: the 4th Thursday of November; `nth: -1` is the
 *     last, Memorial Day), and `offset_days` for "the day after Thanksgiving".
 * Pure.
 */
import type { BusinessCalendar, Holiday, Weekday } from '../playbook/model.js';
import { daysInMonth, isoDate } from './zoned.js';

const WEEKDAY_INDEX: Record<Weekday, number> = { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 };

const civil = (ms: number) => {
  const d = new Date(ms);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
};

/** True for a holiday given by rule rather than by a listed date. */
export const isRuleHoliday = (h: Holiday): boolean => h.date === undefined;

/** The date (YYYY-MM-DD) a rule holiday falls on in `year`, or undefined if the rule is incomplete. */
export function ruleHolidayDate(h: Holiday, year: number): string | undefined {
  if (h.month === undefined) return undefined;
  let ms: number;
  if (h.day !== undefined) {
    ms = Date.UTC(year, h.month - 1, h.day);
    if (h.observed === 'nearest-weekday') {
      const dow = new Date(ms).getUTCDay();
      if (dow === 6) ms -= 86_400_000;
      else if (dow === 0) ms += 86_400_000;
    }
  } else if (h.weekday !== undefined && h.nth !== undefined && h.nth !== 0) {
    const want = WEEKDAY_INDEX[h.weekday];
    if (h.nth > 0) {
      const first = new Date(Date.UTC(year, h.month - 1, 1)).getUTCDay();
      ms = Date.UTC(year, h.month - 1, 1 + ((want - first + 7) % 7) + (h.nth - 1) * 7);
    } else {
      const lastDay = daysInMonth(year, h.month);
      const last = new Date(Date.UTC(year, h.month - 1, lastDay)).getUTCDay();
      ms = Date.UTC(year, h.month - 1, lastDay - ((last - want + 7) % 7) + (h.nth + 1) * 7);
    }
  } else return undefined;
  ms += (h.offset_days ?? 0) * 86_400_000;
  return isoDate(civil(ms));
}

/**
 * The holidays of a calendar, asked by date. Rule holidays are worked out a year at a time (and
 * the year after, whose New Year's Day may be observed on this year's December 31).
 */
export class HolidaySet {
  private readonly listed: ReadonlySet<string>;
  private readonly rules: readonly Holiday[];
  private readonly byYear = new Map<number, ReadonlySet<string>>();

  constructor(holidays: readonly Holiday[]) {
    this.listed = new Set(holidays.filter((h) => h.date !== undefined).map((h) => h.date!));
    this.rules = holidays.filter(isRuleHoliday);
  }

  has(date: string): boolean {
    if (this.listed.has(date)) return true;
    if (this.rules.length === 0) return false;
    const year = Number(date.slice(0, 4));
    return this.yearSet(year).has(date) || this.yearSet(year + 1).has(date) || this.yearSet(year - 1).has(date);
  }

  private yearSet(year: number): ReadonlySet<string> {
    let set = this.byYear.get(year);
    if (set === undefined) {
      set = new Set(this.rules.map((h) => ruleHolidayDate(h, year)).filter((d): d is string => d !== undefined));
      this.byYear.set(year, set);
    }
    return set;
  }
}

/**
 * The last year the calendar's holidays are known for: unbounded (undefined) when any holiday is
 * given by rule or none are listed at all (a calendar of weekends only), else the year of the
 * latest listed date. A business-day count past it treats that year's holidays as working days.
 */
export function lastCoveredYear(calendar: BusinessCalendar): number | undefined {
  const holidays = calendar.holidays ?? [];
  if (holidays.length === 0 || holidays.some(isRuleHoliday)) return undefined;
  return Math.max(...holidays.map((h) => Number(h.date!.slice(0, 4))));
}
