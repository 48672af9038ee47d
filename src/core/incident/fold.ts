/**
 * The incident state as a fold over the log (the Decider's `evolve`). Pure: no clock, no I/O.
 *
 * `fold` owns the state it builds and updates it in place, so 100,000 entries cost one pass and no
 * copying; `evolve` copies the state first and is for applying a few events to a state someone
 * else holds (a decision's outcome, a test).
 */
import { applyPressEvent, copyPress, initialPress } from '../press/state.js';
import { applyStatementEvent, copyStatements } from '../statements/state.js';
import type { LogEntry } from '../log/envelope.js';
import { effectiveTime, type RecordedEvent } from './events.js';
import { idMap, type AnchorSnapshot, type IncidentState, type OccurrenceRecord } from './state.js';

/** What the fold accepts: events as the log store returns them, or as tests build them. */
export type FoldEntry = RecordedEvent | LogEntry;

export function initialState(incident: string): IncidentState {
  return {
    id: incident,
    opened: false,
    title: '',
    occurred_at: '',
    declared_at: '',
    facts: idMap(),
    tier_history: [],
    status: 'open',
    lifecycle: [],
    actions: idMap(),
    requests: idMap(),
    notes: 0,
    statements: idMap(),
    press: initialPress(),
    repairs: [],
    last_seq: -1,
  };
}

/** Fold the whole log. The incident id is taken from the entries when they carry it. */
export function fold(entries: readonly FoldEntry[], incident?: string): IncidentState {
  const first = entries[0] as { incident?: string } | undefined;
  const state = initialState(incident ?? first?.incident ?? '');
  for (const entry of entries) apply(state, entry as RecordedEvent);
  return state;
}

/**
 * Fold one more entry into `state`, in place: for a fold made an entry at a time as the log is
 * read (no array of every entry), or continued from a state kept beside the log. `state` must be
 * one the caller owns (from `initialState`, `fold`, or read back from a file).
 */
export function foldInto(state: IncidentState, entry: FoldEntry): IncidentState {
  apply(state, entry as RecordedEvent);
  return state;
}

/** One more event, on a copy: the given state is not changed. */
export function evolve(state: IncidentState, entry: FoldEntry): IncidentState {
  const next = copyState(state);
  apply(next, entry as RecordedEvent);
  return next;
}

type Handlers = { [T in RecordedEvent['type']]: (s: IncidentState, e: Extract<RecordedEvent, { type: T }>) => void };

