/**
 * Who is at the keyboard, as the store recognises them: on PostgreSQL the session's own login
 * (`session_user`), on the folder store the operating-system account. With a roster, that account
 * names one person and the roles the city gave them; without one, cic records what was typed and
 * says the identity was not checked (docs/postgres.md).
 */
import { hostname, userInfo } from 'node:os';

export interface RosterPerson {
  /** How the store recognises them: a database login, or an OS account name. */
  login: string;
  name: string;
  roles: string[];
  /** May change the roster. */
  keeper: boolean;
}

export interface Identity {
  /** The actor's `user` in entries: `user@host` or `pg:LOGIN`. */
  user: string;
  /** The account the store recognised: the OS user name or the database login. */
  login: string;
  /** Whether the workspace has a roster (then `person` is who this login is, if anyone). */
  roster: boolean;
  person?: RosterPerson;
}

/** The OS account writing the entry: `user@host`. */
export function osUser(env: NodeJS.ProcessEnv = process.env): string {
  return `${osLogin(env)}@${hostname()}`;
}

export function osLogin(env: NodeJS.ProcessEnv = process.env): string {
  let name: string | undefined;
  try {
    name = userInfo().username;
  } catch {
    name = env.USER ?? env.USERNAME;
  }
  return name || 'unknown';
}
