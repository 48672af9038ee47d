/**
 * What every incident command needs, in one place: the workspace, who is acting, which incident,
 * its verified log and frozen playbook, the store to append through, and the clock.
 *
 * A recording command typically reads:
 *
 *   const ws = await openWorkspace(options);
 *   const id = await selectIncident(ws, options.incident);
 *   const { loaded, entries } = await loadIncident(ws, id);          // verified; exit 3 if damaged
 *   const actor = await resolveActor(options, loaded.playbook, ws);
 *   const now = clock();
 *   await store(ws).append(id, { actor, at: now.now(), simulated: now.simulated }, (entries) => decide(...));
 *
 * A command that needs no state (a note) skips `loadIncident`, reads the playbook with
 * `store(ws).frozenPlaybook` and calls `store(ws).appendEvents`, which reads only the head.
 * Every read and write goes through `store(ws)`: the folder or the PostgreSQL store
 * (src/io/log/store.ts).
 */
import { systemClock, parseRfc3339, type Clock } from '../../io/clock.js';
import { InputError, PermissionError } from '../../core/errors.js';
import type { Actor } from '../../core/incident/events.js';
import { damaged } from '../../io/log/file-store.js';
import { foldInto, initialState } from '../../core/incident/fold.js';
import { collectText } from '../../core/statements/texts.js';
import type { IncidentState } from '../../core/incident/state.js';
import type { LogEntry } from '../../core/log/envelope.js';
import type { LogStore } from '../../io/log/store.js';
import { osUser } from '../../io/store/identity.js';
import { isPgStore, openStore, prepareStore } from '../../io/store/open-store.js';
import { isPlainLine, visible, oneLine } from '../../core/text/visible.js';
import type { LoadedPlaybook, Playbook } from '../../core/playbook/model.js';
import { discoverWorkspace, type Workspace } from '../../io/workspace/discover.js';
import { incidentDir } from '../../io/workspace/incidents.js';
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
  const ws = await discoverWorkspace(nonEmpty(opts.workspace), cwd, env);
  await prepareStore(ws, env);
  return ws;
}

export { osUser } from '../../io/store/identity.js';

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
  if (name === '' || name.length > 200 || !isPlainLine(name)) {
    throw new InputError(
      `"${oneLine(name)}" is not usable as a name for the log`,
      'A name is one line of ordinary text, at most 200 characters.',
    );
  }
  return name;
}

/**
 * Who is acting. With a roster, the person is the one the store recognises (their database login
 * or OS account), never a name typed in: `--as` (else CIC_ROLE, else the workspace default, else
 * their only role) chooses among the roles the roster gives them, and any other role is refused
 * (exit 4). Without a roster: the role of the playbook given, the name given (`--name`, CIC_NAME,
 * the workspace default or the OS user name), and the entry says its identity was not checked.
 */
export async function resolveActor(
  opts: ActorOptions,
  playbook: Pick<Playbook, 'roles'>,
  ws: Workspace,
  env: NodeJS.ProcessEnv = process.env,
): Promise<Actor> {
  const who = await store(ws, env).identify();
  const roles = playbook.roles.map((r) => `  ${r.id}  (${oneLine(r.title)})`).join('\n');
  const inPlaybook = (role: string) => {
    if (!playbook.roles.some((r) => r.id === role))
      throw new InputError(`"${oneLine(role)}" is not a role in this incident's playbook. Its roles:\n${roles}`);
  };
  if (who.roster) {
    if (nonEmpty(opts.name) !== undefined)
      throw new InputError(
        '--name is not accepted in a workspace with a roster: the name comes from the roster',
        `You are recognised as ${oneLine(who.login)}; leave --name out.`,
      );
    const person = who.person;
    if (!person)
      throw new PermissionError(
        `${oneLine(who.login)} is not on this workspace's roster, so may not record anything`,
        'Ask a keeper of the roster (e.g. the City Clerk) to add you; `cic roster show` lists who they are.',
      );
    const mine = person.roles.map((r) => `  ${r}`).join('\n') || '  (none)';
    const role =
      nonEmpty(opts.as) ??
      nonEmpty(env.CIC_ROLE) ??
      ws.settings.defaults.role ??
      (person.roles.length === 1 ? person.roles[0] : undefined);
    if (role === undefined)
      throw new InputError(`say which of your roles you act as: --as ROLE. The roster gives you:\n${mine}`);
    if (!person.roles.includes(role))
      throw new PermissionError(
        `${oneLine(person.name)} (${oneLine(who.login)}) does not hold the role "${oneLine(role)}"; nothing was recorded. The roster gives you:\n${mine}`,
        'Only a keeper of the roster can give a role (`cic roster show`).',
      );
    inPlaybook(role);
    return { role, name: person.name, user: who.user, identity: 'roster' };
  }
  const role = nonEmpty(opts.as) ?? nonEmpty(env.CIC_ROLE) ?? ws.settings.defaults.role;
  if (role === undefined) {
    throw new InputError(
      `say which role you act as: --as ROLE, CIC_ROLE, or defaults.role in cic.yaml. The playbook's roles:\n${roles}`,
    );
  }
  inPlaybook(role);
  return { role, name: operatorName(opts, ws.settings, env), user: who.user, identity: 'unchecked' };
}

