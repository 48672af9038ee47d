/**
 * The incident state: everything the log says about one incident, as a fold over its entries
 * (`fold.ts`). Nothing else stores state; status, the guided walk-through, reports and calendars
 * are projections of this value.
 *
 * Maps keyed by ids that come from data (fact ids, action ids, statement ids) are created with a
 * null prototype, so an id such as `__proto__` or `constructor` is just a key.
 */
import type { FactValue, Timestamp } from '../playbook/model.js';
import type { PressState } from '../press/state.js';
import type { StatementsState } from '../statements/state.js';
import type { Actor } from './events.js';

export interface TierChange {
  tier: string;
  from?: string;
  reason: string;
  method: 'questions' | 'manual';
  /** Effective time: this becomes the `tier_set` anchor while it is the current tier. */
  at: Timestamp;
  by: Actor;
  seq: number;
}

/**
 * The anchors that can move during an incident, as they stood when an occurrence was recorded.
 * A done item keeps the deadline it had: a later escalation (new `tier_set`) or a second closing
 * must not turn an on-time completion into a late one.
 */
export interface AnchorSnapshot {
  tier_set_at?: Timestamp;
  closed_at?: Timestamp;
}

export interface Completion {
  /** When it was written. */
  at: Timestamp;
  /** When the recorder says it was done (backfilled), if different. */
  stated_at?: Timestamp;
  by: Actor;
  note?: string;
  /** A duty owned outside the city: what the agency's completion was reported from. */
  source?: string;
  seq: number;
  anchors: AnchorSnapshot;
}

export interface Skip {
  reason: string;
  by: Actor;
  at: Timestamp;
  seq: number;
  anchors: AnchorSnapshot;
}

export interface ExtensionRecord {
  /** The new deadline. */
  due: Timestamp;
  /** The deadline it replaced. */
  from: Timestamp;
  reason: string;
  basis?: { requested_by?: string; written?: boolean };
  by: Actor;
  at: Timestamp;
  seq: number;
}

/** An approval of one occurrence of an action that is not a statement. */
export interface DutyApproval {
  /** The role of whoever approved (a deputy's own role: approvals.ts says whom it stands for). */
  role: string;
  by: Actor;
  at: Timestamp;
  seq: number;
}

/** A span in which an occurrence's deadline clock stood still. */
export interface PauseRecord {
  /** Effective time it began. */
  from: Timestamp;
  /** Effective time it ended; absent while it stands. */
  to?: Timestamp;
  reason: string;
  basis?: { written?: boolean };
  by: Actor;
  seq: number;
  /** Each later `clock.paused` while it stood: the determination reassessed and still standing. */
  reassessments: { at: Timestamp; reason: string; basis?: { written?: boolean }; by: Actor; seq: number }[];
  /** Why it ended, if said. */
  resumed_reason?: string;
}

/** What has been recorded about one occurrence of one action. */
export interface OccurrenceRecord {
  completed?: Completion;
  /** Absent until someone approves it. */
  approvals?: DutyApproval[];
  /** Absent until its clock is first paused. */
  pauses?: PauseRecord[];
  skipped?: Skip;
  extensions: ExtensionRecord[];
}

/** A request the playbook owes duties for (`cic request add`). */
export interface RequestRecord {
  kind: string;
  /** From 1 within its kind: the occurrence number of the items owed for it. */
  number: number;
  received_at: Timestamp;
  from: string;
  note?: string;
  by: Actor;
  /** When it was written. */
  at: Timestamp;
  seq: number;
}

/** Per action id, per occurrence number. */
export type ActionRecords = Record<string, Record<number, OccurrenceRecord>>;

export type LifecycleEntry =
  | {
      type: 'closed';
      at: Timestamp;
      by: Actor;
      reason?: string;
      forced: boolean;
      left_open: { action: string; occurrence: number }[];
      seq: number;
    }
  | { type: 'reopened'; at: Timestamp; by: Actor; reason: string; seq: number };

export interface RepairRecord {
  offset: number;
  length: number;
  sha256: string;
  quarantine: string;
  at: Timestamp;
  by: Actor;
  seq: number;
}

export interface IncidentState {
  id: string;
  /** False until `incident.opened` has been folded; the text fields below are '' until then. */
  opened: boolean;
  title: string;
  /** data.occurred_at of incident.opened: the `occurred` anchor. */
  occurred_at: Timestamp;
  /** Effective time of incident.opened: the `declared` anchor. */
  declared_at: Timestamp;
  opened_by?: Actor;
  playbook?: { id: string; version: string; sha256: string };
  /**
   * Current value of each fact (the latest recorded). Earlier values stay in the log alone (its
   * `fact.recorded` entries: `cic log`, the report's activity): a state holding every one would
   * grow with the log, as notes would (see `notes`).
   */
  facts: Record<string, FactValue>;
  tier?: string;
  /** Effective time of the classification that set the current tier: the `tier_set` anchor. */
  tier_set_at?: Timestamp;
  tier_history: TierChange[];
  status: 'open' | 'closed';
  /** Effective time of the latest closing, while closed: the `closed` anchor. */
  closed_at?: Timestamp;
  lifecycle: LifecycleEntry[];
  actions: ActionRecords;
  /** Requests received, per kind, in the order recorded (number 1 first). */
  requests: Record<string, RequestRecord[]>;
  /**
   * How many notes were recorded. Their texts stay in the log alone: every view that shows them
   * reads the entries, and a state holding each one would grow with the log (a long incident is
   * mostly notes), which the state kept beside the log (src/io/log/state-file.ts) must not.
   */
  notes: number;
  statements: StatementsState;
  /** Press conferences' schedules, public commitments, the governing body's packets. */
  press: PressState;
  repairs: RepairRecord[];
  /** seq of the last folded entry, -1 before any. */
  last_seq: number;
}

/** A map safe for ids that come from data. */
export function idMap<V>(): Record<string, V> {
  return Object.create(null) as Record<string, V>;
}

/** The record of one occurrence, if anything was recorded about it. */
export function occurrenceRecord(
  state: IncidentState,
  action: string,
  occurrence: number,
): OccurrenceRecord | undefined {
  const byOccurrence = state.actions[action];
  return byOccurrence === undefined ? undefined : byOccurrence[occurrence];
}

/** A request by kind and number, if recorded. */
export function requestRecord(state: IncidentState, kind: string, number: number): RequestRecord | undefined {
  return state.requests[kind]?.find((r) => r.number === number);
}

/** Closed intervals of the incident's life: [closed, reopened) pairs; the last may be open-ended. */
export function closedPeriods(state: IncidentState): { from: Timestamp; to?: Timestamp }[] {
  const periods: { from: Timestamp; to?: Timestamp }[] = [];
  for (const entry of state.lifecycle) {
    if (entry.type === 'closed') periods.push({ from: entry.at });
    else {
      const last = periods[periods.length - 1];
      if (last !== undefined && last.to === undefined) last.to = entry.at;
    }
  }
  return periods;
}
