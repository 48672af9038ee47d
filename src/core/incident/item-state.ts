/**
 * One vocabulary for where a checklist item stands at a moment, shared by `cic status`,
 * `cic statements`, the report (every format), the calendar and the walk-through, so that two
 * views of one log never disagree (docs/clerk.md):
 *
 * - waiting: it waits for another step (or the incident's closing) and its deadline, if it has one
 *   yet, has not passed: past it, a waiting item is overdue like any other;
 * - upcoming: its deadline is more than an hour away; due: within the hour;
 * - overdue: past its deadline and not done;
 * - missed: past its deadline and not done when its window ended: the incident closed after the
 *   deadline, or (a recurring duty) the next occurrence has come due too;
 * - done: completed by its deadline; extended: completed by a deadline that was extended;
 *   late: completed after its deadline; skipped: skipped with a reason;
 * - cancelled: not done, and no longer required of this incident (re-tiered away).
 *
 * No item past its deadline is ever "open": it is overdue or missed until it is done.
 */
export type StateName =
  'upcoming' | 'due' | 'overdue' | 'missed' | 'waiting' | 'done' | 'extended' | 'late' | 'skipped' | 'cancelled';

export const STATE_NAMES: readonly StateName[] = [
  'overdue',
  'missed',
  'due',
  'upcoming',
  'waiting',
  'done',
  'extended',
  'late',
  'skipped',
  'cancelled',
];

/** "Due" means within this of its deadline. */
export const DUE_WITHIN_MS = 60 * 60 * 1000;

export interface StateFacts {
  /** The deadline in force (after extensions), epoch ms; undefined while waiting. */
  due: number | undefined;
  /** Effective completion time, epoch ms. */
  completedAt: number | undefined;
  skipped: boolean;
  /** The deadline was ever extended. */
  extended: boolean;
  /** It waits for another step first (a dependency, an anchor not yet reached). */
  waiting: boolean;
  /** The item still applies to the incident (its tier and facts). */
  applicable: boolean;
  /** When the incident closed, if it is closed. */
  closedAt: number | undefined;
  /** When the duty's window ends regardless of closing: the next occurrence's deadline. */
  windowEnd: number | undefined;
}

/** The item's state at `now`. Pure. */
export function nameState(f: StateFacts, now: number): StateName {
  if (f.completedAt !== undefined) {
    if (f.due !== undefined && f.completedAt > f.due) return 'late';
    return f.extended ? 'extended' : 'done';
  }
  if (f.skipped) return 'skipped';
  if (!f.applicable) return 'cancelled';
  if (f.due === undefined) return 'waiting';
  if (now > f.due) {
    const windowEnded =
      (f.closedAt !== undefined && f.due <= f.closedAt && f.closedAt <= now) ||
      (f.windowEnd !== undefined && f.windowEnd <= now);
    return windowEnded ? 'missed' : 'overdue';
  }
  if (f.waiting) return 'waiting';
  return f.due - now <= DUE_WITHIN_MS ? 'due' : 'upcoming';
}

/** A deadline that came due: what the on-time rate counts (done or extended of these is on time). */
export const CAME_DUE: ReadonlySet<StateName> = new Set(['done', 'extended', 'late', 'overdue', 'missed']);
/** Met its deadline. */
export const ON_TIME: ReadonlySet<StateName> = new Set(['done', 'extended']);
/** Still to do. */
export const STILL_OPEN: ReadonlySet<StateName> = new Set(['upcoming', 'due', 'overdue', 'missed', 'waiting']);
