/**
 * The refusals `decide` shares: who may record what, which item a command means, and the checks
 * on reasons and stated times. Each throws the error whose class gives the exit code (docs/design.md#the-command-line)
 * with a message that says what to do next.
 */
import { closest } from '../playbook/suggest.js';
import { InputError, PermissionError } from '../errors.js';
import { actionApplies, explain } from '../playbook/conditions.js';
import { promiseOwes } from './promises.js';
import type { Action, Playbook, Role } from '../playbook/model.js';
import type { Actor } from './events.js';
import { isOpen, schedule, type ScheduleItem } from './schedule.js';
import type { IncidentState } from './state.js';
import { idList, q, roleLabel, timeIn } from './wording.js';
import { oneLine } from '../text/visible.js';

export function actorRole(playbook: Playbook, actor: Actor): Role {
  const role = playbook.roles.find((r) => r.id === actor.role);
  if (role === undefined) {
    throw new InputError(
      `Role ${q(actor.role)} is not defined in playbook ${q(playbook.id)}.`,
      `Use one of its roles with --as (or CIC_ROLE): ${idList(
        playbook.roles.map((r) => r.id),
        40,
      )}.`,
    );
  }
  if (role.outside === true)
    throw new PermissionError(
      `${roleLabel(playbook, role.id)} is outside the city: nobody records as it, and cic records only what the city did or was told.`,
      `Record its duties as the city role that learned of them, with --source "…" (cic done ACTION --source "County press release").`,
    );
  return role;
}

/** The owner, or a role the playbook lets act for the owner, may record the action. */
export function requireOwner(action: Action, playbook: Playbook, actor: Actor, verb: string): void {
  // A duty owned outside the city is recorded by whichever city role learns of it (actorRole
  // refuses the outside role itself).
  if (isOutside(action, playbook)) return;
  const may = playbook.roles.filter((r) => r.id === action.owner || (r.acts_for ?? []).includes(action.owner));
  if (may.some((r) => r.id === actor.role)) return;
  throw new PermissionError(
    `${roleLabel(playbook, actor.role)} may not ${verb} ${q(action.id)}: it belongs to ${roleLabel(playbook, action.owner)}.`,
    `Roles that may: ${may.map((r) => roleLabel(playbook, r.id)).join(', ')}. Record it as one of them (--as ${may[0]?.id ?? action.owner}).`,
  );
}

/** The action's owner is an agency outside the city. */
export function isOutside(action: Action, playbook: Playbook): boolean {
  return playbook.roles.find((r) => r.id === action.owner)?.outside === true;
}

export function findAction(playbook: Playbook, id: string): Action {
  const action = playbook.actions.find((a) => a.id === id);
  if (action === undefined) {
    const ids = playbook.actions.map((a) => a.id);
    const near = closest(id, ids);
    throw new InputError(
      `Unknown action ${q(id)}: playbook ${q(playbook.id)} has no such action${near === undefined ? '.' : `; did you mean ${q(near)}?`}`,
      near === undefined
        ? `Its actions: ${idList(ids, 40)}. \`cic status\` lists this incident's.`
        : `\`cic status\` lists this incident's actions.`,
    );
  }
  return action;
}

export function requireOpened(state: IncidentState): void {
  if (!state.opened) throw new InputError(`Incident ${q(state.id)} has not been opened.`, 'Open one with `cic open`.');
}

/*
 * What a closed incident still takes. Closing ends the active response, not the city's duties:
 * the duties that start at closing (`after: closed`: the log to the clerk, the after-action
 * report) and the duties dated from the incident that closing leaves on the schedule (the
 * officer-name release, the 45-day video release; `incident.closed` lists them in `left_open`)
 * must still be recorded. The rule, on a closed incident:
 * - allowed: `done`, `skip` and `extend` of an item that `schedule` still lists as open
 *   (upcoming, overdue or waiting), and `draft`, `approve`, `reject` and `release` of a statement
 *   that has such an item; `note` and `reopen` always;
 * - refused (exit 2, "reopen it first"): `fact set`, `escalate` and `close`, since the facts and
 *   tier the response ran on are settled; and any recording of an item not open on the schedule:
 *   one already done or skipped, or a recurring occurrence that closing cancelled.
 * `requireNotClosed` guards the first kind, `targetItem` and `requireOpenWhenClosed` the second.
 */

/** Refuses on a closed incident, saying why (`its facts cannot change now`) and how to reopen. */
export function requireNotClosed(state: IncidentState, playbook: Playbook, why: string): void {
  requireOpened(state);
  if (state.status === 'closed') throw closedError(state, playbook, why);
}

