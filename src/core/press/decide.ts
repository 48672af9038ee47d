/**
 * Decisions about press conferences, public commitments and the governing body's briefings:
 * a command, the incident's state, its frozen playbook, the time and the person → the events to
 * append, or a refusal (InputError exit 2, PermissionError exit 4). Pure.
 */
import { InputError, PermissionError } from '../errors.js';
import type { Actor, IncidentEvent } from '../incident/events.js';
import { findAction, requireNotClosed, requireOpened, requireReason } from '../incident/guards.js';
import type { IncidentState } from '../incident/state.js';
import { q, roleLabel, timeIn } from '../incident/wording.js';
import type { Action, Playbook } from '../playbook/model.js';
import { commitmentOf, scheduleAt, type Commitment } from './state.js';
import { runOfShowOwners } from './run-of-show.js';

export type PressCommand =
  | { kind: 'schedule'; action: string; start: Date; place?: string; reason?: string }
  | { kind: 'cancel'; action: string; reason: string }
  | { kind: 'commit'; text: string; due: Date; owner: string; said_by: string; press?: string }
  | { kind: 'keep'; commitment: number; note?: string }
  | { kind: 'break'; commitment: number; reason: string }
  | {
      kind: 'brief';
      body: string;
      to: readonly string[];
      as_of: Date;
      through_seq: number;
      sha256: string;
      since?: number;
    }
  | { kind: 'acknowledge'; packet?: number };

interface Ctx {
  state: IncidentState;
  playbook: Playbook;
  now: Date;
  actor: Actor;
}

export function decidePress(
  c: PressCommand,
  state: IncidentState,
  playbook: Playbook,
  now: Date,
  actor: Actor,
): IncidentEvent[] {
  requireOpened(state);
  const ctx: Ctx = { state, playbook, now, actor };
  switch (c.kind) {
    case 'schedule':
      return schedule(c, ctx);
    case 'cancel':
      return cancel(c, ctx);
    case 'commit':
      return commit(c, ctx);
    case 'keep':
    case 'break':
      return resolveCommitment(c, ctx);
    case 'brief':
      return brief(c, ctx);
    case 'acknowledge':
      return acknowledge(c, ctx);
  }
}

/** A press-conference action that has not happened yet, and a role allowed to set its time. */
function pressAction(id: string, { state, playbook, actor }: Ctx, verb: string): Action {
  const action = findAction(playbook, id);
  if (action.kind !== 'press-conference') {
    const ids = playbook.actions.filter((a) => a.kind === 'press-conference').map((a) => a.id);
    throw new InputError(
      `${q(action.id)} is not a press conference (its kind is ${action.kind}); only press conferences are scheduled.`,
      ids.length ? `Press conferences in this playbook: ${ids.join(', ')}.` : 'This playbook has no press conference.',
    );
  }
  requireNotClosed(state, playbook, `its press conferences cannot be ${verb} now`);
  const held = state.actions[action.id]?.[0];
  if (held?.completed || held?.skipped) {
    throw new InputError(
      `${q(action.id)} was already ${held.completed ? 'held' : 'skipped'}; it cannot be ${verb}.`,
      'A further briefing is a new commitment or a note.',
    );
  }
  const may = schedulers(action, playbook);
  if (!may.has(actor.role)) {
    throw new PermissionError(
      `${roleLabel(playbook, actor.role)} may not set the time of ${q(action.id)}.`,
      `Roles that may: ${[...may].map((r) => roleLabel(playbook, r)).join(', ')}.`,
    );
  }
  return action;
}

/** Its owner and approvers, whoever owns a step of its run of show, and those acting for any of them. */
function schedulers(action: Action, playbook: Playbook): Set<string> {
  const base = new Set([action.owner, ...(action.approvers ?? []), ...runOfShowOwners(action.id, playbook)]);
  return new Set(
    playbook.roles.filter((r) => base.has(r.id) || (r.acts_for ?? []).some((a) => base.has(a))).map((r) => r.id),
  );
}

