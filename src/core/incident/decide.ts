/**
 * The Decider's `decide`: a command, the incident's state, its frozen playbook and the time
 * passed in → the events to append, or a refusal. Pure: the clock and the person come in as
 * arguments. InputError is exit 2, PermissionError exit 4 (docs/design.md#the-command-line).
 *
 * Role checks for `statement.*` commands live in `statements/decide.ts`.
 */
import { InputError, PermissionError } from '../errors.js';
import { oneLine } from '../text/visible.js';
import { classify, missingQuestions, parseFactValue } from '../playbook/conditions.js';
import type { Action, FactValue, Playbook } from '../playbook/model.js';
import { approvalShortfall, approvedRoles, approverRoleFor, approversOf } from '../statements/approvals.js';
import { addDuration, exceedsMax } from '../time/deadlines.js';
import { calendarSpanWords } from '../time/format.js';
import { durationInWords, parseDuration } from '../time/duration.js';
import type * as C from './commands.js';
import type { Command } from './commands.js';
import type { Actor, IncidentEvent } from './events.js';
import {
  actorRole,
  alreadyResolved,
  checkStatedAt,
  findAction,
  isOutside,
  requireNotClosed,
  requireOpened,
  requireOwner,
  requireOrder,
  requireReason,
  targetItem,
} from './guards.js';
import { isOpen, schedule, type ScheduleItem } from './schedule.js';
import { CURRENT, ruleTime } from './anchors.js';
import { deadlineRuleWords } from '../playbook/describe.js';
import { idMap, occurrenceRecord, type IncidentState } from './state.js';
import { idList, q, roleLabel, timeIn } from './wording.js';

/** Closing with required items open needs a confirmation (or --force with a reason). */
export class OpenItemsError extends InputError {
  readonly items: readonly ScheduleItem[];
  constructor(incident: string, items: readonly ScheduleItem[]) {
    const list = items.map((i) => (i.recurring ? `${i.action}#${i.occurrence}` : i.action));
    super(
      `Incident ${incident} has ${items.length} required ${items.length === 1 ? 'item' : 'items'} still open: ${idList(list)}.`,
      'Confirm to close anyway (what was left open is recorded), or close with --force --reason "…".',
    );
    this.items = items;
  }
}

export function decide(
  command: Command,
  state: IncidentState,
  playbook: Playbook,
  now: Date,
  actor: Actor,
): IncidentEvent[] {
  actorRole(playbook, actor);
  const ctx: DecideContext = { state, playbook, now, actor };
  switch (command.kind) {
    case 'open':
      return open(command, ctx);
    case 'setFacts':
      return setFacts(command, ctx);
    case 'escalate':
      return escalate(command, ctx);
    case 'done':
      return done(command, ctx);
    case 'skip':
      return skip(command, ctx);
    case 'approve':
      return approve(command, ctx);
    case 'pause':
      return pause(command, ctx);
    case 'resume':
      return resume(command, ctx);
    case 'extend':
      return extend(command, ctx);
    case 'addRequest':
      return addRequest(command, ctx);
    case 'note':
      return note(command, ctx);
    case 'close':
      return close(command, ctx);
    case 'reopen':
      return reopen(command, ctx);
  }
}

interface DecideContext {
  state: IncidentState;
  playbook: Playbook;
  now: Date;
  actor: Actor;
}

function open(c: C.OpenCommand, { state, playbook, now }: DecideContext): IncidentEvent[] {
  if (state.opened)
    throw new InputError(
      `Incident ${state.id} is already open.`,
      'Record on it with `cic done`, `cic fact set`, … or open a new one.',
    );
  const title = c.title.trim();
  if (title === '') throw new InputError('An incident needs a title.', 'Give one with --title "…".');
  if (Number.isNaN(c.occurred_at.getTime())) throw new InputError('The time it occurred is not a valid time.');
  if (c.occurred_at > now) {
    throw new InputError(
      `The incident cannot have occurred in the future: ${timeIn(c.occurred_at, playbook.time_zone)} (now is ${timeIn(now, playbook.time_zone)}).`,
      'Check --occurred-at.',
    );
  }
  const facts = typedFacts(c.facts, playbook);
  let tier: { id: string; reason: string; method: 'questions' | 'manual' };
  if (c.tier !== undefined) {
    const t = findTier(playbook, c.tier);
    const why = c.reason?.trim();
    tier = { id: t.id, reason: why ? `set manually: ${why}` : 'set manually', method: 'manual' };
  } else {
    const matched = classify(playbook, facts);
    if (matched === undefined) throw unclassified(playbook, facts);
    tier = { id: matched.tier.id, reason: matched.reason, method: 'questions' };
  }
  return [
    {
      type: 'incident.opened',
      data: {
        title,
        occurred_at: c.occurred_at.toISOString(),
        playbook: { id: playbook.id, version: playbook.version, sha256: c.playbook_sha256 },
      },
    },
    ...Object.keys(facts).map((fact): IncidentEvent => ({
      type: 'fact.recorded',
      data: { fact, value: facts[fact]! },
    })),
    { type: 'incident.classified', data: { tier: tier.id, reason: tier.reason, method: tier.method } },
  ];
}

