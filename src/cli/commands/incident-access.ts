/**
 * What every incident command needs, in one place: the workspace, who is acting, which incident,
 * its verified log and frozen playbook, the store to append through, and the clock.
 *
 * A recording command typically reads:
 *
 *   const ws = await openWorkspace(options);
 *   const id = selectIncident(ws, options.incident);
 *   const { loaded, entries } = await loadIncident(ws, id);          // verified; exit 3 if damaged
 *   const actor = resolveActor(options, loaded.playbook, ws.settings);
 *   const now = clock();
 *   await store(ws).append(id, { actor, at: now.now(), simulated: now.simulated }, (entries) => decide(...));
 *
 * A command that needs no state (a note) skips `loadIncident`, reads the playbook with
 * `frozenPlaybook` and calls `store(ws).appendEvents`, which reads only the tail.
 */
import { hostname, userInfo } from 'node:os';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { systemClock, parseRfc3339, type Clock } from '../../io/clock.js';
import { InputError } from '../../core/errors.js';
import type { Actor } from '../../core/incident/events.js';
import { damaged, FileStore, storeOptionsFromEnv } from '../../io/log/file-store.js';
import { foldInto, initialState } from '../../core/incident/fold.js';
import type { IncidentState } from '../../core/incident/state.js';
import type { LogEntry } from '../../core/log/envelope.js';
import { visible } from '../../core/text/visible.js';
import type { LoadedPlaybook, Playbook } from '../../core/playbook/model.js';
import { discoverWorkspace, type Workspace } from '../../io/workspace/discover.js';
import { frozenPlaybook, incidentDir, incidentLifecycle, listIncidents } from '../../io/workspace/incidents.js';
import type { Settings } from '../../io/workspace/settings.js';
import type { IncidentId } from '../../core/ids.js';
import type { ActorOptions, WorkspaceOptions } from '../options.js';

export type { Workspace } from '../../io/workspace/discover.js';

/** An empty flag or variable counts as not given. */
const nonEmpty = (v: string | undefined): string | undefined => (v === '' ? undefined : v);

/** The workspace from `--workspace`, `CIC_WORKSPACE` or the nearest `cic.yaml` (else exit 2). */
export async function openWorkspace(
  opts: WorkspaceOptions,
  env: NodeJS.ProcessEnv = process.env,
  cwd = process.cwd(),
): Promise<Workspace> {
  return discoverWorkspace(nonEmpty(opts.workspace), cwd, env);
}

/** The OS account writing the entry: `user@host`. */
export function osUser(env: NodeJS.ProcessEnv = process.env): string {
  let name: string | undefined;
  try {
    name = userInfo().username;
  } catch {
    name = env.USER ?? env.USERNAME;
  }
  return `${name || 'unknown'}@${hostname()}`;
}

/** The person's name: `--name`, else CIC_NAME, else the workspace default, else the OS user name. */
export function operatorName(
  opts: Pick<ActorOptions, 'name'>,
  settings: Settings,
  env: NodeJS.ProcessEnv = process.env,
): string {
  const name = (
    nonEmpty(opts.name) ??
    nonEmpty(env.CIC_NAME) ??
    settings.defaults.name ??
    osUser(env).split('@')[0]!
  ).trim();
  if (name === '' || name.length > 200 || visible(name, { singleLine: true }) !== name) {
    throw new InputError(
      `"${visible(name, { singleLine: true })}" is not usable as a name for the log`,
      'A name is one line of ordinary text, at most 200 characters.',
    );
  }
  return name;
}

/**
 * Who is acting: a role of the incident's playbook (`--as`, else CIC_ROLE, else the workspace
 * default), the person's name, and the OS user@host.
 */
export function resolveActor(
  opts: ActorOptions,
  playbook: Pick<Playbook, 'roles'>,
  settings: Settings,
  env: NodeJS.ProcessEnv = process.env,
): Actor {
  const role = nonEmpty(opts.as) ?? nonEmpty(env.CIC_ROLE) ?? settings.defaults.role;
  const roles = playbook.roles.map((r) => `  ${r.id}  (${visible(r.title, { singleLine: true })})`).join('\n');
  if (role === undefined) {
    throw new InputError(
      `say which role you act as: --as ROLE, CIC_ROLE, or defaults.role in cic.yaml. The playbook's roles:\n${roles}`,
    );
  }
  if (!playbook.roles.some((r) => r.id === role)) {
    throw new InputError(
      `"${visible(role, { singleLine: true })}" is not a role in this incident's playbook. Its roles:\n${roles}`,
    );
  }
  return { role, name: operatorName(opts, settings, env), user: osUser(env) };
}