function schedule(c: Extract<PressCommand, { kind: 'schedule' }>, ctx: Ctx): IncidentEvent[] {
  const action = pressAction(c.action, ctx, 'scheduled');
  const zone = ctx.playbook.time_zone;
  if (Number.isNaN(c.start.getTime())) throw new InputError('The start time is not a valid time.');
  if (c.start <= ctx.now) {
    throw new InputError(
      `${timeIn(c.start, zone)} has passed (now is ${timeIn(ctx.now, zone)}); a press conference is scheduled ahead.`,
      'Give a later --at. If it was held, record it: cic done ' + action.id,
    );
  }
  const current = scheduleAt(ctx.state.press, action.id);
  const place = c.place?.trim() || undefined;
  if (place !== undefined && place.length > 300) throw new InputError('--place is at most 300 characters.');
  if (current?.start === undefined) {
    return [
      {
        type: 'press.scheduled',
        data: { action: action.id, start: c.start.toISOString(), ...(place ? { place } : {}) },
      },
      ...scheduleFacts(action, c.start, place ?? current?.place, ctx.state),
    ];
  }
  if (Date.parse(current.start) === c.start.getTime() && (place === undefined || place === current.place)) {
    throw new InputError(`${q(action.id)} is already scheduled for ${timeIn(c.start, zone)}.`);
  }
  const reason = requireReason(c.reason, `move ${q(action.id)} (everything counted from its start moves with it)`);
  return [
    {
      type: 'press.scheduled',
      data: {
        action: action.id,
        start: c.start.toISOString(),
        ...(place ? { place } : {}),
        reason,
        from: current.start,
      },
    },
    ...scheduleFacts(action, c.start, place ?? current.place, ctx.state),
  ];
}

/**
 * The start and place written to the facts the playbook names (`schedule_facts`), so a media
 * advisory's template says them, and a statement released with the old time shows as changed.
 */
function scheduleFacts(action: Action, start: Date, place: string | undefined, state: IncidentState): IncidentEvent[] {
  const out: IncidentEvent[] = [];
  const set = (fact: string | undefined, value: string | undefined) => {
    if (fact === undefined || value === undefined || state.facts[fact] === value) return;
    out.push({ type: 'fact.recorded', data: { fact, value } });
  };
  set(action.schedule_facts?.start, start.toISOString());
  set(action.schedule_facts?.place, place);
  return out;
}

function cancel(c: Extract<PressCommand, { kind: 'cancel' }>, ctx: Ctx): IncidentEvent[] {
  const action = pressAction(c.action, ctx, 'cancelled');
  const current = scheduleAt(ctx.state.press, action.id);
  if (current?.start === undefined) {
    throw new InputError(
      `${q(action.id)} is not scheduled, so there is nothing to cancel.`,
      `If it will not be held at all, skip it with a reason: cic skip ${action.id} --reason "…"`,
    );
  }
  const reason = requireReason(c.reason, `cancel ${q(action.id)}`);
  return [{ type: 'press.cancelled', data: { action: action.id, reason, from: current.start } }];
}

function requireRole(id: string, playbook: Playbook, flag: string): string {
  if (!playbook.roles.some((r) => r.id === id)) {
    throw new InputError(
      `${flag} ${q(id)} is not a role in this incident's playbook.`,
      `Roles: ${playbook.roles.map((r) => r.id).join(', ')}.`,
    );
  }
  return id;
}

function commit(c: Extract<PressCommand, { kind: 'commit' }>, ctx: Ctx): IncidentEvent[] {
  const { state, playbook, now } = ctx;
  requireNotClosed(state, playbook, 'record what was promised with a note, or reopen it');
  const text = c.text.trim();
  if (text === '')
    throw new InputError(
      'A commitment needs its words.',
      'Write what was promised: cic commitment add "release the video" …',
    );
  if (text.length > 2000) throw new InputError('A commitment is at most 2,000 characters.');
  if (Number.isNaN(c.due.getTime())) throw new InputError('--by is not a valid time.');
  if (c.due <= now) {
    throw new InputError(
      `--by ${timeIn(c.due, playbook.time_zone)} has already passed; a commitment is tracked until a time still ahead.`,
      'Give the time the official promised.',
    );
  }
  const owner = requireRole(c.owner, playbook, '--owner');
  const said_by = requireRole(c.said_by, playbook, '--said-by');
  let press: string | undefined;
  if (c.press !== undefined) {
    const action = findAction(playbook, c.press);
    if (action.kind !== 'press-conference') throw new InputError(`--press ${q(action.id)} is not a press conference.`);
    press = action.id;
  }
  const number = state.press.commitments.reduce((n, x) => Math.max(n, x.number), 0) + 1;
  return [
    {
      type: 'commitment.made',
      data: { commitment: number, text, due: c.due.toISOString(), owner, said_by, ...(press ? { press } : {}) },
    },
  ];
}

function findCommitment(state: IncidentState, n: number): Commitment {
  const c = commitmentOf(state.press, n);
  if (c === undefined) {
    const known = state.press.commitments.map((x) => x.number);
    throw new InputError(
      `There is no commitment ${n} in incident ${state.id}.`,
      known.length ? `Commitments: ${known.join(', ')} (cic commitment list).` : 'None has been recorded yet.',
    );
  }
  return c;
}

