/**
 * The incident's state kept beside its log (`incidents/<id>/.state.json`), so that a recording
 * command does not re-read and re-fold the whole log under the lock, and finding the open
 * incident does not scan it: the fold of the entries up to one entry, marked with that entry's
 * seq, hash and place in the log (`start`, `end`: the bytes of its line, newline included).
 *
 * It is a cache, not a record: derived from the log alone, and used only when the log still has
 * that entry, with that hash, at that place (one small read, its own hash checked); then only the
 * entries after it are verified and folded. Damage before it is for `cic verify`, which always
 * checks the whole log. A missing, unreadable or foreign file is ignored; removing it loses only
 * time.
 *
 * Lines: the mark, as JSON (with `status`, all that finding the open incident reads); then the
 * state in parts, absent when only the incident's status was worked out (incidents.ts): the head
 * (everything but the actions' records and the statements, which stand as `0` in it), then one
 * line per action (`A`, tab, its id as JSON, tab, its records as JSON) and one per statement (`S`,
 * likewise). A long incident's state is mostly those records, and a command about one action reads
 * only the parts it needs (src/core/incident/state-reads.ts): its cost stays that of a short one.
 */
import { closeSync, openSync, readFileSync, readSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readsAction, WHOLE_STATE, type StateReads } from '../../core/incident/state-reads.js';
import { idMap, type IncidentState } from '../../core/incident/state.js';
import type { StatementState } from '../../core/statements/state.js';
import { checkLine, lastHash } from '../../core/log/line.js';
import { readAt, type FsSeam } from './fs-seam.js';

export const STATE_FILE = '.state.json';

/**
 * What a state file holds must be what this version's fold makes. Change this number whenever
 * `src/core/incident/fold.ts` or `state.ts` changes what a state holds (test/io/log/state-file.test.ts
 * fails until it is): files written by another version are then ignored, not trusted.
 */
export const STATE_FORMAT = 7;

export interface StateMark {
  format: number;
  incident: string;
  /** The last entry the state covers, and where its line is in the log. */
  seq: number;
  hash: string;
  start: number;
  end: number;
  /** How many of the entries up to it were written under the simulated clock. */
  simulated: number;
  status: 'open' | 'closed';
}

export interface SavedState {
  mark: StateMark;
  /** The state, or the parts of it that were asked for. */
  state?: IncidentState;
  /** Whether `state` holds only some actions' records or no statements (`StateReads`). */
  partial?: boolean;
  /** The state's lines as the file holds them, when read whole (for `cic verify`'s comparison, state-check.ts). */
  json?: string;
}

/**
 * The saved mark, and the state unless `markOnly` (only the parts `reads` names: the whole state
 * by default); undefined when there is none usable.
 */
export function readStateFile(
  dir: string,
  incident: string,
  options: { markOnly?: boolean; reads?: StateReads } = {},
): SavedState | undefined {
  const reads = options.reads ?? WHOLE_STATE;
  let bytes: Buffer;
  try {
    bytes = options.markOnly ? firstBytes(join(dir, STATE_FILE), 4096) : readFileSync(join(dir, STATE_FILE));
  } catch {
    return undefined;
  }
  const nl = bytes.indexOf(10);
  if (nl < 0) return undefined; // a mark is always a whole line
  try {
    const mark = JSON.parse(bytes.toString('utf8', 0, nl)) as StateMark;
    if (!isMark(mark, incident)) return undefined;
    if (options.markOnly || nl === bytes.length - 1) return { mark };
    const state = stateFromLines(bytes, nl + 1, reads);
    if (state.id !== incident || state.last_seq !== mark.seq) return { mark };
    const whole = reads.actions === 'all' && reads.statements;
    return whole ? { mark, state, json: bytes.toString('utf8', nl + 1) } : { mark, state, partial: true };
  } catch {
    return undefined;
  }
}

/** The state's lines (after the mark), as `writeStateFile` writes them. */
export function stateLines(state: IncidentState): string {
  const lines = [JSON.stringify({ ...state, actions: 0, statements: 0 })];
  for (const [id, records] of Object.entries(state.actions))
    lines.push(`A\t${JSON.stringify(id)}\t${JSON.stringify(records)}`);
  for (const [id, entry] of Object.entries(state.statements))
    lines.push(`S\t${JSON.stringify(id)}\t${JSON.stringify(compactStatement(entry))}`);
  return `${lines.join('\n')}\n`;
}

/**
 * The state from its lines, from byte `from` on: the head, and of the parts those `reads` names.
 * Only those lines are decoded and parsed (a part's kind and id come first, before its JSON).
 */
