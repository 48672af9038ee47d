/**
 * Holiday coverage: a business-day count only skips the holidays the calendar knows. Listed
 * `date:` holidays stop at their last year (rules cover every year, src/core/time/holidays.ts), so
 * a count that runs past it would silently treat that year's holidays as working days.
 */
import type { Playbook } from '../playbook/model.js';
import { calendarCoverageWarning } from '../time/deadlines.js';
import { lastCoveredYear } from '../time/holidays.js';
import { wallYear } from '../time/zoned.js';
import { isOpen, type ScheduleItem } from './schedule.js';

const NOTICE_MS = 31 * 24 * 60 * 60 * 1000;

/** The action's rules count business days or hours (in any form: by tier, earliest of, …). */
function countsBusinessTime(value: unknown): boolean {
  return /"business_(days|hours)"/.test(JSON.stringify(value) ?? '');
}

/** For status and the report: the latest open business-day deadline, if it lies past the coverage. */
export function scheduleCoverageWarning(
  items: readonly ScheduleItem[],
  playbook: Playbook,
  now: Date,
): string | undefined {
  const counted = new Set(
    playbook.actions.filter((a) => countsBusinessTime([a.due, a.target, a.extendable, a.pausable])).map((a) => a.id),
  );
  let latest: Date | undefined;
  for (const i of items) {
    if (!counted.has(i.action) || !isOpen(i) || i.due === undefined) continue;
    if (latest === undefined || i.due > latest) latest = i.due;
  }
  return latest === undefined ? undefined : calendarCoverageWarning(playbook.calendar, now, latest, playbook.time_zone);
}

/**
 * For `cic playbook validate`: some deadline counts business days, and the listed holidays end
 * within the next month (or already ended), so a count started now may soon run past them. A
 * month's notice, not a year's: a city lists next year's holidays when it adopts them, in December.
 */
export function playbookCoverageWarning(playbook: Playbook, now: Date): string | undefined {
  const last = lastCoveredYear(playbook.calendar);
  if (
    last === undefined ||
    !playbook.actions.some((a) => countsBusinessTime([a.due, a.target, a.extendable, a.pausable]))
  )
    return undefined;
  const year = wallYear(new Date(now.getTime() + NOTICE_MS), playbook.time_zone);
  if (last >= year) return undefined;
  return `calendar.holidays lists dates only through ${last}, and business days counted into ${last + 1} would skip none of its holidays: add ${last + 1}'s dates, or give holidays by rule (month and day, or nth weekday)`;
}
