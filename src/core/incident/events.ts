/**
 * The events an incident's log holds (docs/design.md#the-log). The log entry wraps each event with `v`,
 * `incident`, `seq`, `at`, `stated_at`, `actor`, `prev` and `hash`; here is only the `type` and its
 * `data`. Each type's data has a JSON Schema in `schemas/events/` that an entry is validated
 * against before it is written.
 */
import type { FactValue, Timestamp } from '../playbook/model.js';

export interface Actor {
  /** Role id from the playbook ('system' for entries cic writes itself, e.g. log.repaired). */
  role: string;
  /** The person's name. */
  name: string;
  /** OS `user@host` that wrote the entry, or `pg:LOGIN`, the database login, on PostgreSQL. */
  user: string;
  /**
   * 'roster': the store recognised the person (their login) and the roster gives them the role;
   * 'unchecked': no roster, so name and role are as typed. Absent in entries from before rosters.
   */
  identity?: 'roster' | 'unchecked';
}

export interface EventData {
  'incident.opened': {
    title: string;
    occurred_at: Timestamp;
    playbook: { id: string; version: string; sha256: string };
  };
  'fact.recorded': { fact: string; value: FactValue };
  /** First classification, escalation and de-escalation alike. */
  'incident.classified': {
    tier: string;
    /** Why: the matched definition on opening, the stated reason when re-tiered. */
    reason: string;
    /** The previous tier, absent on the first classification. */
    from?: string;
    /** How it was classified: by answering the playbook's questions, or by a person's choice. */
    method: 'questions' | 'manual';
  };
  'action.completed': {
    action: string;
    occurrence: number;
    note?: string;
    /** A duty owned outside the city: how the city knows it was done (the actor only recorded it). */
    source?: string;
  };
  /** A deadline's clock stopped while a determination stands; again while stopped: reassessed. */
  'clock.paused': { action: string; occurrence: number; reason: string; basis?: { written?: boolean } };
  'clock.resumed': { action: string; occurrence: number; reason?: string };
  /** An approver approved one occurrence of an action that is not a statement. */
  'action.approved': { action: string; occurrence: number };
  'action.skipped': { action: string; occurrence: number; reason: string };
  'deadline.extended': {
    action: string;
    occurrence: number;
    /** The new deadline. */
    due: Timestamp;
    /** The previous deadline. */
    from: Timestamp;
    reason: string;
    /** Who asked and whether in writing, when the playbook's extension rule requires it. */
    basis?: { requested_by?: string; written?: boolean };
  };
  note: { text: string };
  /**
   * A request arrived that the playbook owes a duty for (`per_request` actions): numbered from 1
   * within its kind; the items owed for it have that number as their occurrence.
   */
  'request.received': {
    kind: string;
    request: number;
    /** When it reached the city: the `received` anchor of its items. */
    received_at: Timestamp;
    /** Who made it: a newsroom, a family, a resident. */
    from: string;
    note?: string;
  };
  'incident.closed': {
    reason?: string;
    forced: boolean;
    /** Required items still open when it was closed: `action#occurrence`. */
    left_open: { action: string; occurrence: number }[];
  };
  'incident.reopened': { reason: string };
  'statement.drafted': {
    statement: string;
    version: number;
    /** Path relative to the incident folder, e.g. `drafts/holding-statement.v1.md`: a copy of `text`. */
    file: string;
    /** SHA-256 of `text` (UTF-8): what approvals and releases bind to. */
    sha256: string;
    /** The version's full text: the record of what was drafted (the file can be regenerated from it). */
    text: string;
    /** The fact values the text was rendered with. */
    facts: Record<string, FactValue>;
    /** Check results at drafting time. */
    checks: { level: 'error' | 'warning'; line: number; message: string }[];
    /** 'template' when rendered by cic, 'edited' when a changed file was registered. */
    source: 'template' | 'edited';
  };
  'statement.approved': {
    statement: string;
    version: number;
    sha256: string;
    /** Warnings the approver saw and accepted. */
    warnings: string[];
  };
  'statement.rejected': { statement: string; version: number; sha256: string; reason: string };
  'statement.released': {
    statement: string;
    version: number;
    sha256: string;
    channels: string[];
    facts: Record<string, FactValue>;
  };
  /** A press conference's start was set, or moved (then with a reason and the start it replaced). */
  'press.scheduled': {
    action: string;
    start: Timestamp;
    place?: string;
    reason?: string;
    from?: Timestamp;
  };
  'press.cancelled': { action: string; reason: string; from: Timestamp };
  /** A promise made in public, tracked as a deadline; numbered from 1 in the incident. */
  'commitment.made': {
    commitment: number;
    text: string;
    due: Timestamp;
    /** Role that must keep it. */
    owner: string;
    /** Role of the official who said it. */
    said_by: string;
    /** The press conference where it was said, if any. */
    press?: string;
  };
  'commitment.kept': { commitment: number; note?: string };
  'commitment.broken': { commitment: number; reason: string };
  /**
   * A briefing packet for the governing body: regenerated from the log's first `through_seq + 1`
   * entries at `as_of`, so the words sent can be shown again; `sha256` is its Markdown's digest.
   */
  'board.briefed': {
    packet: number;
    to: string[];
    as_of: Timestamp;
    through_seq: number;
    sha256: string;
    /** The packet this one shows changes since. */
    since?: number;
  };
  /** A member of the governing body acknowledged a packet (the actor is the member). */
  'board.acknowledged': { packet: number };
  'log.repaired': {
    offset: number;
    length: number;
    sha256: string;
    /** File name of the quarantine file beside the log. */
    quarantine: string;
  };
}

export type EventType = keyof EventData;

export interface IncidentEvent<T extends EventType = EventType> {
  type: T;
  data: EventData[T];
  /** When the recorder says it happened, if not when it was recorded. */
  stated_at?: Timestamp;
}

/** An event as read back from the log, with the entry fields the fold needs. */
export type RecordedEvent = {
  [T in EventType]: {
    seq: number;
    /** When it was written. */
    at: Timestamp;
    stated_at?: Timestamp;
    actor: Actor;
    type: T;
    data: EventData[T];
  };
}[EventType];

/** When the event counts as having happened: the stated time if backfilled, else when written. */
export function effectiveTime(e: { at: Timestamp; stated_at?: Timestamp }): Timestamp {
  return e.stated_at ?? e.at;
}
