/**
 * What the deadline anchors stand for in an incident (brief "Shared conventions"): `occurred`,
 * `declared`, `tier_set` (the classification that set the current tier), `closed` (the latest
 * closing, while closed) and `{action: X}` (when X's first occurrence was resolved: done, or
 * skipped, so that nothing waits forever on a step that will not happen), and `{scheduled: X}`
 * (the start press conference X is scheduled for, as moved; none while unscheduled or cancelled).
 */
import { anchorOf, type Anchor, type Fact, type Playbook } from '../playbook/model.js';
import { scheduledStart } from '../press/state.js';
import { applyTimeRule } from '../time/deadlines.js';
import type { AnchorSnapshot, IncidentState } from './state.js';

/**
 * Which moment to read the anchors at: now, or as they stood when an occurrence was recorded
 * (its snapshot of the moving anchors, and only resolutions written before its seq).
 */
export interface View {
  snap?: AnchorSnapshot;
  beforeSeq: number;
}

export const CURRENT: View = { beforeSeq: Number.POSITIVE_INFINITY };

/** The time an anchor stands for now, or undefined if it has not happened. */
export function anchorTime(anchor: Anchor, state: IncidentState): Date | undefined {
  const ms = anchorAt(anchor, state, CURRENT);
  return ms === undefined ? undefined : new Date(ms);
}

/** A release time for a sensitive fact whose anchor has not happened yet: not before anything. */
export const RELEASE_PENDING = new Date(8_640_000_000_000_000);

/**
 * When a sensitive fact may first appear in a released statement. Undefined: the fact is not
 * sensitive. RELEASE_PENDING: its anchor has not happened yet, so it may not be released at all.
 */
export function sensitiveReleaseTime(fact: Fact, state: IncidentState, playbook: Playbook): Date | undefined {
  const rule = fact.sensitive?.not_before;
  if (rule === undefined) return undefined;
  const anchor = anchorTime(anchorOf(rule), state);
  if (anchor === undefined) return RELEASE_PENDING;
  return applyTimeRule(anchor, rule, playbook.time_zone, playbook.calendar);
}

export function anchorAt(anchor: Anchor, state: IncidentState, view: View): number | undefined {
  if (!state.opened) return undefined;
  if (typeof anchor === 'object') {
    // A press conference's start as it stood then: a step done before a move keeps its deadline.
    if ('scheduled' in anchor) return scheduledStart(state.press, anchor.scheduled, view.beforeSeq);
    return resolvedAt(state, anchor.action, view.beforeSeq);
  }
  switch (anchor) {
    case 'occurred':
      return Date.parse(state.occurred_at);
    case 'declared':
      return Date.parse(state.declared_at);
    case 'tier_set': {
      const t = view.snap ? view.snap.tier_set_at : state.tier_set_at;
      return t === undefined ? undefined : Date.parse(t);
    }
    case 'closed': {
      const t = view.snap ? view.snap.closed_at : state.status === 'closed' ? state.closed_at : undefined;
      return t === undefined ? undefined : Date.parse(t);
    }
  }
}

/** When an action's first occurrence was resolved (done, else skipped), if written before `beforeSeq`. */
export function resolvedAt(state: IncidentState, action: string, beforeSeq: number): number | undefined {
  const r = state.actions[action]?.[0];
  if (r?.completed && r.completed.seq < beforeSeq) return Date.parse(r.completed.stated_at ?? r.completed.at);
  if (r?.skipped && r.skipped.seq < beforeSeq) return Date.parse(r.skipped.at);
  return undefined;
}