function unclassified(playbook: Playbook, facts: Record<string, FactValue>): InputError {
  const missing = missingQuestions(playbook, facts);
  if (missing.length > 0) {
    return new InputError(
      `Cannot classify the incident: ${missing.length === 1 ? 'this classification question is' : 'these classification questions are'} unanswered: ${idList(missing)}.`,
      'Answer with --fact KEY=VALUE, or set the tier with --tier and --reason.',
    );
  }
  return new InputError(
    `No tier's definition matches the facts given. Tiers: ${tierList(playbook)}.`,
    'Set the tier with --tier and --reason if this is a critical incident.',
  );
}

function setFacts(c: C.SetFactsCommand, { state, playbook, now }: DecideContext): IncidentEvent[] {
  requireNotClosed(state, playbook, 'its facts cannot change now');
  checkStatedAt(c.stated_at, state, playbook, now);
  if (Object.keys(c.facts).length === 0) throw new InputError('No facts given.', 'Give them as KEY=VALUE.');
  const facts = typedFacts(c.facts, playbook);
  const stated = c.stated_at === undefined ? {} : { stated_at: c.stated_at.toISOString() };
  // A value the log already holds is not recorded again: the history shows real changes only.
  return Object.keys(facts)
    .filter((fact) => !(fact in state.facts) || state.facts[fact] !== facts[fact])
    .map((fact) => ({ type: 'fact.recorded', data: { fact, value: facts[fact]! }, ...stated }));
}

function escalate(c: C.EscalateCommand, { state, playbook }: DecideContext): IncidentEvent[] {
  requireNotClosed(state, playbook, 'its tier cannot change now');
  const tier = findTier(playbook, c.tier);
  if (tier.id === state.tier)
    throw new InputError(`Incident ${state.id} is already tier ${q(tier.id)}.`, `Tiers: ${tierList(playbook)}.`);
  const reason = requireReason(c.reason, 're-tier an incident');
  return [
    {
      type: 'incident.classified',
      data: { tier: tier.id, reason, ...(state.tier === undefined ? {} : { from: state.tier }), method: 'manual' },
    },
  ];
}

// done, skip and extend on a closed incident: targetItem allows only items still open on the
// schedule (the rule is above requireNotClosed in guards.ts).
function done(c: C.DoneCommand, { state, playbook, now, actor }: DecideContext): IncidentEvent[] {
  requireOpened(state);
  const action = findAction(playbook, c.action);
  requireOwner(action, playbook, actor, 'record');
  if (action.kind === 'statement' && action.template !== undefined) {
    // Its approvals are bound to the released words; marking it done would skip them.
    throw new InputError(
      `Statement ${q(action.id)} is completed by releasing it, not with \`done\`.`,
      `Draft, approve and release it: cic draft ${action.id}; cic approve ${action.id}; cic release ${action.id} --channel … (or skip it with a reason).`,
    );
  }
  checkStatedAt(c.stated_at, state, playbook, now);
  const item = targetItem(action, c.occurrence, state, playbook, now, { allowSkipped: true });
  if (item.state === 'done' || item.state === 'late') throw alreadyResolved(item, playbook);
  requireOrder(action, item, playbook);
  requireApprovals(action, item.occurrence, state, playbook);
  const note = c.note?.trim();
  const source = c.source?.trim();
  if (isOutside(action, playbook) && !source)
    throw new InputError(
      `${q(action.id)} is a duty of ${roleLabel(playbook, action.owner)}, outside the city: say how the city knows it was done.`,
      'Add --source "…" (a press release, a letter, a call), and --stated-at for when the agency did it.',
    );
  if (!isOutside(action, playbook) && source)
    throw new InputError(
      `--source is for a duty owned outside the city; ${q(action.id)} is the city's own (${roleLabel(playbook, action.owner)}).`,
      'Leave out --source; say anything more in --note.',
    );
  return [
    {
      type: 'action.completed',
      data: {
        action: action.id,
        occurrence: item.occurrence,
        ...(note ? { note } : {}),
        ...(source ? { source } : {}),
      },
      ...(c.stated_at === undefined ? {} : { stated_at: c.stated_at.toISOString() }),
    },
  ];
}

