/**
 * The press slice of the incident state: when each press conference is scheduled (every move and
 * cancellation kept, in log order), the promises officials made in public, and the briefing
 * packets sent to the governing body with each member's acknowledgement. Folded from `press.*`,
 * `commitment.*` and `board.*` events; the incident fold (`incident/fold.ts`) delegates them here.
 */
import type { Timestamp } from '../playbook/model.js';
import { effectiveTime, type Actor, type RecordedEvent } from '../incident/events.js';

/** One change to a press conference's start: set, moved or cancelled. */
export interface ScheduleChange {
  kind: 'scheduled' | 'moved' | 'cancelled';
  /** The start it has after this change; undefined once cancelled. */
  start: Timestamp | undefined;
  place: string | undefined;
  /** The start it had before (moved, cancelled). */
  from: Timestamp | undefined;
  reason: string | undefined;
  by: Actor;
  at: Timestamp;
  seq: number;
}

export interface Commitment {
  number: number;
  text: string;
  due: Timestamp;
  owner: string;
  said_by: string;
  press: string | undefined;
  made: { by: Actor; at: Timestamp; seq: number };
  kept?: { by: Actor; at: Timestamp; seq: number; note: string | undefined };
  broken?: { by: Actor; at: Timestamp; seq: number; reason: string };
}

export interface Packet {
  number: number;
  to: string[];
  as_of: Timestamp;
  through_seq: number;
  sha256: string;
  since: number | undefined;
  by: Actor;
  seq: number;
}

export interface Acknowledgement {
  packet: number;
  /** The member, as the log names them. */
  by: Actor;
  at: Timestamp;
  seq: number;
}

export interface PressState {
  /** Per press-conference action id, its schedule changes in log order. */
  schedules: Record<string, ScheduleChange[]>;
  commitments: Commitment[];
  packets: Packet[];
  acknowledgements: Acknowledgement[];
}

export function initialPress(): PressState {
  return {
    schedules: Object.create(null) as Record<string, ScheduleChange[]>,
    commitments: [],
    packets: [],
    acknowledgements: [],
  };
}

export type PressEvent = Extract<
  RecordedEvent,
  { type: `press.${string}` | `commitment.${string}` | `board.${string}` }
>;

/** Fold one event into the slice, in place (the incident fold owns the state it builds). */
export function applyPressEvent(state: PressState, e: PressEvent): void {
  const at = effectiveTime(e);
  switch (e.type) {
    case 'press.scheduled': {
      const list = changesOf(state, e.data.action);
      list.push({
        kind: e.data.from === undefined ? 'scheduled' : 'moved',
        start: e.data.start,
        place: e.data.place ?? list.at(-1)?.place,
        from: e.data.from,
        reason: e.data.reason,
        by: e.actor,
        at,
        seq: e.seq,
      });
      break;
    }
    case 'press.cancelled':
      changesOf(state, e.data.action).push({
        kind: 'cancelled',
        start: undefined,
        place: undefined,
        from: e.data.from,
        reason: e.data.reason,
        by: e.actor,
        at,
        seq: e.seq,
      });
      break;
    case 'commitment.made':
      state.commitments.push({
        number: e.data.commitment,
        text: e.data.text,
        due: e.data.due,
        owner: e.data.owner,
        said_by: e.data.said_by,
        press: e.data.press,
        made: { by: e.actor, at, seq: e.seq },
      });
      break;
    case 'commitment.kept': {
      const c = commitmentOf(state, e.data.commitment);
      if (c) c.kept = { by: e.actor, at, seq: e.seq, note: e.data.note };
      break;
    }
    case 'commitment.broken': {
      const c = commitmentOf(state, e.data.commitment);
      if (c) c.broken = { by: e.actor, at, seq: e.seq, reason: e.data.reason };
      break;
    }
    case 'board.briefed':
      state.packets.push({
        number: e.data.packet,
        to: e.data.to,
        as_of: e.data.as_of,
        through_seq: e.data.through_seq,
        sha256: e.data.sha256,
        since: e.data.since,
        by: e.actor,
        seq: e.seq,
      });
      break;
    case 'board.acknowledged':
      state.acknowledgements.push({ packet: e.data.packet, by: e.actor, at, seq: e.seq });
      break;
  }
}

function changesOf(state: PressState, action: string): ScheduleChange[] {
  if (!Object.hasOwn(state.schedules, action)) state.schedules[action] = [];
  return state.schedules[action]!;
}

export function commitmentOf(state: PressState, n: number): Commitment | undefined {
  return state.commitments.find((c) => c.number === n);
}

/** A copy whose lists can change without touching the original (records are never changed in place). */
export function copyPress(s: PressState): PressState {
  const schedules = Object.create(null) as Record<string, ScheduleChange[]>;
  for (const id of Object.keys(s.schedules)) schedules[id] = [...s.schedules[id]!];
  return {
    schedules,
    commitments: s.commitments.map((c) => ({ ...c })),
    packets: [...s.packets],
    acknowledgements: [...s.acknowledgements],
  };
}

/** The schedule change in force for an action, as it stood before log entry `beforeSeq`. */
export function scheduleAt(
  state: PressState,
  action: string,
  beforeSeq = Number.POSITIVE_INFINITY,
): ScheduleChange | undefined {
  const list = Object.hasOwn(state.schedules, action) ? state.schedules[action]! : [];
  let found: ScheduleChange | undefined;
  for (const change of list) if (change.seq < beforeSeq) found = change;
  return found;
}

/** The start a press conference has now (undefined: never scheduled, or cancelled). */
export function scheduledStart(state: PressState, action: string, beforeSeq?: number): number | undefined {
  const change = scheduleAt(state, action, beforeSeq);
  return change?.start === undefined ? undefined : Date.parse(change.start);
}

/** Members who acknowledged a packet, first acknowledgement each. */
export function acknowledgementsOf(state: PressState, packet: number): Acknowledgement[] {
  const seen = new Set<string>();
  return state.acknowledgements.filter((a) => {
    if (a.packet !== packet || seen.has(a.by.name)) return false;
    seen.add(a.by.name);
    return true;
  });
}