function resolveCommitment(c: Extract<PressCommand, { kind: 'keep' | 'break' }>, ctx: Ctx): IncidentEvent[] {
  const { state, playbook, actor } = ctx;
  const found = findCommitment(state, c.commitment);
  if (found.kept || found.broken) {
    throw new InputError(
      `Commitment ${found.number} is already recorded as ${found.kept ? 'kept' : 'not to be kept'}.`,
      '`cic log --type commitment.kept` shows who recorded it.',
    );
  }
  const may = playbook.roles.filter(
    (r) => r.id === found.owner || (r.acts_for ?? []).includes(found.owner) || r.id === found.said_by,
  );
  if (!may.some((r) => r.id === actor.role)) {
    throw new PermissionError(
      `${roleLabel(playbook, actor.role)} may not record commitment ${found.number}: it belongs to ${roleLabel(playbook, found.owner)}.`,
      `Roles that may: ${may.map((r) => roleLabel(playbook, r.id)).join(', ')}.`,
    );
  }
  if (c.kind === 'keep') {
    const note = c.note?.trim();
    return [{ type: 'commitment.kept', data: { commitment: found.number, ...(note ? { note } : {}) } }];
  }
  const reason = requireReason(c.reason, `record commitment ${found.number} as not to be kept`);
  return [{ type: 'commitment.broken', data: { commitment: found.number, reason } }];
}

function brief(c: Extract<PressCommand, { kind: 'brief' }>, { state, playbook, actor }: Ctx): IncidentEvent[] {
  const body = playbook.roles.find((r) => r.id === c.body);
  if (body?.governing_body !== true) {
    const bodies = playbook.roles.filter((r) => r.governing_body).map((r) => r.id);
    throw new InputError(
      `${q(c.body)} is not the governing body in this playbook.`,
      bodies.length ? `Brief: ${bodies.join(', ')}.` : 'Mark the role with governing_body: true in the playbook.',
    );
  }
  const may = briefers(playbook, body.id);
  if (!may.has(actor.role)) {
    throw new PermissionError(
      `${roleLabel(playbook, actor.role)} may not send the ${body.title} a briefing packet.`,
      may.size
        ? `Roles that may (they own the playbook's briefings): ${[...may].map((r) => roleLabel(playbook, r)).join(', ')}.`
        : `No role may: the playbook has no briefing action (kind: briefing) with ${body.id} in its notify list; its owner sends the packets.`,
    );
  }
  const to = [...new Set(c.to.map((t) => t.trim()).filter(Boolean))];
  if (to.length === 0) {
    throw new InputError('Say to whom the packet goes.', 'Name each member: --to "Ald. Reyes" --to "Ald. Chen".');
  }
  const number = state.press.packets.length + 1;
  return [
    {
      type: 'board.briefed',
      data: {
        packet: number,
        to,
        as_of: c.as_of.toISOString(),
        through_seq: c.through_seq,
        sha256: c.sha256,
        ...(c.since === undefined ? {} : { since: c.since }),
      },
    },
  ];
}

/**
 * Owners of the playbook's briefings addressed to the governing body (the City Manager's "Brief the
 * Mayor and Board": kind briefing, the body in notify), and who acts for them.
 */
function briefers(playbook: Playbook, body: string): Set<string> {
  const owners = new Set(
    playbook.actions.filter((a) => a.kind === 'briefing' && (a.notify ?? []).includes(body)).map((a) => a.owner),
  );
  return new Set(
    playbook.roles.filter((r) => owners.has(r.id) || (r.acts_for ?? []).some((a) => owners.has(a))).map((r) => r.id),
  );
}

function acknowledge(
  c: Extract<PressCommand, { kind: 'acknowledge' }>,
  { state, playbook, actor }: Ctx,
): IncidentEvent[] {
  const members = playbook.roles.filter((r) => r.governing_body === true).map((r) => r.id);
  if (!members.includes(actor.role)) {
    throw new PermissionError(
      `${roleLabel(playbook, actor.role)} is not the governing body: only its members acknowledge a briefing packet.`,
      members.length ? `Acknowledge as a member: --as ${members.join(' or --as ')} --name "…".` : undefined,
    );
  }
  const packets = state.press.packets;
  if (packets.length === 0) throw new InputError(`No briefing packet has been sent in incident ${state.id}.`);
  const packet = c.packet ?? packets.at(-1)!.number;
  if (!packets.some((p) => p.number === packet)) {
    throw new InputError(
      `There is no briefing packet ${packet}.`,
      `Packets: ${packets.map((p) => p.number).join(', ')}.`,
    );
  }
  if (state.press.acknowledgements.some((a) => a.packet === packet && a.by.name === actor.name)) {
    throw new InputError(`${actor.name} already acknowledged packet ${packet}.`);
  }
  return [{ type: 'board.acknowledged', data: { packet } }];
}
