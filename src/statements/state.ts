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

/** Fold one `statement.*` event into the slice. Pure; never reads the clock. */
export function evolveStatements(state: StatementsState, event: StatementEvent): StatementsState {
  const id = event.data.statement;
  // Own properties only: a statement id is playbook text, and the slice is keyed by it.
  const current: StatementState = (Object.hasOwn(state, id) ? state[id] : undefined) ?? { statement: id, versions: [], approvals: [], rejections: [], releases: [] };
  const at = event.stated_at ?? event.at;
  let next: StatementState;
  switch (event.type) {
    case 'statement.drafted':
      next = {
        ...current,
        versions: [
          ...current.versions,
          {
            seq: event.seq,
            version: event.data.version,
            file: event.data.file,
            sha256: event.data.sha256,
            drafted_at: at,
            drafted_by: event.actor,
            facts: event.data.facts,
            checks: event.data.checks,
            source: event.data.source,
          },
        ],
      };
      break;
    case 'statement.approved':
      next = {
        ...current,
        approvals: [
          ...current.approvals,
          { seq: event.seq, version: event.data.version, sha256: event.data.sha256, role: event.actor.role, by: event.actor, at, warnings: event.data.warnings },
        ],
      };
      break;
    case 'statement.rejected':
      next = {
        ...current,
        rejections: [...current.rejections, { seq: event.seq, version: event.data.version, sha256: event.data.sha256, role: event.actor.role, by: event.actor, at, reason: event.data.reason }],
      };
      break;
    case 'statement.released':
      next = {
        ...current,
        releases: [
          ...current.releases,
          { seq: event.seq, version: event.data.version, sha256: event.data.sha256, channels: event.data.channels, facts: event.data.facts, by: event.actor, at },
        ],
      };
      break;
  }
  const out = Object.assign(initialStatements(), state);
  Object.defineProperty(out, id, { value: next, enumerable: true, writable: true, configurable: true });
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