/** The actor for entries cic writes itself (a repair): role `system`, the operator's name. */
export function systemActor(settings: Settings, env: NodeJS.ProcessEnv = process.env): Actor {
  return { role: 'system', name: operatorName({}, settings, env), user: osUser(env), identity: 'unchecked' };
}

/**
 * The incident a command acts on: the id given (it must exist), else the only open incident. With
 * `anyState`, a workspace holding a single incident, open or closed, needs no id either (`cic verify`).
 */
export async function selectIncident(
  ws: Workspace,
  id: IncidentId | undefined,
  options: { anyState?: boolean; how?: string } = {},
): Promise<IncidentId> {
  const how = options.how ?? '--incident ID';
  const s = store(ws);
  if (id !== undefined) {
    incidentDir(ws, id); // a symbolic link out of the workspace is refused before anything is read
    if (!(await s.listIncidents()).includes(id))
      throw new InputError(`there is no incident ${id} in ${visible(s.where)}`, 'See `cic list` for the incidents.');
    return id;
  }
  const all = await s.listIncidents();
  if (all.length === 0)
    throw new InputError(`there are no incidents in ${visible(s.where)} yet`, 'Open one with `cic open`.');
  // The only incident, in whatever state: no need to read its log's tail for open or closed.
  if (options.anyState && all.length === 1) return all[0]!;
  const states = await Promise.all(all.map(async (i) => ({ id: i, state: await s.lifecycle(i) })));
  const open = states.filter((s) => s.state === 'open');
  if (open.length === 1) return open[0]!.id;
  if (open.length === 0 && options.anyState && all.length === 1) return all[0]!;
  const titles = await Promise.all(states.map((x) => s.title(x.id)));
  const label = (k: number) => `${states[k]!.id}  ${states[k]!.state}${titles[k] ? `  ${oneLine(titles[k])}` : ''}`;
  const { isInteractive, askSelect } = await import('../../io/prompts.js');
  if (isInteractive()) {
    // At a terminal, ask which: the open ones, or every incident when none is open.
    const offered = states.flatMap((x, k) => (open.length === 0 || x.state === 'open' ? [k] : []));
    return askSelect(
      open.length === 0 ? 'No incident is open. Which one?' : `${open.length} incidents are open. Which one?`,
      offered.map((k) => ({ name: label(k), value: states[k]!.id })),
    );
  }
  const listing = states.map((_, k) => `  ${label(k)}`).join('\n');
  throw new InputError(
    open.length === 0
      ? `no incident is open; say which one with ${how}. The incidents:\n${listing}`
      : `${open.length} incidents are open; say which one with ${how}:\n${listing}`,
  );
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
  const s = store(ws);
  const [loaded, entries] = await Promise.all([s.frozenPlaybook(id, options), s.readAll(id)]);
  return { id, dir, loaded, entries };
}

/**
 * The store for this workspace: its folder, or the PostgreSQL database that `store:` in cic.yaml or
 * CIC_DATABASE_URL names (lock timeout and test switches from the environment).
 */
export function store(ws: Workspace, env: NodeJS.ProcessEnv = process.env): LogStore {
  return openStore(ws, env);
}

/**
 * The incident's state, folded from its verified log an entry at a time (no entry is kept, so
 * memory does not grow with the log), and its frozen playbook. Damage is IntegrityError (exit 3).
 * On PostgreSQL the fold starts from the state the database keeps when its entry is still in the
 * log, and only the entries after it are read and verified (docs/postgres.md, "The kept state");
 * `cic verify` checks the whole chain.
 */
export async function loadState(
  ws: Workspace,
  id: IncidentId,
  options: { fresh?: boolean } = {},
): Promise<{ loaded: LoadedPlaybook; state: IncidentState; texts: Map<number, string> }> {
  const s = store(ws);
  const loaded = await s.frozenPlaybook(id, options);
  if (isPgStore(s)) {
    // From the state the database keeps, and the entries after it (PgStore.foldedState says why).
    const { state, texts, report } = await s.foldedState(id);
    if (!report.ok) throw damaged(report);
    return { loaded, state, texts };
  }
  const state = initialState(id);
  const texts = new Map<number, string>();
  const report = await s.readEach(id, (entry) => {
    foldInto(state, entry);
    collectText(texts, entry);
  });
  if (!report.ok) throw damaged(report);
  return { loaded, state, texts };
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