// Behaviour per event type lives in this table; a type without a handler (a newer cic's event)
// only advances last_seq.
const handlers: Handlers = {
  'incident.opened'(s, e) {
    s.opened = true;
    s.title = e.data.title;
    s.occurred_at = e.data.occurred_at;
    s.declared_at = effectiveTime(e);
    s.opened_by = e.actor;
    s.playbook = { id: e.data.playbook.id, version: e.data.playbook.version, sha256: e.data.playbook.sha256 };
  },
  'fact.recorded'(s, e) {
    const { fact, value } = e.data;
    s.facts[fact] = value;
  },
  'incident.classified'(s, e) {
    const at = effectiveTime(e);
    s.tier = e.data.tier;
    s.tier_set_at = at;
    s.tier_history.push({
      tier: e.data.tier,
      ...(e.data.from === undefined ? {} : { from: e.data.from }),
      reason: e.data.reason,
      method: e.data.method,
      at,
      by: e.actor,
      seq: e.seq,
    });
  },
  'action.completed'(s, e) {
    const record = occurrence(s, e.data.action, e.data.occurrence);
    record.completed = {
      at: e.at,
      ...(e.stated_at === undefined ? {} : { stated_at: e.stated_at }),
      by: e.actor,
      ...(e.data.note === undefined ? {} : { note: e.data.note }),
      ...(e.data.source === undefined ? {} : { source: e.data.source }),
      seq: e.seq,
      anchors: snapshot(s),
    };
  },
  'action.approved'(s, e) {
    const record = occurrence(s, e.data.action, e.data.occurrence);
    (record.approvals ??= []).push({ role: e.actor.role, by: e.actor, at: effectiveTime(e), seq: e.seq });
  },
  'clock.paused'(s, e) {
    const pauses = (occurrence(s, e.data.action, e.data.occurrence).pauses ??= []);
    const last = pauses[pauses.length - 1];
    const basis = e.data.basis === undefined ? {} : { basis: e.data.basis };
    const at = effectiveTime(e);
    if (last !== undefined && last.to === undefined)
      last.reassessments.push({ at, reason: e.data.reason, ...basis, by: e.actor, seq: e.seq });
    else pauses.push({ from: at, reason: e.data.reason, ...basis, by: e.actor, seq: e.seq, reassessments: [] });
  },
  'clock.resumed'(s, e) {
    const last = occurrence(s, e.data.action, e.data.occurrence).pauses?.at(-1);
    if (last === undefined || last.to !== undefined) return;
    last.to = effectiveTime(e);
    if (e.data.reason !== undefined) last.resumed_reason = e.data.reason;
  },
  'action.skipped'(s, e) {
    const record = occurrence(s, e.data.action, e.data.occurrence);
    record.skipped = { reason: e.data.reason, by: e.actor, at: effectiveTime(e), seq: e.seq, anchors: snapshot(s) };
  },
  'deadline.extended'(s, e) {
    const record = occurrence(s, e.data.action, e.data.occurrence);
    record.extensions.push({
      due: e.data.due,
      from: e.data.from,
      reason: e.data.reason,
      ...(e.data.basis === undefined ? {} : { basis: e.data.basis }),
      by: e.actor,
      at: effectiveTime(e),
      seq: e.seq,
    });
  },
  // Only counted: `cic verify` checks a kept state's count without parsing each note
  // (src/io/log/state-check.ts); a note that changes the state more needs that check changed too.
  note(s) {
    s.notes++;
  },
  'request.received'(s, e) {
    const list = s.requests[e.data.kind] ?? (s.requests[e.data.kind] = []);
    list.push({
      kind: e.data.kind,
      number: e.data.request,
      received_at: e.data.received_at,
      from: e.data.from,
      ...(e.data.note === undefined ? {} : { note: e.data.note }),
      by: e.actor,
      at: e.at,
      seq: e.seq,
    });
  },
  'incident.closed'(s, e) {
    const at = effectiveTime(e);
    s.status = 'closed';
    s.closed_at = at;
    s.lifecycle.push({
      type: 'closed',
      at,
      by: e.actor,
      ...(e.data.reason === undefined ? {} : { reason: e.data.reason }),
      forced: e.data.forced,
      left_open: e.data.left_open,
      seq: e.seq,
    });
  },
  'incident.reopened'(s, e) {
    s.status = 'open';
    delete s.closed_at;
    s.lifecycle.push({ type: 'reopened', at: effectiveTime(e), by: e.actor, reason: e.data.reason, seq: e.seq });
  },
  'statement.drafted'(s, e) {
    applyStatementEvent(s.statements, e);
  },
  'statement.approved'(s, e) {
    applyStatementEvent(s.statements, e);
  },
  'statement.rejected'(s, e) {
    applyStatementEvent(s.statements, e);
  },
  'statement.released'(s, e) {
    applyStatementEvent(s.statements, e);
  },
  'press.scheduled'(s, e) {
    applyPressEvent(s.press, e);
  },
  'press.cancelled'(s, e) {
    applyPressEvent(s.press, e);
  },
  'commitment.made'(s, e) {
    applyPressEvent(s.press, e);
  },
  'commitment.kept'(s, e) {
    applyPressEvent(s.press, e);
  },
  'commitment.broken'(s, e) {
    applyPressEvent(s.press, e);
  },
  'board.briefed'(s, e) {
    applyPressEvent(s.press, e);
  },
  'board.acknowledged'(s, e) {
    applyPressEvent(s.press, e);
  },
  'log.repaired'(s, e) {
    s.repairs.push({ ...e.data, at: e.at, by: e.actor, seq: e.seq });
  },
};

function apply(state: IncidentState, entry: RecordedEvent): void {
  const handler = Object.hasOwn(handlers, entry.type)
    ? (handlers[entry.type] as (s: IncidentState, e: RecordedEvent) => void)
    : undefined;
  handler?.(state, entry);
  state.last_seq = entry.seq;
}

function occurrence(state: IncidentState, action: string, k: number): OccurrenceRecord {
  const byOccurrence = state.actions[action] ?? (state.actions[action] = idMap());
  return byOccurrence[k] ?? (byOccurrence[k] = { extensions: [] });
}

function snapshot(state: IncidentState): AnchorSnapshot {
  return {
    ...(state.tier_set_at === undefined ? {} : { tier_set_at: state.tier_set_at }),
    ...(state.closed_at === undefined ? {} : { closed_at: state.closed_at }),
  };
}

/** Copy every part `apply` may change; recorded values themselves are never changed in place. */
function copyState(s: IncidentState): IncidentState {
  const actions = idMap<Record<number, OccurrenceRecord>>();
  for (const id of Object.keys(s.actions)) {
    const copy = idMap<OccurrenceRecord>() as Record<number, OccurrenceRecord>;
    const source = s.actions[id]!;
    for (const k of Object.keys(source)) {
      const r = source[Number(k)]!;
      copy[Number(k)] = {
        ...r,
        extensions: [...r.extensions],
        ...(r.approvals === undefined ? {} : { approvals: [...r.approvals] }),
        ...(r.pauses === undefined
          ? {}
          : { pauses: r.pauses.map((p) => ({ ...p, reassessments: [...p.reassessments] })) }),
      };
    }
    actions[id] = copy;
  }
  const statements = copyStatements(s.statements);
  return {
    ...s,
    facts: Object.assign(idMap(), s.facts),
    tier_history: [...s.tier_history],
    lifecycle: [...s.lifecycle],
    actions,
    requests: copyRequests(s.requests),
    statements,
    press: copyPress(s.press),
    repairs: [...s.repairs],
  };
}

function copyRequests(requests: IncidentState['requests']): IncidentState['requests'] {
  const copy = idMap<IncidentState['requests'][string]>();
  for (const kind of Object.keys(requests)) copy[kind] = [...requests[kind]!];
  return copy;
}
