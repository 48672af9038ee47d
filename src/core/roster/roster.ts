/**
 * The roster: the people of a workspace, the roles the city gives each, and how the store
 * recognises them (a database login, or an OS account on a shared server). It is a chained log of
 * its own — who added whom to which role, when, by whom — folded into the current list. Pure: the
 * stores keep the lines (`roster.jsonl` in the workspace folder, `cic.roster_log` in PostgreSQL).
 *
 * A line is canonical JSON (RFC 8785): {at, by:{login,name}, change, hash, prev, seq, v:1}, its
 * hash SHA-256 over `cic-roster-v1\n` and the line without its hash member, `prev` the hash of the
 * line before (for seq 0, SHA-256 of `cic-roster-genesis-v1\n`). The PostgreSQL store checks the
 * same (src/io/pg/migrations/001-incident-log.ts).
 */
import { hash } from 'node:crypto';
import { canonicalJson } from '../log/canonical.js';

export const ROSTER_PREFIX = 'cic-roster-v1\n';
export const ROSTER_GENESIS = hash('sha256', 'cic-roster-genesis-v1\n', 'hex');

export interface Person {
  login: string;
  name: string;
  roles: string[];
  keeper: boolean;
}

export type RosterChange = ({ op: 'set' } & Person) | { op: 'remove'; login: string };

export interface RosterLine {
  v: 1;
  seq: number;
  at: string;
  by: { login: string; name: string };
  change: RosterChange;
  prev: string;
  hash: string;
}

export interface RosterHead {
  seq: number;
  hash: string;
}

/** Seal a change as the line after `head`. */
export function sealRosterLine(
  head: RosterHead,
  at: Date,
  by: { login: string; name: string },
  change: RosterChange,
): { line: string; entry: RosterLine } {
  const body = { v: 1 as const, seq: head.seq + 1, at: at.toISOString(), by, change, prev: head.hash };
  const digest = hash('sha256', ROSTER_PREFIX + canonicalJson(body), 'hex');
  const entry: RosterLine = { ...body, hash: digest };
  return { line: canonicalJson(entry), entry };
}

/** Check the roster's lines in order; the entries, or the first problem with its seq. */
export function verifyRoster(lines: readonly string[]): { entries: RosterLine[]; problem?: string; bad?: number } {
  const entries: RosterLine[] = [];
  let prev = ROSTER_GENESIS;
  for (const [seq, line] of lines.entries()) {
    let e: RosterLine;
    try {
      e = JSON.parse(line) as RosterLine;
    } catch {
      return { entries, bad: seq, problem: `roster change #${seq} is not JSON` };
    }
    const { hash: claimed, ...body } = e;
    if (e.seq !== seq) return { entries, bad: seq, problem: `roster change #${seq} says it is #${String(e.seq)}` };
    if (e.prev !== prev) return { entries, bad: seq, problem: `roster change #${seq} does not follow #${seq - 1}` };
    let canonical: string;
    try {
      canonical = canonicalJson(e);
    } catch {
      return { entries, bad: seq, problem: `roster change #${seq} cannot be canonical JSON` };
    }
    if (canonical !== line || hash('sha256', ROSTER_PREFIX + canonicalJson(body), 'hex') !== claimed)
      return { entries, bad: seq, problem: `roster change #${seq} was altered after it was written` };
    entries.push(e);
    prev = claimed;
  }
  return { entries };
}

/** The roster after these changes (login → person). */
export function foldRoster(entries: readonly RosterLine[], until?: string): Map<string, Person> {
  const people = new Map<string, Person>();
  for (const e of entries) {
    if (until !== undefined && e.at > until) break;
    const c = e.change;
    if (c.op === 'set') people.set(c.login, { login: c.login, name: c.name, roles: [...c.roles], keeper: c.keeper });
    else people.delete(c.login);
  }
  return people;
}

/**
 * Who held each role at any moment between `from` and `to` (RFC 3339 UTC texts, compared as such),
 * from the roster's history: those holding it at `from`, and everyone a change during the period
 * gave it to. Role id → people, sorted by name then login.
 */
export function roleHolders(
  entries: readonly RosterLine[],
  from: string,
  to: string,
): Map<string, { name: string; login: string }[]> {
  const held = new Map<string, Map<string, { name: string; login: string }>>();
  const add = (p: Person) => {
    for (const r of p.roles) {
      let m = held.get(r);
      if (!m) held.set(r, (m = new Map()));
      m.set(`${p.name}\u0000${p.login}`, { name: p.name, login: p.login });
    }
  };
  const people = foldRoster(entries, from);
  for (const p of people.values()) add(p);
  for (const e of entries) {
    if (e.at <= from || e.at > to) continue;
    if (e.change.op === 'set') add(e.change);
  }
  return new Map(
    [...held].map(([r, m]) => [
      r,
      [...m.values()].sort((a, b) => a.name.localeCompare(b.name) || a.login.localeCompare(b.login)),
    ]),
  );
}
