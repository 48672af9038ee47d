/**
 * The statements slice of the incident state: each statement's versions, approvals, rejections
 * and releases, folded from `statement.*` events. The incident fold (`incident/fold.ts`) delegates
 * every `statement.*` event here.
 *
 * Every record keeps the log `seq` it came from: approvals and rejections are read in log order
 * (a role's later decision on a version replaces its earlier one), and releases are ordered by
 * time with `seq` breaking ties.
 */
import type { FactValue, Timestamp } from '../playbook/model.js';
import type { Actor, RecordedEvent } from '../incident/events.js';

export interface StatementVersion {
  seq: number;
  version: number;
  file: string;
  /**
   * SHA-256 of this version's exact words. The words themselves stay in the log, in the entry at
   * `seq` (texts.ts): a state holding every version's words would be rewritten with each recording.
   */
  sha256: string;
  drafted_at: Timestamp;
  drafted_by: Actor;
  facts: Record<string, FactValue>;
  checks: { level: 'error' | 'warning'; line: number; message: string }[];
  source: 'template' | 'edited';
}

export interface Approval {
  seq: number;
  version: number;
  sha256: string;
  /** The approving actor's own role; `approvals.ts` works out which approver it stands for. */
  role: string;
  by: Actor;
  at: Timestamp;
  warnings: string[];
}

export interface Rejection {
  seq: number;
  version: number;
  sha256: string;
  role: string;
  by: Actor;
  at: Timestamp;
  reason: string;
}

export interface Release {
  seq: number;
  version: number;
  sha256: string;
  channels: string[];
  facts: Record<string, FactValue>;
  by: Actor;
  at: Timestamp;
}

export interface StatementState {
  /** The statement action's id. */
  statement: string;
  versions: StatementVersion[];
  approvals: Approval[];
  rejections: Rejection[];
  releases: Release[];
}

export type StatementsState = Record<string, StatementState>;

export function initialStatements(): StatementsState {
  return Object.create(null) as StatementsState;
}

type StatementEvent = Extract<RecordedEvent, { type: `statement.${string}` }>;

/**
 * Fold one `statement.*` event into the slice, in place. The incident fold owns the state it
 * builds, so pushing onto the arrays keeps a 100,000-entry fold linear (copying every statement's
 * arrays per event made it quadratic).
 */
export function applyStatementEvent(state: StatementsState, event: StatementEvent): void {
  const id = event.data.statement;
  // Own properties only: a statement id is playbook text, and the slice is keyed by it.
  let entry = entryOf(state, id);
  if (!entry) {
    entry = { statement: id, versions: [], approvals: [], rejections: [], releases: [] };
    Object.defineProperty(state, id, { value: entry, enumerable: true, writable: true, configurable: true });
  }
  const at = event.stated_at ?? event.at;
  switch (event.type) {
    case 'statement.drafted':
      entry.versions.push({
        seq: event.seq,
        version: event.data.version,
        file: event.data.file,
        sha256: event.data.sha256,
        drafted_at: at,
        drafted_by: event.actor,
        facts: event.data.facts,
        checks: event.data.checks,
        source: event.data.source,
      });
      break;
    case 'statement.approved':
      entry.approvals.push({
        seq: event.seq,
        version: event.data.version,
        sha256: event.data.sha256,
        role: event.actor.role,
        by: event.actor,
        at,
        warnings: event.data.warnings,
      });
      break;
    case 'statement.rejected':
      entry.rejections.push({
        seq: event.seq,
        version: event.data.version,
        sha256: event.data.sha256,
        role: event.actor.role,
        by: event.actor,
        at,
        reason: event.data.reason,
      });
      break;
    case 'statement.released':
      entry.releases.push({
        seq: event.seq,
        version: event.data.version,
        sha256: event.data.sha256,
        channels: event.data.channels,
        facts: event.data.facts,
        by: event.actor,
        at,
      });
      break;
  }
}

/** A copy of the slice whose arrays can be changed without touching the original. */
export function copyStatements(state: StatementsState): StatementsState {
  const out = initialStatements();
  for (const id of Object.keys(state)) {
    const e = state[id]!;
    const copy: StatementState = {
      statement: e.statement,
      versions: [...e.versions],
      approvals: [...e.approvals],
      rejections: [...e.rejections],
      releases: [...e.releases],
    };
    Object.defineProperty(out, id, { value: copy, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/** Fold one `statement.*` event into a copy of the slice. Pure; never reads the clock. */
export function evolveStatements(state: StatementsState, event: StatementEvent): StatementsState {
  const out = copyStatements(state);
  applyStatementEvent(out, event);
  return out;
}

/** One statement's entry, looked up by own property only. */
export function entryOf(state: StatementsState, statement: string): StatementState | undefined {
  return Object.hasOwn(state, statement) ? state[statement] : undefined;
}

/** The latest version: the only one that can be approved or released. */
export function currentVersion(entry: StatementState | undefined): StatementVersion | undefined {
  return entry?.versions.at(-1);
}
