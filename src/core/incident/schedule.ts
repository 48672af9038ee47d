/**
 * The checklist: every applicable action's occurrences with their deadlines and states, at a
 * given `now`. A projection of the incident state and the frozen playbook; pure.
 *
 * Deadline rules (docs/playbook-authoring.md#deadlines):
 * - the due time is the action's time rule applied to its anchor; an anchor that has not happened
 *   yet (another action not done, the incident not closed) leaves the item without a due;
 * - `depends_on` is ordering, never timing: it does not change when an item is due (a legal
 *   deadline stands while a dependency is late). Until every dependency is resolved (done or
 *   skipped) the item is `waiting` on it, with its due; past its due it is `overdue` and still
 *   names what it waits on;
 * - an extension moves `due`; `original_due` keeps the deadline the rule gave;
 * - a recorded (done/skipped) occurrence keeps the deadline it had when it was recorded, so a
 *   later escalation re-anchoring `tier_set` never turns an on-time completion late;
 * - a recurring action's occurrence k is due at anchor + (within + k·every), computed from the
 *   anchor in one step so a clamped month end or a spring-forward gap moves only the occurrence
 *   that falls on it; occurrences are generated up to now plus the next one, never past the
 *   closing, and not inside a closed-then-reopened period. When its anchor moves (re-tiering a
 *   tier_set-anchored series) the series restarts from the new start, numbered after the last
 *   recorded occurrence.
 */
import { actionApplies } from '../playbook/conditions.js';
import { anchorOf, type Action, type ActionKind, type Playbook } from '../playbook/model.js';
import { scheduleAt } from '../press/state.js';
import { addDuration, occurrenceDue, recurrenceDue } from '../time/deadlines.js';
import { CURRENT, resolvedAt, ruleTime, sameRequest, type View } from './anchors.js';
import { parseDuration, type Duration } from '../time/duration.js';
import type { Actor } from './events.js';
import { nameState, type StateName } from './item-state.js';
import { mayBePromised, promisedUpdates, type OccurrencePromise, type PromisedUpdates } from './promises.js';

export { anchorTime, RELEASE_PENDING, sensitiveReleaseTime } from './anchors.js';
import {
  closedPeriods,
  type AnchorSnapshot,
  type ExtensionRecord,
  type IncidentState,
  type OccurrenceRecord,
  type PauseRecord,
} from './state.js';

export type ItemState = 'upcoming' | 'overdue' | 'done' | 'late' | 'skipped' | 'waiting';

export interface ScheduleItem {
  action: string;
  /** 0-based; always 0 for an action that does not repeat. */
  occurrence: number;
  title: string;
  kind: ActionKind;
  owner: string;
  approvers: string[];
  /** How many of `approvers` must approve (all of them unless the playbook says fewer). */
  approvals_needed: number;
  notify: string[];
  /** The deadline in force (after extensions); undefined while waiting. */
  due: Date | undefined;
  /** The deadline the playbook's rule gave, before any extension. */
  original_due: Date | undefined;
  /** The playbook's goal (`target`), sooner than the deadline; shown, never counted late. */
  target: Date | undefined;
  state: ItemState;
  /** Where it stands in the shared vocabulary (item-state.ts): what every view shows. */
  named: StateName;
  /** Effective completion time (stated_at ?? written). */
  completed_at: Date | undefined;
  completed_by: Actor | undefined;
  /** When the completion was written; differs from completed_at when backfilled. */
  recorded_at: Date | undefined;
  note: string | undefined;
  skipped_at: Date | undefined;
  skipped_by: Actor | undefined;
  /** late: completion − due; overdue: now − due; otherwise undefined. */
  late_by_ms: number | undefined;
  /** The skip reason, or the latest extension's reason. */
  reason: string | undefined;
  extensions: ExtensionRecord[];
  /** Every pause of its clock, oldest first (`cic pause`); empty when never paused. */
  pauses: PauseRecord[];
  /** The pause standing now, if its clock is stopped: then `due` is undefined (unless past a cap). */
  pause: PauseView | undefined;
  /**
   * Action ids (or 'closed') this item waits for: a pending anchor (no due yet) or unresolved
   * `depends_on` (due stands; the item may then be overdue while it waits).
   */
  waiting_on: string[];
  required: boolean;
  /** False for an item kept only because it was recorded before a re-tiering made it not apply. */
  applicable: boolean;
  recurring: boolean;
  /** Owned by an agency outside the city: shown, counted apart from the city's own compliance. */
  outside: boolean;
  /** For an outside duty recorded done: what the agency's completion was reported from. */
  source: string | undefined;
  /** For an action owed per request: the request this item answers (its number is `occurrence`). */
  request: ItemRequest | undefined;
  /** A public update the city promised (promises.ts): its deadline is (or includes) that time. */
  promise?: OccurrencePromise;
}

