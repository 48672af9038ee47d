/**
 * `cic log [ID]`: the communications log, readable (or `--json`: the entries as written), with
 * filters by type, by role and by time written.
 */
import { InputError } from '../../core/errors.js';
import type { LogEntry } from '../../core/log/envelope.js';
import { stdout } from '../../io/output/terminal.js';
import { parseUserTime } from '../../core/time/format.js';
import { one } from '../views/labels.js';
import { EVENT_TYPES, renderLog } from '../views/log-view.js';
import { loadIncident, openWorkspace, selectIncident } from './incident-access.js';
import type { LogOptions } from '../options.js';

export async function log(options: LogOptions): Promise<LogEntry[]> {
  const ws = await openWorkspace(options);
  const id = selectIncident(ws, options.incident, { anyState: true, how: 'cic log ID' });
  const { loaded, entries } = await loadIncident(ws, id);
  const playbook = loaded.playbook;

  const types = options.types;
  for (const t of types) {
    if (!(EVENT_TYPES as string[]).includes(t))
      throw new InputError(`Unknown entry type "${one(t)}".`, `Types: ${EVENT_TYPES.join(', ')}.`);
  }
  const role = options.role;
  if (role !== undefined && role !== 'system' && !playbook.roles.some((r) => r.id === role)) {
    throw new InputError(
      `"${one(role)}" is not a role in this incident's playbook.`,
      `Roles: ${playbook.roles.map((r) => one(r.id)).join(', ')} (and system).`,
    );
  }
  // --since is about when entries were written: what has been recorded since I last looked.
  const since =
    options.since === undefined ? undefined : parseUserTime(options.since, playbook.time_zone, '--since').getTime();
  const include = (e: LogEntry) =>
    (types.length === 0 || types.includes(e.type)) &&
    (role === undefined || e.actor.role === role) &&
    (since === undefined || Date.parse(e.at) >= since);

  const shown = entries.filter(include);
  if (options.json) stdout.json(shown);
  else
    stdout.line(renderLog({ entries, include, playbook, width: process.stdout.isTTY ? process.stdout.columns : 100 }));
  return shown;
}
