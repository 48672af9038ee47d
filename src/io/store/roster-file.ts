/**
 * The folder store's roster: `roster.jsonl` in the workspace folder, a chained log of changes
 * (src/core/roster/roster.ts), appended under its own lock. Here the file system is the boundary:
 * whoever can write the folder can edit the file, so the keeper check below stops mistakes, not
 * someone determined; `cic verify` checks every entry's actor against the roster as it stood
 * (docs/postgres.md says so plainly).
 */
import { closeSync, fsyncSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { InputError, IntegrityError, PermissionError } from '../../core/errors.js';
import {
  foldRoster,
  ROSTER_GENESIS,
  sealRosterLine,
  verifyRoster,
  type RosterChange,
  type RosterLine,
} from '../../core/roster/roster.js';
import { acquireLock } from '../log/lock.js';

export const ROSTER_FILE = 'roster.jsonl';

/** The roster's lines, checked; [] when the workspace has none. */
export function readRosterFile(root: string): string[] {
  let text: string;
  try {
    text = readFileSync(join(root, ROSTER_FILE), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  const lines = text === '' ? [] : text.replace(/\n$/, '').split('\n');
  const checked = verifyRoster(lines);
  if (checked.problem)
    throw new IntegrityError(
      `${ROSTER_FILE}: ${checked.problem}`,
      'The roster decides who may act; restore it from a backup before recording anything.',
    );
  return lines;
}

/** Append one change, made by the OS account `login`, if the roster lets that account keep it. */
export async function changeRosterFile(
  root: string,
  login: string,
  change: RosterChange,
  at: Date,
): Promise<RosterLine> {
  const file = join(root, ROSTER_FILE);
  const lock = await acquireLock(`${file}.lock`, { timeoutMs: 10_000, incident: 'the roster' });
  try {
    const lines = readRosterFile(root);
    const { entries } = verifyRoster(lines);
    const people = foldRoster(entries);
    const me = people.get(login);
    const keepers = [...people.values()].filter((p) => p.keeper);
    if (!me?.keeper && keepers.length > 0)
      throw new PermissionError(
        `${login} is not a keeper of the roster, so may not change it`,
        `The keepers: ${keepers.map((k) => `${k.name} (${k.login})`).join(', ')}.`,
      );
    const last = entries[entries.length - 1];
    const head = last ? { seq: last.seq, hash: last.hash } : { seq: -1, hash: ROSTER_GENESIS };
    const sealed = sealRosterLine(head, at, { login, name: me?.name ?? login }, change);
    const fd = openSync(file, 'a', 0o644);
    try {
      writeSync(fd, `${sealed.line}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    return sealed.entry;
  } finally {
    lock.release();
  }
}

/**
 * Put a whole roster's lines in place verbatim (`cic store copy`), each keeping its original
 * author: checked as a chain first, and only where the workspace has no roster yet.
 */
export async function importRosterFile(root: string, lines: readonly string[]): Promise<void> {
  if (lines.length === 0) return;
  const checked = verifyRoster(lines);
  if (checked.problem) throw new IntegrityError(`the roster to copy: ${checked.problem}`);
  const file = join(root, ROSTER_FILE);
  const lock = await acquireLock(`${file}.lock`, { timeoutMs: 10_000, incident: 'the roster' });
  try {
    if (readRosterFile(root).length > 0)
      throw new InputError(`${file} already has a roster`, 'Copy into a workspace without one.');
    const fd = openSync(file, 'wx', 0o644);
    try {
      writeSync(fd, lines.map((l) => `${l}\n`).join(''));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } finally {
    lock.release();
  }
}
