/**
 * The statements slice of the incident state: each statement's versions, approvals, rejections
 * and releases, folded from `statement.*` events. The incident fold (`incident/fold.ts`) delegates
 * every `statement.*` event here.
 *
 * (Initial shape; the statements work owns and extends this file.)
 */
import type { FactValue, Timestamp } from '../playbook/model.js';
import type { Actor, RecordedEvent } from '../incident/events.js';

export interface StatementVersion {
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
  version: number;
  sha256: string;
  role: string;
  by: Actor;
  at: Timestamp;
  warnings: string[];
}

export interface Rejection {
  version: number;
  sha256: string;
  by: Actor;
  at: Timestamp;
  reason: string;
}

export interface Release {
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
  const current: StatementState = state[id] ?? { statement: id, versions: [], approvals: [], rejections: [], releases: [] };
  const at = event.stated_at ?? event.at;
  let next: StatementState;
  switch (event.type) {
    case 'statement.drafted':
      next = {
        ...current,
        versions: [
          ...current.versions,
          {
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
          { version: event.data.version, sha256: event.data.sha256, role: event.actor.role, by: event.actor, at, warnings: event.data.warnings },
        ],
      };
      break;
    case 'statement.rejected':
      next = {
        ...current,
        rejections: [...current.rejections, { version: event.data.version, sha256: event.data.sha256, by: event.actor, at, reason: event.data.reason }],
      };
      break;
    case 'statement.released':
      next = {
        ...current,
        releases: [
          ...current.releases,
          { version: event.data.version, sha256: event.data.sha256, channels: event.data.channels, facts: event.data.facts, by: event.actor, at },
        ],
      };
      break;
  }
  return { ...state, [id]: next };
}