/**
 * An approval of one occurrence of an action that is not a statement. A statement's approvals bind
 * to its draft's words instead (`cic approve` routes there); both are counted by approvals.ts.
 */
function approve(c: C.ApproveCommand, { state, playbook, now, actor }: DecideContext): IncidentEvent[] {
  requireOpened(state);
  const action = findAction(playbook, c.action);
  const approvers = approversOf(action);
  if (approvers.length === 0)
    throw new InputError(
      `${q(action.id)} has no approvers in the playbook, so there is nothing to approve.`,
      `Record it with: cic done ${action.id}`,
    );
  const standsFor = approverRoleFor(actor.role, action, playbook.roles);
  if (standsFor === undefined)
    throw new PermissionError(
      `Role ${q(actor.role)} may not approve ${action.id}: its approvers are ${idList(approvers)}.`,
      'Ask one of them, or run the command as one (--as ROLE).',
    );
  const item = targetItem(action, c.occurrence, state, playbook, now);
  if (!isOpen(item)) throw alreadyResolved(item, playbook);
  const given = occurrenceRecord(state, action.id, item.occurrence)?.approvals ?? [];
  const earlier = given.find((a) => approverRoleFor(a.role, action, playbook.roles) === standsFor);
  if (earlier !== undefined)
    throw new InputError(
      `${q(standsFor)} has already approved ${item.recurring ? `${action.id}#${item.occurrence}` : action.id}: ${oneLine(earlier.by.name)}, ${timeIn(new Date(earlier.at), playbook.time_zone)}.`,
    );
  return [{ type: 'action.approved', data: { action: action.id, occurrence: item.occurrence } }];
}

/**
 * Stop an occurrence's deadline clock while a determination stands; on a paused item, record that
 * the determination was reassessed and still stands (the next reassessment is due from it).
 */
function pause(c: C.PauseCommand, { state, playbook, now, actor }: DecideContext): IncidentEvent[] {
  requireOpened(state);
  const action = findAction(playbook, c.action);
  requireOwner(action, playbook, actor, 'pause');
  if (action.pausable === undefined)
    throw new InputError(
      `The deadline of ${q(action.id)} cannot be paused: the playbook allows no pause for it.`,
      action.extendable === undefined
        ? 'Record it late, or skip it with a reason.'
        : `Extend it instead: cic extend ${action.id} --reason "…"`,
    );
  const reason = requireReason(c.reason, `pause ${q(action.id)}`);
  if (action.pausable.basis?.includes('written') && !c.written)
    throw new InputError(
      `The playbook requires each pause of ${q(action.id)} to rest on a written determination.`,
      'Add --written once the determination is in writing (and say what it is in --reason).',
    );
  const item = targetItem(action, c.occurrence, state, playbook, now);
  if (!isOpen(item)) throw alreadyResolved(item, playbook);
  if (item.pause === undefined) {
    if (item.due === undefined)
      throw new InputError(`${q(action.id)} has no deadline yet to pause: it waits on ${idList(item.waiting_on)}.`);
    if (item.due <= now)
      throw new InputError(
        `The deadline of ${q(action.id)} already passed (${timeIn(item.due, playbook.time_zone)}): a pause cannot undo lateness.`,
        'Record it done (late), or skip it with a reason.',
      );
  }
  return [
    {
      type: 'clock.paused',
      data: {
        action: action.id,
        occurrence: item.occurrence,
        reason,
        ...(c.written ? { basis: { written: true } } : {}),
      },
    },
  ];
}

