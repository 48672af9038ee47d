/**
 * The incident core's test playbook with a press conference and its run of show, and a helper
 * that applies press commands as the CLI does (decide, then fold what was decided).
 */
import type { Action, Playbook } from '../../../src/core/playbook/model.js';
import type { Actor, RecordedEvent } from '../../../src/core/incident/events.js';
import { decide } from '../../../src/core/incident/decide.js';
import { evolve, fold } from '../../../src/core/incident/fold.js';
import type { IncidentState } from '../../../src/core/incident/state.js';
import { decidePress, type PressCommand } from '../../../src/core/press/decide.js';
import { manager, playbook as base, SHA } from '../incident/fixtures.js';

const runOfShow: Action[] = [
  {
    id: 'advisory',
    title: 'Media advisory',
    kind: 'task',
    owner: 'pio',
    tiers: ['tier-1'],
    due: { before: { scheduled: 'press-conference' }, within: 'PT2H' },
  },
  {
    id: 'talking-points',
    title: 'Talking points approved',
    kind: 'task',
    owner: 'pio',
    tiers: ['tier-1'],
    due: { before: { scheduled: 'press-conference' }, within: 'PT30M' },
  },
  {
    id: 'transcript',
    title: 'Transcript posted',
    kind: 'task',
    owner: 'pio',
    tiers: ['tier-1'],
    due: { after: { action: 'press-conference' }, within: 'PT2H' },
  },
];

export const pressPlaybook: Playbook = {
  ...base,
  roles: [...base.roles, { id: 'board', title: 'Board of Aldermen', governing_body: true }],
  facts: [...base.facts, { id: 'briefing_at', type: 'date-time', prompt: 'When is the briefing?' }],
  actions: [
    ...base.actions.map((a) =>
      a.id === 'press-conference'
        ? { ...a, depends_on: [], schedule_facts: { start: 'briefing_at' } }
        : a.id === 'council-briefing'
          ? { ...a, notify: ['board'] }
          : a,
    ),
    ...runOfShow,
  ],
};

export const T0 = Date.parse('2026-11-26T08:00:00.000Z'); // 02:00 CST
export const at = (minutes: number) => new Date(T0 + minutes * 60_000);

/** A Tier 1 incident opened at T0 on the press playbook. */
export function opened(): IncidentState {
  const events = decide(
    { kind: 'open', title: 'Test', occurred_at: at(-20), facts: { injury: 'fatal' }, playbook_sha256: SHA },
    fold([], '2026-0001'),
    pressPlaybook,
    at(0),
    manager,
  );
  return events.reduce((s, e, seq) => evolve(s, recorded(e, seq, at(0), manager)), fold([], '2026-0001'));
}

function recorded(e: { type: string; data: unknown; stated_at?: string }, seq: number, now: Date, by: Actor) {
  return {
    seq,
    at: now.toISOString(),
    actor: by,
    type: e.type,
    data: e.data,
    ...(e.stated_at ? { stated_at: e.stated_at } : {}),
  } as RecordedEvent;
}

/** Decide a press command at `minutes` after T0 and fold what it decided. */
export function press(state: IncidentState, minutes: number, by: Actor, c: PressCommand): IncidentState {
  const events = decidePress(c, state, pressPlaybook, at(minutes), by);
  return events.reduce((s, e) => evolve(s, recorded(e, s.last_seq + 1, at(minutes), by)), state);
}

/** A core incident command (done, skip, close) at `minutes` after T0. */
export function act(state: IncidentState, minutes: number, by: Actor, c: Parameters<typeof decide>[0]): IncidentState {
  const events = decide(c, state, pressPlaybook, at(minutes), by);
  return events.reduce((s, e) => evolve(s, recorded(e, s.last_seq + 1, at(minutes), by)), state);
}