/** On a closed incident: refuses unless `action` has an item still open on the schedule. */
export function requireOpenWhenClosed(action: Action, state: IncidentState, playbook: Playbook, now: Date): void {
  requireOpened(state);
  if (state.status === 'closed') targetItem(action, undefined, state, playbook, now);
}

export function closedError(state: IncidentState, playbook: Playbook, why: string): InputError {
  const since = state.closed_at === undefined ? '' : ` since ${timeIn(new Date(state.closed_at), playbook.time_zone)}`;
  return new InputError(
    `Incident ${state.id} is closed${since}: ${why}. After closing, only the items still open on its schedule (and notes) are recorded.`,
    `Reopen it first: cic reopen ${state.id} --reason "…"`,
  );
}

export function requireReason(reason: string | undefined, what: string): string {
  const text = reason?.trim() ?? '';
  if (text === '') throw new InputError(`A reason is required to ${what}.`, 'Give one with --reason "…".');
  return text;
}

/** A stated (backfilled) time may not be in the future, nor before the incident occurred. */
export function checkStatedAt(statedAt: Date | undefined, state: IncidentState, playbook: Playbook, now: Date): void {
  if (statedAt === undefined) return;
  const zone = playbook.time_zone;
  if (Number.isNaN(statedAt.getTime())) throw new InputError('The stated time is not a valid time.');
  if (statedAt > now) {
    throw new InputError(
      `The stated time ${timeIn(statedAt, zone)} is in the future (now is ${timeIn(now, zone)}).`,
      'Leave out --stated-at to record it as now.',
    );
  }
  if (state.opened && statedAt.getTime() < Date.parse(state.occurred_at)) {
    throw new InputError(
      `The stated time ${timeIn(statedAt, zone)} is before incident ${state.id} occurred (${timeIn(new Date(state.occurred_at), zone)}).`,
      'Check the date and time zone of --stated-at.',
    );
  }
}

export function requireApplicable(action: Action, state: IncidentState, playbook: Playbook): void {
  const tier = state.tier;
  if (tier !== undefined && actionApplies(action, { facts: state.facts, tier })) return;
  // A public update the city promised is owed in any tier (promises.ts).
  if (promiseOwes(action.id, state, playbook)) return;
  const why =
    action.tiers !== undefined && (tier === undefined || !action.tiers.includes(tier))
      ? `it applies to ${action.tiers.length === 1 ? 'tier' : 'tiers'} ${idList(action.tiers)} and this incident is ${tier === undefined ? 'not classified' : `tier ${q(tier)}`}`
      : `its condition is not met: ${action.when === undefined ? 'unknown' : oneLine(explain(action.when, { facts: state.facts, tier: tier ?? '' }))}`;
  throw new InputError(
    `Action ${q(action.id)} does not apply to incident ${state.id}: ${why}.`,
    '`cic status` lists what applies.',
  );
}

/**
 * The occurrence a command means: the one given, or by default the earliest still open (for
 * `done`, a skipped one too: something skipped can still turn out to be done).
 */
export function targetItem(
  action: Action,
  occurrence: number | undefined,
  state: IncidentState,
  playbook: Playbook,
  now: Date,
  options: { allowSkipped?: boolean } = {},
): ScheduleItem {
  requireApplicable(action, state, playbook);
  const items = schedule(state, playbook, now, action.id)
    .filter((i) => i.action === action.id)
    .sort((a, b) => a.occurrence - b.occurrence);
  if (state.status === 'closed') return openWhenClosed(action, occurrence, items, state, playbook);
  if (items.length === 0 && action.per_request !== undefined)
    throw new InputError(
      `${q(action.id)} is owed for each ${q(action.per_request)} request, and incident ${state.id} has none yet.`,
      `Record the request first: cic request add ${action.per_request} --from "…" --received-at "…"`,
    );
  if (items.length === 0) {
    throw new InputError(
      `Action ${q(action.id)} is due after incident ${state.id} is closed; it has no deadline yet.`,
      'Record it once the incident is closed.',
    );
  }
  if (occurrence === undefined) {
    const chosen = items.find(isOpen) ?? (options.allowSkipped ? items.find((i) => i.state === 'skipped') : undefined);
    if (chosen !== undefined) return chosen;
    throw alreadyResolved(items[items.length - 1]!, playbook);
  }
  const item = items.find((i) => i.occurrence === occurrence);
  if (item === undefined && action.per_request !== undefined) {
    const numbers = items.map((i) => String(i.occurrence));
    throw new InputError(
      `Incident ${state.id} has no ${q(action.per_request)} request ${occurrence} for ${q(action.id)}.`,
      numbers.length
        ? `Its requests so far: ${idList(numbers)}.`
        : `None received yet: record one with cic request add ${action.per_request} --from "…".`,
    );
  }
  if (item === undefined) {
    const numbers = items.map((i) => String(i.occurrence));
    throw new InputError(
      `Action ${q(action.id)} has no occurrence ${occurrence} in incident ${state.id}.`,
      `Its occurrences so far: ${idList(numbers)}.`,
    );
  }
  return item;
}

