/**
 * The walk-through's "what next": from the checklist (`schedule`), the items the chosen roles have
 * to act on now, overdue first, then by deadline. Pure: the schedule, the playbook and the time
 * come in.
 *
 * - An item concerns a role when the role owns it (or acts for its owner), or, for a statement,
 *   when the role is one of its approvers (or acts for one) whose approval of the current draft
 *   is still missing: the City Manager's next item may be approving the holding statement.
 * - "Due now" means overdue or due within the horizon (default 24 hours). Items further out are
 *   not walked through one by one; the walk-through says when the next of them falls due.
 * - Items the person put off in this session ("later") come after every other due item, so the
 *   walk-through moves on without losing them.
 */
import type { Action, Playbook, Role } from '../../core/playbook/model.js';
import { approvalsOwed } from '../../core/statements/approvals.js';
import { entryOf } from '../../core/statements/state.js';
import type { ScheduleItem } from '../../core/incident/schedule.js';
import type { IncidentState } from '../../core/incident/state.js';

export const HORIZON_MS = 24 * 60 * 60 * 1000;

/** `action#occurrence`: how an item is remembered within a session. */
export const itemKey = (i: { action: string; occurrence: number }) => `${i.action}#${i.occurrence}`;

/** Why the item is on a role's list. */
export type Concern = 'owner' | 'approver';

export interface Focus {
  /** The roles whose items are shown; undefined = every role. */
  roles: readonly string[] | undefined;
  /** Items put off in this session, by `itemKey`. */
  later: ReadonlySet<string>;
  /** How far ahead counts as due now. */
  horizonMs?: number;
}

export interface Next {
  /** The item to present, if any is due now. */
  item: ScheduleItem | undefined;
  concern: Concern | undefined;
  /** Every item due now for the focus, in the order they would be presented. */
  due: ScheduleItem[];
  /** The open item with the earliest deadline beyond the horizon (when nothing is due now). */
  nextDeadline: ScheduleItem | undefined;
  /** Items waiting on another step for the focus (not yet due, or with no deadline yet). */
  waiting: ScheduleItem[];
}

function actsForRole(role: string, target: string, roles: readonly Role[]): boolean {
  return role === target || (roles.find((r) => r.id === role)?.acts_for ?? []).includes(target);
}

/** Why `item` concerns one of `focus` (undefined = it does not). */
export function concernOf(
  item: ScheduleItem,
  focus: readonly string[] | undefined,
  state: IncidentState,
  playbook: Playbook,
): Concern | undefined {
  if (focus === undefined) return 'owner';
  if (focus.some((r) => actsForRole(r, item.owner, playbook.roles))) return 'owner';
  const action = playbook.actions.find((a) => a.id === item.action);
  if (action && awaitsApprovalFrom(action, state, playbook, focus)) return 'approver';
  return undefined;
}

/** A statement whose current draft is waiting for one of `roles` (or whom they act for) to decide. */
export function awaitsApprovalFrom(
  action: Action,
  state: IncidentState,
  playbook: Playbook,
  roles: readonly string[],
): boolean {
  return approvalsOwed(entryOf(state.statements, action.id), action, roles, playbook.roles).length > 0;
}

export function nextFor(
  items: readonly ScheduleItem[],
  state: IncidentState,
  playbook: Playbook,
  now: Date,
  focus: Focus,
): Next {
  const horizon = now.getTime() + (focus.horizonMs ?? HORIZON_MS);
  const mine = items.filter((i) => i.applicable && concernOf(i, focus.roles, state, playbook) !== undefined);
  // `schedule` sorts overdue first, then by deadline; keep that order, put-off items last.
  const dueNow = mine.filter(
    (i) => (i.state === 'overdue' || i.state === 'upcoming') && i.due !== undefined && i.due.getTime() <= horizon,
  );
  const fresh = dueNow.filter((i) => !focus.later.has(itemKey(i)));
  const due = [...fresh, ...dueNow.filter((i) => focus.later.has(itemKey(i)))];
  const beyond = mine.filter((i) => i.state === 'upcoming' && i.due !== undefined && i.due.getTime() > horizon);
  const nextDeadline = beyond.reduce<ScheduleItem | undefined>(
    (best, i) => (best === undefined || i.due! < best.due! ? i : best),
    undefined,
  );
  const item = fresh[0];
  return {
    item,
    concern: item === undefined ? undefined : concernOf(item, focus.roles, state, playbook),
    due,
    nextDeadline,
    waiting: mine.filter((i) => i.state === 'waiting' && i.named !== 'cancelled'),
  };
}