function resume(c: C.ResumeCommand, { state, playbook, now, actor }: DecideContext): IncidentEvent[] {
  requireOpened(state);
  const action = findAction(playbook, c.action);
  requireOwner(action, playbook, actor, 'resume');
  const item = targetItem(action, c.occurrence, state, playbook, now);
  if (item.pause === undefined)
    throw new InputError(
      `${q(action.id)} is not paused, so there is nothing to resume.`,
      action.pausable === undefined ? undefined : `Pause it with: cic pause ${action.id} --reason "…"`,
    );
  const reason = c.reason?.trim();
  return [
    { type: 'clock.resumed', data: { action: action.id, occurrence: item.occurrence, ...(reason ? { reason } : {}) } },
  ];
}

/** An action with approvers is recorded done only once enough of them approved (approvals.ts). */
function requireApprovals(action: Action, occurrence: number, state: IncidentState, playbook: Playbook): void {
  if (approversOf(action).length === 0) return;
  const given = occurrenceRecord(state, action.id, occurrence)?.approvals ?? [];
  const approved = approvedRoles(
    given.map((a) => a.role),
    action,
    playbook.roles,
  );
  const shortfall = approvalShortfall(action, approved);
  if (shortfall === undefined) return;
  throw new InputError(
    `${q(action.id)} cannot be recorded done yet: it needs ${shortfall}.`,
    `Each approver runs: cic approve ${action.id}${action.repeat === undefined ? '' : ` --occurrence ${occurrence}`}`,
  );
}

function skip(c: C.SkipCommand, { state, playbook, now, actor }: DecideContext): IncidentEvent[] {
  requireOpened(state);
  const action = findAction(playbook, c.action);
  requireOwner(action, playbook, actor, 'skip');
  const reason = requireReason(c.reason, `skip ${q(action.id)}`);
  const item = targetItem(action, c.occurrence, state, playbook, now);
  if (!isOpen(item)) throw alreadyResolved(item, playbook);
  return [{ type: 'action.skipped', data: { action: action.id, occurrence: item.occurrence, reason } }];
}

