/**
 * What a person asks cic to record. The command layer turns flags and prompt answers into one of
 * these; `decide` turns it into events or refuses it. Times are `Date`s already parsed in the
 * playbook's zone (`parseUserTime`); fact values are still the raw text typed.
 */

export interface OpenCommand {
  kind: 'open';
  title: string;
  occurred_at: Date;
  /** Raw text per fact id, typed and validated against the playbook. */
  facts: Record<string, string>;
  /** Set the tier by hand instead of classifying by the playbook's questions. */
  tier?: string;
  reason?: string;
  /** SHA-256 of the frozen playbook text (LoadedPlaybook.sha256), bound into incident.opened. */
  playbook_sha256: string;
}

export interface SetFactsCommand {
  kind: 'setFacts';
  facts: Record<string, string>;
  /** When the facts became known, if earlier than now. */
  stated_at?: Date;
}

export interface EscalateCommand {
  kind: 'escalate';
  /** Up or down. */
  tier: string;
  reason: string;
}

export interface DoneCommand {
  kind: 'done';
  action: string;
  /** Default: the earliest occurrence not yet done or skipped. */
  occurrence?: number;
  stated_at?: Date;
  note?: string;
  /** For a duty owned outside the city: how the city knows the agency did it. */
  source?: string;
}

/** An approver approves an occurrence of an action that is not a statement (statements: statements/decide.ts). */
export interface ApproveCommand {
  kind: 'approve';
  action: string;
  occurrence?: number;
}

/** Stop an occurrence's deadline clock while a determination stands; again while stopped: a reassessment. */
export interface PauseCommand {
  kind: 'pause';
  action: string;
  occurrence?: number;
  reason: string;
  /** The determination is in writing (required when the playbook's pausable has basis: [written]). */
  written?: boolean;
}

export interface ResumeCommand {
  kind: 'resume';
  action: string;
  occurrence?: number;
  reason?: string;
}

export interface SkipCommand {
  kind: 'skip';
  action: string;
  occurrence?: number;
  reason: string;
}

export interface ExtendCommand {
  kind: 'extend';
  action: string;
  occurrence?: number;
  /** ISO 8601 duration added to the current deadline; exclusive with `to`. */
  by?: string;
  /** The new deadline. */
  to?: Date;
  reason: string;
  /** Who asked for it (required when the playbook's extension rule has basis: [requested_by]). */
  requested_by?: string;
  /** The request is in writing (required when the rule has basis: [written]). */
  written?: boolean;
}

/** A request arrived that the playbook owes duties for (`per_request` actions). */
export interface AddRequestCommand {
  kind: 'addRequest';
  /** The kind of request: a `per_request` value in the playbook. */
  request_kind: string;
  received_at: Date;
  from: string;
  note?: string;
}

export interface NoteCommand {
  kind: 'note';
  text: string;
  stated_at?: Date;
}

export interface CloseCommand {
  kind: 'close';
  /** Close even with required items open; needs a reason. */
  force: boolean;
  reason?: string;
  /** The person saw the open items (OpenItemsError) and confirmed. */
  confirmed?: boolean;
}

export interface ReopenCommand {
  kind: 'reopen';
  reason: string;
}

export type Command =
  | OpenCommand
  | SetFactsCommand
  | EscalateCommand
  | DoneCommand
  | SkipCommand
  | ApproveCommand
  | PauseCommand
  | ResumeCommand
  | ExtendCommand
  | AddRequestCommand
  | NoteCommand
  | CloseCommand
  | ReopenCommand;
