/**
 * `cic roster show | log | set LOGIN --name NAME --roles A,B [--keeper] | remove LOGIN`: the people
 * of the workspace, the roles the city gives each, and how the store recognises them (their
 * database login on PostgreSQL, their OS account on the folder store). Only a keeper of the
 * roster may change it; every change is a chained, recorded entry of the roster's own log.
 */
import { InputError } from '../../core/errors.js';
import { foldRoster, verifyRoster, type Person, type RosterChange, type RosterLine } from '../../core/roster/roster.js';
import { isPlainLine, visible, oneLine } from '../../core/text/visible.js';
import { stdout } from '../../io/output/terminal.js';
import { loadPlaybookFile } from '../../io/workspace/incidents.js';
import { clock, openWorkspace, store } from './incident-access.js';
import type { RosterRemoveOptions, RosterSetOptions, RosterShowOptions } from '../options.js';

const LOGIN = /^[A-Za-z0-9_][A-Za-z0-9_.@-]{0,62}$/;

export async function rosterShow(opts: RosterShowOptions): Promise<Person[]> {
  const ws = await openWorkspace(opts);
  const s = store(ws);
  const { entries } = verifyRoster(await s.rosterLines());
  const people = [...foldRoster(entries).values()].sort((a, b) => a.login.localeCompare(b.login));
  if (opts.json) {
    stdout.json(people);
    return people;
  }
  const how = s.kind === 'postgres' ? 'database login' : 'OS account';
  if (people.length === 0) {
    stdout.line('No roster: anyone who can use this workspace records under the name and role they give,');
    stdout.line('and every entry says its identity was not checked. A keeper starts one with `cic roster set`.');
    return people;
  }
  stdout.line(`${people.length} ${people.length === 1 ? 'person' : 'people'} (recognised by ${how}):`);
  for (const p of people)
    stdout.line(
      `  ${oneLine(p.login).padEnd(16)} ${oneLine(p.name).padEnd(22)} ${p.roles.join(', ')}${p.keeper ? '  [keeper]' : ''}`,
    );
  return people;
}

export async function rosterLog(opts: RosterShowOptions): Promise<RosterLine[]> {
  const ws = await openWorkspace(opts);
  const { entries, problem } = verifyRoster(await store(ws).rosterLines());
  if (opts.json) stdout.json(entries);
  else
    for (const e of entries) {
      const c = e.change;
      const what =
        c.op === 'set'
          ? `set ${c.login}: ${c.name}, roles ${c.roles.join(', ') || '(none)'}${c.keeper ? ', keeper' : ''}`
          : `removed ${c.login}`;
      stdout.line(`#${e.seq}  ${e.at}  ${oneLine(e.by.name)} (${e.by.login}) ${visible(what)}`);
    }
  if (problem) throw new InputError(`the roster's log does not verify: ${problem}`);
  return entries;
}

export async function rosterSet(opts: RosterSetOptions): Promise<RosterLine> {
  const login = checkLogin(opts.login);
  const name = opts.name;
  if (name === '' || name.length > 200 || !isPlainLine(name))
    throw new InputError("--name must be the person's name: one line of ordinary text, at most 200 characters");
  const roles = opts.roles;
  const ws = await openWorkspace(opts);
  const { playbook } = await loadPlaybookFile(ws.playbookFile);
  const unknown = roles.find((r) => !playbook.roles.some((x) => x.id === r));
  if (unknown !== undefined)
    throw new InputError(
      `"${oneLine(unknown)}" is not a role in the workspace's playbook`,
      `Its roles: ${playbook.roles.map((r) => r.id).join(', ')}.`,
    );
  return change(opts, { op: 'set', login, name, roles, keeper: opts.keeper });
}

export async function rosterRemove(opts: RosterRemoveOptions): Promise<RosterLine> {
  return change(opts, { op: 'remove', login: checkLogin(opts.login) });
}

async function change(opts: RosterRemoveOptions, c: RosterChange): Promise<RosterLine> {
  const ws = await openWorkspace(opts);
  const entry = await store(ws).changeRoster(c, clock().now());
  stdout.line(
    c.op === 'set'
      ? `Roster change #${entry.seq}: ${oneLine(c.name)} (${c.login}) holds ${c.roles.join(', ') || 'no role'}${c.keeper ? ' and keeps the roster' : ''}.`
      : `Roster change #${entry.seq}: ${c.login} removed.`,
  );
  return entry;
}

function checkLogin(value: string | undefined): string {
  if (value === undefined || !LOGIN.test(value))
    throw new InputError(
      `"${oneLine(value ?? '')}" is not a login`,
      'A login is the database login (PostgreSQL) or the OS account name (folder store): letters, digits, _ . @ -.',
    );
  return value;
}