/**
 * On a closed incident only an open item may be recorded (see the rule above requireNotClosed):
 * a skipped one no longer turns out done, and the schedule no longer holds the occurrences that
 * closing cancelled.
 */
function openWhenClosed(
  action: Action,
  occurrence: number | undefined,
  items: ScheduleItem[],
  state: IncidentState,
  playbook: Playbook,
): ScheduleItem {
  const chosen =
    occurrence === undefined
      ? (items.find(isOpen) ?? (action.repeat === undefined ? items[0] : undefined))
      : items.find((i) => i.occurrence === occurrence);
  if (chosen !== undefined && isOpen(chosen)) return chosen;
  const item = chosen;
  let why: string;
  if (item !== undefined) why = resolvedWords(item, playbook);
  else if (action.repeat === undefined)
    why =
      occurrence === undefined
        ? `${q(action.id)} has nothing open on its schedule`
        : `${q(action.id)} has no occurrence ${occurrence}`;
  else if (occurrence === undefined)
    why = `${q(action.id)} has no open occurrence: those due before the closing are recorded, and closing cancelled the rest`;
  else
    why = `${q(action.id)} occurrence ${occurrence} is not on its schedule: closing cancelled the occurrences not yet due`;
  throw closedError(state, playbook, why);
}

export function alreadyResolved(item: ScheduleItem, playbook: Playbook): InputError {
  const hint =
    item.state === 'skipped'
      ? '`cic log --type action.skipped` shows it.'
      : '`cic log --type action.completed` shows it.';
  return new InputError(`${resolvedWords(item, playbook)}.`, hint);
}

/** "\"x\" is already done: at … by …", without a final full stop. */
function resolvedWords(item: ScheduleItem, playbook: Playbook): string {
  const zone = playbook.time_zone;
  const which = item.recurring ? `${q(item.action)} occurrence ${item.occurrence}` : q(item.action);
  if (item.state === 'skipped')
    return `${which} was already skipped at ${timeIn(item.skipped_at!, zone)} by ${who(item.skipped_by!)}: ${q(item.reason ?? '')}`;
  return `${which} is already done: at ${timeIn(item.completed_at!, zone)} by ${who(item.completed_by!)}`;
}

function who(actor: Actor): string {
  return `${q(actor.name)} (${q(actor.role)})`;
}

/**
 * `depends_on` is ordering: an action cannot be recorded done (or its statement released) before
 * the actions it depends on are resolved, e.g. the family sees the video before it is released,
 * the partner institution is called before a Tier 3 statement goes out. Its deadline is not moved
 * by this (`schedule.ts`); it may well be overdue while it waits. The message names each blocking
 * action and the role that records it, since that is rarely the person refused.
 */
export function requireOrder(
  action: Action,
  item: ScheduleItem,
  playbook: Playbook,
  verb: 'done' | 'released' = 'done',
): void {
  const blockers = item.waiting_on.filter((id) => action.depends_on?.includes(id));
  if (blockers.length === 0) return;
  const named = blockers.map((id) => `${q(playbook.actions.find((a) => a.id === id)?.title ?? id)} (${q(id)})`);
  const steps = blockers.map((id) => {
    const owner = playbook.actions.find((a) => a.id === id)?.owner ?? '';
    return `${roleLabel(playbook, owner)}: cic done ${oneLine(id)} --as ${oneLine(owner)}`;
  });
  throw new InputError(
    `${q(action.id)} cannot be ${verb} yet: the playbook puts it after ${named.join(', ')}, not yet recorded. Nothing was recorded.`,
    `Record ${blockers.length === 1 ? 'it' : 'them'} first (${steps.join('; ')}), or skip ${blockers.length === 1 ? 'it' : 'them'} with a reason; then try again.`,
  );
}
