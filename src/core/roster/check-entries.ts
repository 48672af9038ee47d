/**
 * Entries held against the roster as it stood when each was written: with a roster in force, the
 * account that wrote an entry (`user`: `pg:LOGIN` or `LOGIN@host`) must have been on it, holding
 * the entry's role. On PostgreSQL the database already refuses anything else; on the folder store
 * the file system is the boundary, so `cic verify` is where this shows (docs/postgres.md).
 */
import type { LogEntry } from '../log/envelope.js';
import { foldRoster, type RosterLine } from './roster.js';

export interface RosterProblem {
  seq: number;
  problem: string;
}

/** The account an entry's `user` names. */
export function loginOf(user: string): string {
  return user.startsWith('pg:')
    ? user.slice(3)
    : user.slice(0, user.lastIndexOf('@') < 0 ? user.length : user.lastIndexOf('@'));
}

export function rosterProblems(entries: readonly LogEntry[], roster: readonly RosterLine[]): RosterProblem[] {
  const out: RosterProblem[] = [];
  if (roster.length === 0) return out;
  for (const e of entries) {
    const people = foldRoster(roster, e.at);
    if (people.size === 0) continue; // no roster yet when it was written: identity not checked, and said so
    const login = loginOf(e.actor.user);
    const person = people.get(login);
    if (!person) {
      out.push({
        seq: e.seq,
        problem: `entry #${e.seq} was written by ${login} (as "${e.actor.name}", ${e.actor.role}), who was not on the roster at ${e.at}`,
      });
    } else if (e.actor.role !== 'system' && !person.roles.includes(e.actor.role)) {
      out.push({
        seq: e.seq,
        problem: `entry #${e.seq} was written by ${person.name} (${login}) as ${e.actor.role}, a role the roster did not give them at ${e.at}`,
      });
    }
  }
  return out;
}
