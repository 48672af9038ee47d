/**
 * The walk-through's header: the few things that are always true and always worth seeing at the
 * top of the screen. Recomputed from the log on every screen, so it never goes stale: now in the
 * playbook's zone, how long since the incident and since it was declared, the tier, and how many
 * items are overdue or due within the hour. Pure: plain text lines, escaped, no colour.
 */
import type { Playbook } from '../../core/playbook/model.js';
import { summary, type ScheduleItem } from '../../core/incident/schedule.js';
import type { IncidentState } from '../../core/incident/state.js';
import { elapsedWords, formatInZone } from '../../core/time/format.js';
import { clockTime, roleTitle } from '../views/labels.js';
import { oneLine } from '../../core/text/visible.js';

export { roleTitle };

export interface HeaderInput {
  state: IncidentState;
  playbook: Playbook;
  items: readonly ScheduleItem[];
  now: Date;
  /** Who is acting: role id and the person's name. */
  actor: { role: string; name: string };
  /** The roles whose items are shown; undefined = every role. */
  roles: readonly string[] | undefined;
  /** The clock is simulated (CIC_NOW): say so, so nobody mistakes an exercise for the real time. */
  simulated?: boolean;
}

export interface Header {
  lines: string[];
  overdue: number;
  dueSoon: number;
}

/** "34 min ago (01:40 CST)", with the day too when it is not today in the zone. */
function since(at: Date, now: Date, zone: string): string {
  const ms = now.getTime() - at.getTime();
  return `${ms >= 0 ? `${elapsedWords(ms)} ago` : `in ${elapsedWords(ms)}`} (${clockTime(at, zone, now)})`;
}

export function header(input: HeaderInput): Header {
  const { state, playbook, items, now } = input;
  const zone = playbook.time_zone;
  const tier = playbook.classification.tiers.find((t) => t.id === state.tier);
  const s = summary(items, now);
  const nowText = formatInZone(now, zone, 'EEE dd MMM yyyy HH:mm', { abbreviation: true });
  const closed =
    state.status === 'closed' ? ` · CLOSED ${state.closed_at ? since(new Date(state.closed_at), now, zone) : ''}` : '';
  const showing =
    input.roles === undefined
      ? "every role's items"
      : input.roles.length === 1 && input.roles[0] === input.actor.role
        ? 'your items'
        : `the items of ${input.roles.map((r) => roleTitle(playbook, r)).join(', ')}`;
  // Four short lines (they must fit an 80-column terminal); the counts are always the fourth.
  const lines = [
    `Incident ${oneLine(state.id)}: ${oneLine(state.title)}`,
    `${tier ? oneLine(tier.name) : 'not classified'}${closed} · now ${nowText}${input.simulated ? ' (simulated clock)' : ''}`,
    `Occurred ${since(new Date(state.occurred_at), now, zone)} · declared ${since(new Date(state.declared_at), now, zone)}`,
    `${s.overdue} overdue · ${s.dueSoon} due within the hour`,
    `Acting as ${roleTitle(playbook, input.actor.role)} (${oneLine(input.actor.name)}) · showing ${showing}`,
  ];
  return { lines, overdue: s.overdue, dueSoon: s.dueSoon };
}