export interface ItemRequest {
  kind: string;
  number: number;
  from: string;
  received_at: string;
  note?: string;
}

export interface PauseView {
  since: Date;
  /** The standing reason: the latest reassessment's, or the pause's own. */
  reason: string;
  /** When the next reassessment is due (`pausable.reassess_every`). */
  reassess_by: Date | undefined;
  /** How many reassessments were recorded while it stood. */
  reassessments: number;
}

// A runaway recurrence (PT1M over months) must not hang `status`.
const MAX_OCCURRENCES = 10_000;

interface Ctx {
  state: IncidentState;
  playbook: Playbook;
  now: number;
  zone: string;
  periods: { from: number; to: number }[];
  closedAt: number | undefined;
  /** The promised updates (promises.ts), worked out on first use. */
  promises: () => PromisedUpdates;
}

export function schedule(
  state: IncidentState,
  playbook: Playbook,
  now: Date,
  only?: string | ReadonlySet<string>,
): ScheduleItem[] {
  if (!state.opened) return [];
  const ctx: Ctx = {
    state,
    playbook,
    now: now.getTime(),
    zone: playbook.time_zone,
    periods: closedPeriods(state)
      .filter((p) => p.to !== undefined)
      .map((p) => ({ from: Date.parse(p.from), to: Date.parse(p.to!) })),
    closedAt: state.status === 'closed' && state.closed_at !== undefined ? Date.parse(state.closed_at) : undefined,
    promises: once(() => promisedUpdates(state, playbook)),
  };
  const order = new Map(playbook.actions.map((a, i) => [a.id, i]));
  // `only`: the items of one action (or of a set), as the whole schedule has them (each action's
  // items are worked out from the state alone), for a command about that action: a long
  // incident's recurring items of other actions cost it nothing.
  const wanted = typeof only === 'string' ? new Set([only]) : only;
  const actions = wanted === undefined ? playbook.actions : playbook.actions.filter((a) => wanted.has(a.id));
  const items = actions.flatMap((action) =>
    action.per_request === undefined
      ? cancelledSteps(missedWindows(itemsFor(action, ctx), ctx), action, ctx)
      : requestItems(action, ctx),
  );
  return items.sort((a, b) => compareItems(a, b, order));
}

export interface ScheduleSummary {
  overdue: number;
  /** Upcoming items due within the next hour. */
  dueSoon: number;
  /** The upcoming item due soonest. */
  nextDue: ScheduleItem | undefined;
}

export const DUE_SOON_MS = 60 * 60 * 1000;

export function summary(items: readonly ScheduleItem[], now: Date): ScheduleSummary {
  let overdue = 0;
  let dueSoon = 0;
  let nextDue: ScheduleItem | undefined;
  for (const item of items) {
    if (item.state === 'overdue') overdue++;
    if (item.state !== 'upcoming' || item.due === undefined) continue;
    if (item.due.getTime() - now.getTime() <= DUE_SOON_MS) dueSoon++;
    if (nextDue === undefined || item.due < nextDue.due!) nextDue = item;
  }
  return { overdue, dueSoon, nextDue };
}

/** Items still to do: not done, late or skipped. */
export function isOpen(item: ScheduleItem): boolean {
  return item.state === 'upcoming' || item.state === 'overdue' || item.state === 'waiting';
}