/** The actor for entries cic writes itself (a repair): role `system`, the operator's name. */
export function systemActor(settings: Settings, env: NodeJS.ProcessEnv = process.env): Actor {
  return { role: 'system', name: operatorName({}, settings, env), user: osUser(env) };
}

/**
 * The incident a command acts on: the id given (it must exist), else the only open incident. With
 * `anyState`, a workspace holding a single incident, open or closed, needs no id either (`cic verify`).
 */
export function selectIncident(
  ws: Workspace,
  id: IncidentId | undefined,
  options: { anyState?: boolean; how?: string } = {},
): IncidentId {
  const how = options.how ?? '--incident ID';
  if (id !== undefined) {
    incidentDir(ws, id); // a symbolic link out of the workspace is refused before anything is read
    if (!listIncidents(ws).includes(id))
      throw new InputError(`there is no incident ${id} in ${visible(ws.root)}`, 'See `cic list` for the incidents.');
    return id;
  }
  const all = listIncidents(ws);
  if (all.length === 0)
    throw new InputError(`there are no incidents in ${visible(ws.root)} yet`, 'Open one with `cic open`.');
  // The only incident, in whatever state: no need to read its log's tail for open or closed.
  if (options.anyState && all.length === 1) return all[0]!;
  const states = all.map((i) => ({ id: i, state: incidentLifecycle(ws, i) }));
  const open = states.filter((s) => s.state === 'open');
  if (open.length === 1) return open[0]!.id;
  if (open.length === 0 && options.anyState && all.length === 1) return all[0]!;
  const listing = states.map((s) => `  ${s.id}  ${s.state}${titleOf(ws, s.id)}`).join('\n');
  throw new InputError(
    open.length === 0
      ? `no incident is open; say which one with ${how}. The incidents:\n${listing}`
      : `${open.length} incidents are open; say which one with ${how}:\n${listing}`,
  );
}

/** The title from the incident.opened entry (the first line), for listings; '' if unreadable. */
function titleOf(ws: Workspace, id: IncidentId): string {
  try {
    const text = readFileSync(join(incidentDir(ws, id), 'log.jsonl'), 'utf8');
    const first = JSON.parse(text.slice(0, text.indexOf('\n'))) as Partial<LogEntry<'incident.opened'>>;
    return first.type === 'incident.opened' ? `  ${visible(first.data!.title, { singleLine: true })}` : '';
  } catch {
    return '';
  }
}

export interface LoadedIncident {
  id: IncidentId;
  dir: string;
  /** The frozen playbook the incident was opened under. */
  loaded: LoadedPlaybook;
  /** Every entry, verified (IntegrityError, exit 3, on any damage). */
  entries: LogEntry[];
}

/** The incident's verified log and its frozen playbook. */
export async function loadIncident(
  ws: Workspace,
  id: IncidentId,
  options: { fresh?: boolean } = {},
): Promise<LoadedIncident> {
  const dir = incidentDir(ws, id);
  const [loaded, entries] = await Promise.all([frozenPlaybook(ws, id, options), store(ws).readAll(id)]);
  return { id, dir, loaded, entries };
}

/**
 * The incident's state, folded from its verified log an entry at a time (no entry is kept, so
 * memory does not grow with the log), and its frozen playbook. Damage is IntegrityError (exit 3).
 */
export async function loadState(
  ws: Workspace,
  id: IncidentId,
  options: { fresh?: boolean } = {},
): Promise<{ loaded: LoadedPlaybook; state: IncidentState }> {
  const loaded = await frozenPlaybook(ws, id, options);
  const state = initialState(id);
  const report = await store(ws).readEach(id, (entry) => foldInto(state, entry));
  if (!report.ok) throw damaged(report);
  return { loaded, state };
}

/** The log store for this workspace (lock timeout and test switches from the environment). */
export function store(ws: Workspace, env: NodeJS.ProcessEnv = process.env): FileStore {
  return new FileStore(ws, storeOptionsFromEnv(env));
}

/** The clock: the machine's, or `CIC_NOW` (simulated: entries are marked). */
export function clock(env: NodeJS.ProcessEnv = process.env): Clock {
  return systemClock(env);
}

/** `--stated-at`: an RFC 3339 time not after `now`, as UTC text with milliseconds. */
export function statedAt(value: string | undefined, now: Date): string | undefined {
  const text = nonEmpty(value);
  if (text === undefined) return undefined;
  const at = parseRfc3339(text, '--stated-at');
  if (at.getTime() > now.getTime() + 60_000) {
    throw new InputError(
      `--stated-at ${visible(text)} is in the future`,
      '--stated-at says when something already happened; leave it out to record it as now.',
    );
  }
  return at.toISOString();
}