function stateFromLines(bytes: Buffer, from: number, reads: StateReads): IncidentState {
  const lineEnd = (start: number) => {
    const nl = bytes.indexOf(10, start);
    return nl < 0 ? bytes.length : nl;
  };
  let end = lineEnd(from);
  const state = withoutPrototypes(JSON.parse(bytes.toString('utf8', from, end))) as IncidentState;
  state.actions = idMap();
  state.statements = idMap();
  for (let start = end + 1; start < bytes.length; start = end + 1) {
    end = lineEnd(start);
    const kind = bytes[start];
    const tab = bytes.indexOf(9, start + 2);
    // Anything but an action's or a statement's line makes the file unusable (a cache: ignored).
    if ((kind !== 65 && kind !== 83) || bytes[start + 1] !== 9 || tab < 0 || tab > end)
      throw new Error('not a state part');
    const id = JSON.parse(bytes.toString('utf8', start + 2, tab)) as string;
    const wanted = kind === 65 /* A */ ? readsAction(reads, id) : kind === 83 /* S */ && reads.statements;
    if (!wanted) continue;
    const value = withoutPrototypes(JSON.parse(bytes.toString('utf8', tab + 1, end)));
    // Own properties, as the fold makes them: an id is playbook text (`__proto__` is just a key).
    Object.defineProperty(kind === 65 ? state.actions : state.statements, id, {
      value: kind === 65 ? value : restoreStatement(value as StatementState),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return state;
}

/**
 * The state as one JSON text (a PostgreSQL row keeps it so, src/io/pg/pg-store.ts), except that
 * what a statement's approvals, rejections and releases repeat of their version is written as `0`
 * in its place (the file's statement lines too), and `parseState` puts the version's back: a
 * release's facts (it records the facts its version was drafted with) and each one's SHA-256 (the
 * version's words they bind to). A long incident's state is mostly its statements' history. Only
 * what equals its version's is left out, so a log cic did not write reads back as it was folded.
 */
export function stateJson(state: IncidentState): string {
  const statements: Record<string, unknown> = Object.create(null);
  for (const [id, entry] of Object.entries(state.statements)) statements[id] = compactStatement(entry);
  return JSON.stringify({ ...state, statements });
}

/** A state from its JSON text (as `stateJson` or `JSON.stringify` wrote it), shaped as the fold makes it. */
export function parseState(text: string): IncidentState {
  const state = withoutPrototypes(JSON.parse(text)) as IncidentState;
  for (const entry of Object.values(state.statements ?? {})) restoreStatement(entry);
  return state;
}

/** One statement's entry with what its approvals, rejections and releases repeat of their version as `0`. */
function compactStatement(entry: StatementState): unknown {
  const versions = new Map(entry.versions.map((v) => [v.version, v]));
  const sha = <T extends { version: number; sha256: string }>(x: T) =>
    versions.get(x.version)?.sha256 === x.sha256 ? { ...x, sha256: 0 } : x;
  const facts = new Map(entry.versions.map((v) => [v.version, JSON.stringify(v.facts)]));
  return {
    ...entry,
    approvals: entry.approvals.map(sha),
    rejections: entry.rejections.map(sha),
    releases: entry.releases.map((r) => sha(facts.get(r.version) === JSON.stringify(r.facts) ? { ...r, facts: 0 } : r)),
  };
}

/** `compactStatement` undone, in place. */
function restoreStatement(entry: StatementState): StatementState {
  const versions = new Map(entry.versions.map((v) => [v.version, v]));
  const back = (x: { version: number; sha256: string | number }) => {
    if (typeof x.sha256 === 'number') x.sha256 = versions.get(x.version)!.sha256;
  };
  entry.approvals.forEach(back);
  entry.rejections.forEach(back);
  for (const r of entry.releases) {
    back(r);
    if (typeof r.facts === 'number') r.facts = versions.get(r.version)!.facts;
  }
  return entry;
}

/**
 * Maps keyed by ids from data are null-prototype objects in a state (state.ts): so they are again.
 * The fold makes them only outside arrays (facts, actions and each action's occurrences,
 * requests, statements, press schedules); what arrays hold are records and entry data, which the
 * fold leaves ordinary objects too. So every object not inside an array loses its prototype, and
 * the many records in the arrays are not touched (doing it to every object cost more than the
 * parse). JSON.parse makes a `__proto__` key an own property, which stays one.
 */
function withoutPrototypes(value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  for (const key of Object.keys(value)) withoutPrototypes((value as Record<string, unknown>)[key]);
  return Object.setPrototypeOf(value, null);
}

/** The start of a file (the mark line is far shorter than `n` bytes). */
function firstBytes(path: string, n: number): Buffer {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(n);
    return buf.subarray(0, readSync(fd, buf, 0, n, 0));
  } finally {
    closeSync(fd);
  }
}

function isMark(m: StateMark, incident: string): boolean {
  return (
    typeof m === 'object' &&
    m !== null &&
    m.format === STATE_FORMAT &&
    m.incident === incident &&
    [m.seq, m.start, m.end, m.simulated].every((n) => Number.isSafeInteger(n) && n >= 0) &&
    m.start < m.end &&
    typeof m.hash === 'string' &&
    (m.status === 'open' || m.status === 'closed')
  );
}

/**
 * Whether the open log (of `size` bytes) still has the marked entry, with its hash, at its place:
 * one read of that line, whose own hash is checked.
 */
export function markHolds(seam: FsSeam, fd: number, size: number, mark: StateMark): boolean {
  if (mark.end > size) return false;
  const bytes = readAt(seam, fd, mark.start, mark.end - mark.start);
  if (bytes.length !== mark.end - mark.start || bytes[bytes.length - 1] !== 10) return false;
  if (mark.start > 0 && readAt(seam, fd, mark.start - 1, 1)[0] !== 10) return false;
  const line = bytes.toString('utf8', 0, bytes.length - 1);
  return checkLine(line, mark.incident, mark.seq, undefined) === undefined && lastHash === mark.hash;
}

/**
 * Save the mark (and the state, if given) beside the log: written to a temporary file and renamed,
 * so a reader sees the old file or the new one. Not synced, and a failure is ignored: it is a cache.
 */
export function writeStateFile(dir: string, mark: StateMark, state?: IncidentState): void {
  const path = join(dir, STATE_FILE);
  const temp = `${path}.tmp-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  try {
    writeFileSync(temp, `${JSON.stringify(mark)}\n${state ? stateLines(state) : ''}`, { flag: 'wx' });
    renameSync(temp, path);
  } catch {
    rmSync(temp, { force: true });
  }
}

/** Remove the saved state (`cic verify --repair`, when it is not the log's fold): the next command folds the log. */
export function removeStateFile(dir: string): void {
  rmSync(join(dir, STATE_FILE), { force: true });
}