interface Base {
  /** The first occurrence's deadline, once the anchor has happened. */
  start: number | undefined;
  /** The anchor's time (for recurrences computed from it). */
  anchor: number | undefined;
  /** What the deadline waits for: an anchor action not yet resolved, or 'closed'. */
  pending: string[];
  /** Unresolved `depends_on` actions: the item cannot be done yet, but its deadline stands. */
  blockers: string[];
}

function baseFor(action: Action, ctx: Ctx, view: View): Base {
  const { state, playbook } = ctx;
  const blockers = (action.depends_on ?? []).filter(
    (dep) =>
      resolvedAt(state, dep, view.beforeSeq, sameRequest(dep, view, playbook)) === undefined &&
      dependencyCounts(dep, ctx),
  );
  const rule = ruleTime(action.due, state, playbook, view);
  return { start: rule.at, anchor: rule.anchor, pending: rule.pending, blockers };
}

// A dependency the current tier does not include (and nobody recorded) would never resolve; it
// does not hold the item back.
function dependencyCounts(dep: string, ctx: Ctx): boolean {
  const action = ctx.playbook.actions.find((a) => a.id === dep);
  if (action === undefined) return false;
  return applies(action, ctx.state) || ctx.state.actions[dep] !== undefined;
}

function applies(action: Action, state: IncidentState): boolean {
  return state.tier !== undefined && actionApplies(action, { facts: state.facts, tier: state.tier });
}

/** Whether the action applied at the tier the incident had when entry `seq` was written. */
function appliedAt(action: Action, state: IncidentState, seq: number): boolean {
  const tier = state.tier_history.findLast((t) => t.seq < seq)?.tier;
  return tier !== undefined && actionApplies(action, { facts: state.facts, tier });
}

function everyOf(action: Action): Duration | undefined {
  if (action.repeat === undefined) return undefined;
  const d = parseDuration(action.repeat.every);
  if (d === undefined || Object.values(d).every((n) => n === 0)) return undefined;
  return d;
}

interface Epoch {
  start: number | undefined;
  anchor: number | undefined;
  index: number;
}

function itemsFor(action: Action, ctx: Ctx): ScheduleItem[] {
  const { state } = ctx;
  const records = state.actions[action.id];
  const applicable = applies(action, state);
  const every = everyOf(action);
  const out: ScheduleItem[] = [];
  // A promised update (promises.ts): in a tier where the action applies, its occurrence is due at
  // the earlier of its own deadline and the promise; where it does not, the promise alone owes it.
  // Working them out reads every release: a command about one other action (`done`) skips it.
  const promised = mayBePromised(action.id, ctx.playbook) ? ctx.promises().get(action.id) : undefined;
  // A recorded occurrence keeps the deadline it had: the cadence counts only if it applied then.
  const item = (
    k: number,
    ruleDue: number | undefined,
    r: OccurrenceRecord | undefined,
    on: string[],
    cadence = applicable,
  ) => {
    const p = promised?.get(k);
    const due = p === undefined ? ruleDue : cadence && ruleDue !== undefined ? Math.min(ruleDue, p.due) : p.due;
    const made = makeItem(action, k, due, r, p === undefined ? on : [], applicable || p !== undefined, ctx);
    if (p !== undefined) made.promise = p;
    return made;
  };

  // Recorded occurrences, in the order they were written, each with the deadline it had then.
  const recorded = recordedOccurrences(records);
  let epoch: Epoch | undefined;
  let maxIndex = -1;
  for (const [k, r, seq, snap] of recorded) {
    const base = baseFor(action, ctx, { snap, beforeSeq: seq });
    if (epoch === undefined || epoch.start !== base.start)
      epoch = { start: base.start, anchor: base.anchor, index: epoch === undefined ? 0 : maxIndex + 1 };
    const cadence = promised?.has(k) === true && appliedAt(action, state, seq);
    out.push(item(k, dueOf(action, epoch, k, every, ctx), r, base.pending, cadence));
    maxIndex = Math.max(maxIndex, k);
  }
  const isRecorded = (k: number) => records?.[k]?.completed !== undefined || records?.[k]?.skipped !== undefined;
  if (!applicable) {
    // Like a cadence's occurrences, a promised update due after the closing is not owed: updates stop.
    for (const [k, p] of promised ?? [])
      if (!isRecorded(k) && !(ctx.closedAt !== undefined && p.due > ctx.closedAt))
        out.push(item(k, undefined, records?.[k], []));
    return out;
  }

  const current = baseFor(action, ctx, CURRENT);
  if (current.start === undefined) {
    // Closed-anchored items exist only once closed; the rest wait, shown as the next occurrence.
    if (current.pending[0] === 'closed' && current.pending.length === 1) return out;
    const k = every === undefined ? 0 : maxIndex + 1;
    const on = [...current.pending, ...current.blockers];
    if (!isRecorded(k)) out.push(item(k, undefined, records?.[k], on));
    return out;
  }
  if (epoch === undefined || epoch.start !== current.start)
    epoch = { start: current.start, anchor: current.anchor, index: epoch === undefined ? 0 : maxIndex + 1 };

  if (every === undefined) {
    if (!isRecorded(0)) out.push(item(0, current.start, records?.[0], current.blockers));
    return out;
  }
  const limit = ctx.closedAt ?? ctx.now;
  for (let k = epoch.index, n = 0; n < MAX_OCCURRENCES; k++, n++) {
    const ruleDue = dueOf(action, epoch, k, every, ctx)!;
    const due = Math.min(ruleDue, promised?.get(k)?.due ?? ruleDue);
    if (due > limit && ctx.closedAt !== undefined) break;
    if (isRecorded(k) || inClosedPeriod(due, ctx)) continue;
    out.push(item(k, ruleDue, records?.[k], current.blockers));
    if (due > limit) break; // the one upcoming occurrence
  }
  return out;
}

