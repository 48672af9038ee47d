/**
 * The words the incident views share: role titles, who did something, times on the board (24-hour
 * in the playbook's zone with its abbreviation), and lengths of time for machines (ISO 8601).
 * Pure: values in, strings out. Everything that came from the playbook or the log is escaped with
 * `visible` here, so the views can print these strings as they are.
 */
import type { Actor } from '../../core/incident/events.js';
import type { Playbook } from '../../core/playbook/model.js';
import type { ScheduleItem } from '../../core/incident/schedule.js';
import { oneLine } from '../../core/text/visible.js';
import { formatInZone } from '../../core/time/format.js';

/** What the playbook calls the role ("City Manager"); an id it does not define, as itself. */
export function roleTitle(playbook: Playbook, id: string): string {
  const role = playbook.roles.find((r) => r.id === id);
  return oneLine(role === undefined ? id : role.title);
}

/** "Jane Doe (City Manager)". */
export function actorLabel(playbook: Playbook, actor: Actor): string {
  return `${oneLine(actor.name)} (${roleTitle(playbook, actor.role)})`;
}

const sameDay = (a: Date, b: Date, zone: string) =>
  formatInZone(a, zone, 'yyyy-MM-dd') === formatInZone(b, zone, 'yyyy-MM-dd');

/**
 * A time as the board shows it: "02:05 CST" on the day of `today`, else with the day and date,
 * "Fri 27 Nov 02:05 CST"; with the year too when it is not this year's.
 */
export function clockTime(date: Date, zone: string, today: Date): string {
  if (sameDay(date, today, zone)) return formatInZone(date, zone, 'HH:mm', { abbreviation: true });
  const pattern =
    formatInZone(date, zone, 'yyyy') === formatInZone(today, zone, 'yyyy')
      ? 'EEE dd MMM HH:mm'
      : 'EEE dd MMM yyyy HH:mm';
  return formatInZone(date, zone, pattern, { abbreviation: true });
}

/** "2026-11-26 02:05 CST": a full time, for one-line messages. */
export function fullTime(date: Date, zone: string): string {
  return formatInZone(date, zone, 'yyyy-MM-dd HH:mm', { abbreviation: true });
}

/**
 * A length of time as an ISO 8601 clock duration: "PT12M", "PT26H5M30S", "PT0S". Hours only, never
 * days: in cic's playbooks `P1D` is a calendar day (23 or 25 hours across DST), which a measured
 * lateness is not. Milliseconds are dropped.
 */
export function isoClockDuration(ms: number): string {
  const total = Math.floor(Math.abs(ms) / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const parts = `${h ? `${h}H` : ''}${m ? `${m}M` : ''}${s ? `${s}S` : ''}`;
  return `PT${parts || '0S'}`;
}

/**
 * An item's name on the board: its title, and which occurrence for a recurring action, or which
 * request (its number and who made it) for an action owed per request.
 */
export function itemTitle(
  item: Pick<ScheduleItem, 'title' | 'recurring' | 'occurrence'> & Partial<Pick<ScheduleItem, 'request'>>,
): string {
  if (item.request !== undefined)
    return `${oneLine(item.title)} #${item.request.number} (${oneLine(item.request.from)})`;
  return item.recurring ? `${oneLine(item.title)} #${item.occurrence}` : oneLine(item.title);
}

/** What to type to refer to it: `public-update --occurrence 2`, `answer-request --request 2`, or the id. */
export function itemRef(
  item: Pick<ScheduleItem, 'action' | 'recurring' | 'occurrence'> & Partial<Pick<ScheduleItem, 'request'>>,
): string {
  if (item.request !== undefined) return `${oneLine(item.action)} --request ${item.request.number}`;
  return item.recurring ? `${oneLine(item.action)} --occurrence ${item.occurrence}` : oneLine(item.action);
}

/** The title of an action id in the playbook (for "waiting on …"), or the id itself. */
export function actionTitle(playbook: Playbook, id: string): string {
  if (id === 'closed') return 'the incident being closed';
  const action = playbook.actions.find((a) => a.id === id);
  return action === undefined ? oneLine(id) : `“${oneLine(action.title)}”`;
}
