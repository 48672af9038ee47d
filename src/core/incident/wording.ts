/**
 * How the incident core words things in its messages: quoted ids (escaped, since they come from
 * data), times in the playbook's zone (via time/format), role names. Pure text, no colour.
 */
import { oneLine } from '../text/visible.js';
import type { Playbook } from '../playbook/model.js';
import { elapsedWords, formatInZone } from '../time/format.js';

/** A value from data, quoted and escaped for a one-line message. */
export function q(text: string): string {
  return `"${oneLine(text)}"`;
}

/** "2026-11-26 14:05 CST": 24-hour wall-clock time in the zone, with the zone's abbreviation. */
export function timeIn(date: Date, zone: string): string {
  return formatInZone(date, zone, 'yyyy-MM-dd HH:mm', { abbreviation: true });
}

export { elapsedWords };

/** `Police Chief (police-chief)`; an id the playbook does not define is shown as itself. */
export function roleLabel(playbook: Playbook, id: string): string {
  const role = playbook.roles.find((r) => r.id === id);
  return role === undefined ? q(id) : `${oneLine(role.title)} (${oneLine(id)})`;
}

/** Ids for a message: all of them when few, else the first ones and a count. */
export function idList(ids: readonly string[], max = 12): string {
  const shown = ids.slice(0, max).map((id) => oneLine(id));
  return ids.length > max ? `${shown.join(', ')} and ${ids.length - max} more` : shown.join(', ');
}