/**
 * A step counted from a press conference's start waits for that start; once the conference is
 * cancelled (and until it is scheduled again) the step is not owed: cancelled, in every view.
 */
function cancelledSteps(items: ScheduleItem[], action: Action, ctx: Ctx): ScheduleItem[] {
  const anchor = anchorOf(action.due);
  if (typeof anchor !== 'object' || !('scheduled' in anchor)) return items;
  if (scheduleAt(ctx.state.press, anchor.scheduled)?.kind !== 'cancelled') return items;
  for (const item of items) if (item.named === 'waiting' && item.due === undefined) item.named = 'cancelled';
  return items;
}

/**
 * An action owed per request: one item per request of its kind, numbered as the request, each
 * timed from its own receipt (the `received` anchor) and keeping the deadline it had when recorded.
 */
function requestItems(action: Action, ctx: Ctx): ScheduleItem[] {
  const { state } = ctx;
  const records = state.actions[action.id];
  const applicable = applies(action, state);
  const out: ScheduleItem[] = [];
  for (const req of state.requests[action.per_request!] ?? []) {
    const record = records?.[req.number];
    const first = record === undefined ? undefined : firstResolution(record);
    if (!applicable && first === undefined) continue;
    const request = { kind: req.kind, number: req.number, received_at: Date.parse(req.received_at) };
    const view: View = first ? { snap: first.anchors, beforeSeq: first.seq, request } : { ...CURRENT, request };
    const base = baseFor(action, ctx, view);
    const item = makeItem(action, req.number, base.start, record, [...base.pending, ...base.blockers], applicable, ctx);
    if (action.target !== undefined) {
      const target = ruleTime(action.target, state, ctx.playbook, view).at;
      item.target = target === undefined ? undefined : new Date(target);
    }
    item.request = {
      kind: req.kind,
      number: req.number,
      from: req.from,
      received_at: req.received_at,
      ...(req.note === undefined ? {} : { note: req.note }),
    };
    out.push(item);
  }
  return out;
}

/** A recurring occurrence still not done when the next one came due has missed its window. */
function missedWindows(items: ScheduleItem[], ctx: Ctx): ScheduleItem[] {
  if (items.length < 2 || !items[0]!.recurring) return items;
  const dues = items
    .map((i) => i.due?.getTime())
    .filter((d): d is number => d !== undefined)
    .sort((a, b) => a - b);
  for (const item of items) {
    if (item.named !== 'overdue') continue;
    const next = dues.find((d) => d > item.due!.getTime());
    if (next !== undefined && next <= ctx.now) item.named = 'missed';
  }
  return items;
}

