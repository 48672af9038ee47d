/**
 * What the deadline anchors stand for in an incident (brief "Shared conventions"): `occurred`,
 * `declared`, `tier_set` (the classification that set the current tier), `closed` (the latest
 * closing, while closed), `received` (the receipt of the request an item is owed for) and
 * `{action: X}` (when X's first occurrence was resolved: done, or skipped, so that nothing waits
 * forever on a step that will not happen), `{fact: F}` (the time a date-time fact holds, e.g. a
 * meeting's start, while it is recorded) and `{scheduled: X}` (the start press conference X is
 * scheduled for, as moved; none while unscheduled or cancelled).
 */
import type { Anchor, Fact, Playbook, TimeRule } from '../playbook/model.js';
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
  /**
   * For an item owed per request: the request (its `received` anchor), and the same request's
   * items of other actions of its kind stand for `{action: X}`.
   */
  request?: { kind: string; number: number; received_at: number };
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
  const at = ruleTime(rule, state, playbook, CURRENT).at;
  return at === undefined ? RELEASE_PENDING : new Date(at);
}

export function anchorAt(anchor: Anchor, state: IncidentState, view: View, playbook?: Playbook): number | undefined {
  if (!state.opened) return undefined;
  if (typeof anchor === 'object') {
    // A press conference's start as it stood then: a step done before a move keeps its deadline.
    if ('scheduled' in anchor) return scheduledStart(state.press, anchor.scheduled, view.beforeSeq);
    if ('fact' in anchor) return factTime(state, anchor.fact);
    return resolvedAt(state, anchor.action, view.beforeSeq, sameRequest(anchor.action, view, playbook));
  }
  switch (anchor) {
    case 'received':
      return view.request?.received_at;
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

/** The time a date-time fact holds (stored as UTC ISO text), or undefined while it is not recorded. */
function factTime(state: IncidentState, fact: string): number | undefined {
  const value = state.facts[fact];
  if (typeof value !== 'string') return undefined;
  const t = Date.parse(value);
  return Number.isNaN(t) ? undefined : t;
}

/** What an unresolved anchor waits for, as `waiting_on` names it: an action id, a fact id, 'closed'. */
export function anchorName(anchor: Anchor): string {
  if (typeof anchor !== 'object') return anchor;
  if ('fact' in anchor) return anchor.fact;
  return 'scheduled' in anchor ? anchor.scheduled : anchor.action;
}

/** The time a rule gives, the anchor it counted from (a plain after-rule), and what it waits for. */
export interface RuleTime {
  at: number | undefined;
  /** The anchor of a plain `after` rule (recurrences are computed from it); else undefined. */
  anchor: number | undefined;
  pending: string[];
}

/**
 * The time a playbook rule gives in this incident: its anchor (after or before it) and its
 * amount, by the current tier when the rule has `by_tier`; earliest_of is the earliest rule whose
 * anchor has happened (one still pending could only make it earlier, and a duty never waits for
 * an event that may not come), latest_of the latest once every anchor has happened.
 */
export function ruleTime(rule: TimeRule, state: IncidentState, playbook: Playbook, view: View): RuleTime {
  const list = rule.earliest_of ?? rule.latest_of;
  if (list !== undefined) {
    const parts = list.map((r) => ruleTime(r, state, playbook, view));
    const known = parts.filter((p) => p.at !== undefined).map((p) => p.at!);
    const pending = parts.flatMap((p) => p.pending);
    if (rule.earliest_of !== undefined)
      return known.length
        ? { at: Math.min(...known), anchor: undefined, pending: [] }
        : { at: undefined, anchor: undefined, pending };
    return pending.length
      ? { at: undefined, anchor: undefined, pending }
      : { at: Math.max(...known), anchor: undefined, pending: [] };
  }
  const anchor = rule.after ?? rule.before;
  if (anchor === undefined) return { at: undefined, anchor: undefined, pending: [] };
  const t = anchorAt(anchor, state, view, playbook);
  if (t === undefined) return { at: undefined, anchor: undefined, pending: [anchorName(anchor)] };
  const tier = state.tier;
  const amount = (tier !== undefined ? rule.by_tier?.find((b) => b.tiers.includes(tier)) : undefined) ?? rule;
  const direction = rule.before !== undefined ? -1 : 1;
  const at = applyTimeRule(new Date(t), amount, playbook.time_zone, playbook.calendar, direction).getTime();
  const plain = direction === 1 && amount === rule && rule.within !== undefined;
  return { at, anchor: plain ? t : undefined, pending: [] };
}

/** The occurrence of `action` that stands for this item's request: the same number, same kind. */
export function sameRequest(action: string, view: View, playbook: Playbook | undefined): number {
  const kind = playbook?.actions.find((a) => a.id === action)?.per_request;
  return view.request !== undefined && kind === view.request.kind ? view.request.number : 0;
}

/**
 * When an action's first occurrence (or, for an action owed per request, the given request's
 * item) was resolved (done, else skipped), if written before `beforeSeq`.
 */
export function resolvedAt(
  state: IncidentState,
  action: string,
  beforeSeq: number,
  occurrence = 0,
): number | undefined {
  const r = state.actions[action]?.[occurrence];
  if (r?.completed && r.completed.seq < beforeSeq) return Date.parse(r.completed.stated_at ?? r.completed.at);
  if (r?.skipped && r.skipped.seq < beforeSeq) return Date.parse(r.skipped.at);
  return undefined;
}
