/**
 * The report's "who held each role": for every role of the frozen playbook (and any other role the
 * roster gave), the people the roster gave it to at any moment of the incident's period, with the
 * login the store recognised them by.
 */
import type { Playbook } from '../playbook/model.js';
import { roleHolders, type RosterLine } from '../roster/roster.js';
import type { ReportHeader, RoleHeld } from './model.js';

export function buildRolesHeld(
  roster: readonly RosterLine[],
  period: ReportHeader['period'],
  playbook: Pick<Playbook, 'roles'>,
): RoleHeld[] {
  const utc = (t: string) => new Date(t).toISOString();
  const held = roleHolders(roster, utc(period.from), utc(period.to));
  const titles = new Map(playbook.roles.map((r) => [r.id, r.title]));
  const ids = [...titles.keys(), ...[...held.keys()].filter((id) => !titles.has(id)).sort()];
  return ids.map((id) => ({ role: { id, title: titles.get(id) ?? id }, people: held.get(id) ?? [] }));
}
