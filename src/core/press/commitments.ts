/**
 * Promises made in public, as deadlines: each commitment's state at a time. A city is judged on
 * these, so an unkept promise past its time is "overdue" on the board and "not kept" in the
 * report, never quietly open. Pure.
 */
import type { IncidentState } from '../incident/state.js';
import type { Commitment } from './state.js';

export type CommitmentState = 'upcoming' | 'overdue' | 'kept' | 'late' | 'broken';

export interface CommitmentItem {
  commitment: Commitment;
  due: Date;
  state: CommitmentState;
  /** kept late: kept − due; overdue: now − due. */
  late_by_ms: number | undefined;
  /** When it was kept or recorded as not to be kept. */
  resolved_at: Date | undefined;
}

export function commitmentItems(state: IncidentState, now: Date): CommitmentItem[] {
  return state.press.commitments.map((c) => commitmentItem(c, now));
}

export function commitmentItem(c: Commitment, now: Date): CommitmentItem {
  const due = new Date(c.due);
  if (c.kept) {
    const at = new Date(c.kept.at);
    const late = at.getTime() - due.getTime();
    return {
      commitment: c,
      due,
      state: late > 0 ? 'late' : 'kept',
      late_by_ms: late > 0 ? late : undefined,
      resolved_at: at,
    };
  }
  if (c.broken)
    return { commitment: c, due, state: 'broken', late_by_ms: undefined, resolved_at: new Date(c.broken.at) };
  if (now.getTime() > due.getTime())
    return { commitment: c, due, state: 'overdue', late_by_ms: now.getTime() - due.getTime(), resolved_at: undefined };
  return { commitment: c, due, state: 'upcoming', late_by_ms: undefined, resolved_at: undefined };
}

/** The words each state is shown with, the same in status, report, packet and sheet. */
export const COMMITMENT_WORDS: Record<CommitmentState, string> = {
  upcoming: 'to keep',
  overdue: 'overdue (not kept)',
  kept: 'kept',
  late: 'kept late',
  broken: 'broken',
};

/** Kept on time / every commitment that came due or was resolved. */
export function keptCount(items: readonly CommitmentItem[]): { kept: number; counted: number } {
  const counted = items.filter((i) => i.state !== 'upcoming');
  return { kept: counted.filter((i) => i.state === 'kept').length, counted: counted.length };
}