function recordedOccurrences(
  records: Record<number, OccurrenceRecord> | undefined,
): [number, OccurrenceRecord, number, AnchorSnapshot][] {
  if (records === undefined) return [];
  const list: [number, OccurrenceRecord, number, AnchorSnapshot][] = [];
  for (const key of Object.keys(records)) {
    const r = records[Number(key)]!;
    const first = firstResolution(r);
    if (first !== undefined) list.push([Number(key), r, first.seq, first.anchors]);
  }
  return list.sort((a, b) => a[2] - b[2]);
}

// The first resolution fixes the deadline: a skip later overridden by a completion keeps it.
function firstResolution(r: OccurrenceRecord): { seq: number; anchors: AnchorSnapshot } | undefined {
  return r.skipped && (!r.completed || r.skipped.seq < r.completed.seq) ? r.skipped : r.completed;
}

function dueOf(action: Action, epoch: Epoch, k: number, every: Duration | undefined, ctx: Ctx): number | undefined {
  if (epoch.start === undefined) return undefined;
  const steps = Math.max(0, k - epoch.index);
  if (every === undefined || steps === 0) return epoch.start;
  if (epoch.anchor !== undefined && action.due.within !== undefined)
    return recurrenceDue(new Date(epoch.anchor), action.due.within, every, steps, ctx.zone).getTime();
  // A business-day start is a whole local day's end: no clamp or gap to accumulate from it.
  return occurrenceDue(new Date(epoch.start), every, steps, ctx.zone).getTime();
}

function inClosedPeriod(due: number, ctx: Ctx): boolean {
  return ctx.periods.some((p) => due > p.from && due < p.to);
}

function makeItem(
  action: Action,
  k: number,
  originalDue: number | undefined,
  record: OccurrenceRecord | undefined,
  waitingOn: string[],
  applicable: boolean,
  ctx: Ctx,
): ScheduleItem {
  const extensions = record?.extensions ?? [];
  const lastExtension = extensions[extensions.length - 1];
  // An extension only ever moves a deadline later, even if the rule's deadline moved since.
  const extendedDue =
    originalDue === undefined
      ? undefined
      : lastExtension === undefined
        ? originalDue
        : Math.max(originalDue, Date.parse(lastExtension.due));
  const completed = record?.completed;
  const skipped = record?.skipped;
  const completedAt = completed ? Date.parse(completed.stated_at ?? completed.at) : undefined;
  const pauses = record?.pauses ?? [];
  const endedAt = completedAt ?? (skipped ? Date.parse(skipped.at) : undefined);
  const { due, pause } = pausedDue(action, extendedDue, pauses, endedAt, ctx);
  let state: ItemState;
  let lateBy: number | undefined;
  if (completedAt !== undefined) {
    state = due !== undefined && completedAt > due ? 'late' : 'done';
    if (state === 'late') lateBy = completedAt - due!;
  } else if (skipped) state = 'skipped';
  else if (due === undefined) state = 'waiting';
  else if (ctx.now > due) {
    state = 'overdue';
    lateBy = ctx.now - due;
  } else state = waitingOn.length > 0 ? 'waiting' : 'upcoming';
  const named = nameState(
    {
      due,
      completedAt,
      skipped: skipped !== undefined,
      extended: extensions.length > 0,
      waiting: waitingOn.length > 0,
      applicable,
      closedAt: ctx.closedAt,
      windowEnd: undefined,
    },
    ctx.now,
  );
  return {
    action: action.id,
    occurrence: k,
    title: action.title,
    kind: action.kind,
    owner: action.owner,
    approvers: action.approvers ?? [],
    approvals_needed: Math.min(action.approvals_needed ?? Infinity, new Set(action.approvers ?? []).size),
    notify: action.notify ?? [],
    due: due === undefined ? undefined : new Date(due),
    original_due: originalDue === undefined ? undefined : new Date(originalDue),
    target: targetOf(action, k, ctx),
    state,
    named,
    completed_at: completedAt === undefined ? undefined : new Date(completedAt),
    completed_by: completed?.by,
    recorded_at: completed ? new Date(completed.at) : undefined,
    note: completed?.note,
    skipped_at: skipped ? new Date(skipped.at) : undefined,
    skipped_by: skipped?.by,
    late_by_ms: lateBy,
    reason: state === 'skipped' ? skipped!.reason : lastExtension?.reason,
    extensions,
    pauses,
    pause,
    waiting_on: state === 'waiting' || state === 'overdue' ? waitingOn : [],
    required: action.required !== false,
    applicable,
    recurring: action.repeat !== undefined,
    outside: ctx.playbook.roles.find((r) => r.id === action.owner)?.outside === true,
    source: completed?.source,
    request: undefined,
  };
}