function extend(c: C.ExtendCommand, { state, playbook, now, actor }: DecideContext): IncidentEvent[] {
  requireOpened(state);
  const action = findAction(playbook, c.action);
  requireOwner(action, playbook, actor, 'extend');
  const zone = playbook.time_zone;
  if (action.extendable === undefined) {
    throw new InputError(
      `The deadline of ${q(action.id)} cannot be extended: the playbook allows no extension for it.`,
      'Record it late, or skip it with a reason.',
    );
  }
  const reason = requireReason(c.reason, `extend ${q(action.id)}`);
  if (c.by !== undefined && c.to !== undefined)
    throw new InputError(
      'Give exactly one of --by DURATION or --to TIME.',
      'For example --by P10D, or --to 2026-12-01T17:00:00-06:00.',
    );
  const item = targetItem(action, c.occurrence, state, playbook, now);
  if (!isOpen(item)) throw alreadyResolved(item, playbook);
  if (item.pause !== undefined)
    throw new InputError(
      `The deadline of ${q(action.id)} is paused, so there is no running deadline to extend.`,
      `Resume it first (cic resume ${action.id}), or record a reassessment: cic pause ${action.id} --reason "…"`,
    );
  if (item.due === undefined || item.original_due === undefined) {
    throw new InputError(`${q(action.id)} has no deadline yet to extend: it waits on ${idList(item.waiting_on)}.`);
  }
  const rules = action.extendable;
  const count = item.extensions.length;
  if (rules.max_count !== undefined && count >= rules.max_count) {
    throw new InputError(
      `${q(action.id)} has been extended ${count === 1 ? 'once' : `${count} times`}, as many times as the playbook allows (${rules.max_count}).`,
      'Record it done (late if it is), or skip it with a reason.',
    );
  }
  const by = c.by ?? (c.to === undefined ? rules.step : undefined);
  if ((by === undefined) === (c.to === undefined))
    throw new InputError(
      'Give exactly one of --by DURATION or --to TIME.',
      'For example --by P10D, or --to 2026-12-01T17:00:00-06:00.',
    );
  let newDue: Date;
  if (by !== undefined) {
    const d = parseDuration(by);
    if (d === undefined)
      throw new InputError(`${q(by)} is not an ISO 8601 duration.`, 'Write it like PT4H, P1D or P10D.');
    newDue = addDuration(item.due, d, zone);
  } else {
    newDue = c.to!;
    if (Number.isNaN(newDue.getTime())) throw new InputError('The new deadline is not a valid time.');
  }
  if (newDue <= item.due) {
    throw new InputError(
      `The new deadline ${timeIn(newDue, zone)} is not later than the current one (${timeIn(item.due, zone)}).`,
      'An extension moves a deadline later.',
    );
  }
  if (rules.step !== undefined) {
    const stepEnd = addDuration(item.due, parseDuration(rules.step)!, zone);
    if (newDue > stepEnd)
      throw new InputError(
        `Cannot extend ${q(action.id)} to ${timeIn(newDue, zone)}: the playbook allows ${durationInWords(parseDuration(rules.step)!)} (${rules.step}) at a time, that is until ${timeIn(stepEnd, zone)}.`,
        `Extend by ${rules.step} (leave out --by), and again later if the playbook allows.`,
      );
  }
  if (rules.max !== undefined) {
    const max = parseDuration(rules.max)!;
    if (exceedsMax(item.original_due, newDue, max, zone)) {
      const extendedBy = calendarSpanWords(item.original_due, item.due, zone);
      const so = item.due.getTime() - item.original_due.getTime();
      throw new InputError(
        `Cannot extend ${q(action.id)} to ${timeIn(newDue, zone)}: the playbook allows at most ${durationInWords(max)} (${rules.max}) in total beyond the original deadline ${timeIn(item.original_due, zone)}, that is until ${timeIn(addDuration(item.original_due, max, zone), zone)}; ${so > 0 ? `it has been extended by ${extendedBy} so far` : 'it has not been extended yet'}.`,
        'Choose an earlier deadline, or record it late.',
      );
    }
  }
  if (rules.cap !== undefined) {
    // A cap counted from `received` is counted from this item's own request.
    const view =
      item.request === undefined
        ? CURRENT
        : {
            ...CURRENT,
            request: {
              kind: item.request.kind,
              number: item.request.number,
              received_at: Date.parse(item.request.received_at),
            },
          };
    const cap = ruleTime(rules.cap, state, playbook, view).at;
    if (cap !== undefined && newDue.getTime() > cap)
      throw new InputError(
        `Cannot extend ${q(action.id)} to ${timeIn(newDue, zone)}: the playbook allows no deadline later than ${timeIn(new Date(cap), zone)} (${oneLine(deadlineRuleWords(rules.cap, playbook.actions))}).`,
        cap > item.due.getTime()
          ? `Extend it to at most ${timeIn(new Date(cap), zone)} with --to.`
          : 'It is already at the cap: record it done (late if it is), or skip it with a reason.',
      );
  }
  const basis: { requested_by?: string; written?: boolean } = {};
  const requestedBy = c.requested_by?.trim();
  if (requestedBy) basis.requested_by = requestedBy;
  if (c.written) basis.written = true;
  if (rules.basis?.includes('requested_by') && !requestedBy)
    throw new InputError(
      `The playbook requires each extension of ${q(action.id)} to record who asked for it.`,
      'Add --requested-by "…" (the agency or person who asked).',
    );
  if (rules.basis?.includes('written') && !c.written)
    throw new InputError(
      `The playbook requires each extension of ${q(action.id)} to rest on a written request or determination.`,
      'Add --written once the request is in writing (and say what it is in --reason).',
    );
  return [
    {
      type: 'deadline.extended',
      data: {
        action: action.id,
        occurrence: item.occurrence,
        due: newDue.toISOString(),
        from: item.due.toISOString(),
        reason,
        ...(Object.keys(basis).length ? { basis } : {}),
      },
    },
  ];
}

/**
 * A request is recorded on a closed incident too: a records request about it may come long after,
 * and the duty it starts is the city's all the same.
 */