/**
 * The deadline after its pauses. A pause that ended (resumed, or ended by the item being done or
 * skipped) moves the deadline later by the time it stood, or, with `after_resume`, makes it that long
 * after the pause ended when that is later. A pause standing now leaves no running deadline, except
 * that past the playbook's cap the cap is the deadline; the cap bounds every moved deadline too.
 */
function pausedDue(
  action: Action,
  due: number | undefined,
  pauses: readonly PauseRecord[],
  endedAt: number | undefined,
  ctx: Ctx,
): { due: number | undefined; pause: PauseView | undefined } {
  if (due === undefined || pauses.length === 0) return { due, pause: undefined };
  const rules = action.pausable ?? {};
  const after = rules.after_resume === undefined ? undefined : parseDuration(rules.after_resume);
  let moved = due;
  let standing: PauseRecord | undefined;
  for (const p of pauses) {
    const to = p.to === undefined ? endedAt : Date.parse(p.to);
    if (to === undefined) {
      standing = p;
      continue;
    }
    if (after === undefined) moved += to - Date.parse(p.from);
    else moved = Math.max(moved, addDuration(new Date(to), after, ctx.zone).getTime());
  }
  const capAt = rules.cap === undefined ? undefined : ruleTime(rules.cap, ctx.state, ctx.playbook, CURRENT).at;
  const capped = (t: number) => (capAt === undefined ? t : Math.min(t, capAt));
  if (standing === undefined) return { due: capped(moved), pause: undefined };
  const last = standing.reassessments[standing.reassessments.length - 1];
  const every = rules.reassess_every === undefined ? undefined : parseDuration(rules.reassess_every);
  const pause: PauseView = {
    since: new Date(standing.from),
    reason: last?.reason ?? standing.reason,
    reassess_by: every === undefined ? undefined : addDuration(new Date(last?.at ?? standing.from), every, ctx.zone),
    reassessments: standing.reassessments.length,
  };
  return { due: capAt !== undefined && ctx.now > capAt ? capAt : undefined, pause };
}

function targetOf(action: Action, k: number, ctx: Ctx): Date | undefined {
  if (action.target === undefined || k !== 0) return undefined;
  const at = ruleTime(action.target, ctx.state, ctx.playbook, CURRENT).at;
  return at === undefined ? undefined : new Date(at);
}

const RANK: Record<ItemState, number> = { overdue: 0, upcoming: 1, waiting: 2, done: 3, late: 3, skipped: 3 };

function compareItems(a: ScheduleItem, b: ScheduleItem, order: Map<string, number>): number {
  const rank = RANK[a.state] - RANK[b.state];
  if (rank !== 0) return rank;
  const ta = sortTime(a);
  const tb = sortTime(b);
  if (ta !== tb) return ta - tb;
  return (order.get(a.action) ?? 0) - (order.get(b.action) ?? 0) || a.occurrence - b.occurrence;
}

function sortTime(item: ScheduleItem): number {
  switch (item.state) {
    case 'overdue':
    case 'upcoming':
      return item.due!.getTime();
    case 'waiting':
      // Those with a deadline (waiting on a dependency) by it, then those whose anchor is pending.
      return item.due?.getTime() ?? Number.MAX_SAFE_INTEGER;
    default:
      return (item.completed_at ?? item.skipped_at)!.getTime();
  }
}

/** `make`'s value, made on the first call and kept. */
function once<T>(make: () => T): () => T {
  let made: { value: T } | undefined;
  return () => (made ??= { value: make() }).value;
}