function addRequest(c: C.AddRequestCommand, { state, playbook, now }: DecideContext): IncidentEvent[] {
  requireOpened(state);
  const kinds = [...new Set(playbook.actions.flatMap((a) => (a.per_request === undefined ? [] : [a.per_request])))];
  if (!kinds.includes(c.request_kind))
    throw new InputError(
      kinds.length === 0
        ? `Unknown kind of request ${q(c.request_kind)}: playbook ${q(playbook.id)} owes no duty per request.`
        : `Unknown kind of request ${q(c.request_kind)}: playbook ${q(playbook.id)} has ${idList(kinds)}.`,
      'A playbook action marked per_request: KIND is owed once for each request of that kind.',
    );
  const zone = playbook.time_zone;
  if (Number.isNaN(c.received_at.getTime())) throw new InputError('The time it was received is not a valid time.');
  if (c.received_at > now)
    throw new InputError(
      `The request cannot have been received in the future: ${timeIn(c.received_at, zone)} (now is ${timeIn(now, zone)}).`,
      'Check --received-at, or leave it out if it arrived just now.',
    );
  if (c.received_at.getTime() < Date.parse(state.occurred_at))
    throw new InputError(
      `The request cannot have been received at ${timeIn(c.received_at, zone)}, before incident ${state.id} occurred (${timeIn(new Date(state.occurred_at), zone)}).`,
      'Check the date and time zone of --received-at.',
    );
  const from = c.from.trim();
  if (from === '') throw new InputError('A request needs to say who made it.', 'Give it with --from "…".');
  const note = c.note?.trim();
  const number = (state.requests[c.request_kind]?.length ?? 0) + 1;
  return [
    {
      type: 'request.received',
      data: {
        kind: c.request_kind,
        request: number,
        received_at: c.received_at.toISOString(),
        from,
        ...(note ? { note } : {}),
      },
    },
  ];
}

// A note is allowed on a closed incident too: the clerk's annotations after the fact belong in
// the same log, and `cic note` appends without reading the whole state (LogStore.appendEvents).
function note(c: C.NoteCommand, { state, playbook, now }: DecideContext): IncidentEvent[] {
  requireOpened(state);
  if (c.text.trim() === '') throw new InputError('A note needs some text.');
  checkStatedAt(c.stated_at, state, playbook, now);
  return [
    {
      type: 'note',
      data: { text: c.text },
      ...(c.stated_at === undefined ? {} : { stated_at: c.stated_at.toISOString() }),
    },
  ];
}

function close(c: C.CloseCommand, { state, playbook, now }: DecideContext): IncidentEvent[] {
  requireNotClosed(state, playbook, 'it cannot be closed again');
  const reason = c.reason?.trim() || undefined;
  if (c.force && reason === undefined)
    throw new InputError('Closing with --force needs a reason.', 'Add --reason "…".');
  const open = openRequiredItems(state, playbook, now);
  if (open.length > 0 && !c.force && !c.confirmed) throw new OpenItemsError(state.id, open);
  return [
    {
      type: 'incident.closed',
      data: {
        ...(reason === undefined ? {} : { reason }),
        forced: c.force,
        left_open: open.map((i) => ({ action: i.action, occurrence: i.occurrence })),
      },
    },
  ];
}

/**
 * Required items a closing would leave open: everything applicable not done or skipped, except
 * recurring occurrences not yet due (closing cancels those).
 */
export function openRequiredItems(state: IncidentState, playbook: Playbook, now: Date): ScheduleItem[] {
  return schedule(state, playbook, now).filter(
    (i) => i.required && i.applicable && isOpen(i) && !(i.recurring && i.state === 'upcoming'),
  );
}

function reopen(c: C.ReopenCommand, { state }: DecideContext): IncidentEvent[] {
  requireOpened(state);
  if (state.status !== 'closed')
    throw new InputError(`Incident ${state.id} is open; only a closed incident can be reopened.`);
  const reason = requireReason(c.reason, 'reopen an incident');
  return [{ type: 'incident.reopened', data: { reason } }];
}

function findTier(playbook: Playbook, id: string) {
  const tier = playbook.classification.tiers.find((t) => t.id === id);
  if (tier === undefined)
    throw new InputError(`Unknown tier ${q(id)}.`, `Tiers in playbook ${q(playbook.id)}: ${tierList(playbook)}.`);
  return tier;
}

function tierList(playbook: Playbook): string {
  return playbook.classification.tiers.map((t) => `${oneLine(t.id)} (${oneLine(t.name)})`).join(', ');
}

function typedFacts(raw: Record<string, string>, playbook: Playbook): Record<string, FactValue> {
  const typed = idMap<FactValue>();
  for (const id of Object.keys(raw)) {
    const fact = playbook.facts.find((f) => f.id === id);
    if (fact === undefined) {
      throw new InputError(
        `Unknown fact ${q(id)}: playbook ${q(playbook.id)} does not define it.`,
        `Its facts: ${idList(
          playbook.facts.map((f) => f.id),
          40,
        )}.`,
      );
    }
    typed[id] = parseFactValue(fact, raw[id]!, playbook.time_zone);
  }
  return typed;
}
