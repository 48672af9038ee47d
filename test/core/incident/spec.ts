/**
 * given(events).when(command).then(events | error): the Decider specification harness for the
 * incident core (after emmett's deciderSpecification).
 */
import { expect } from '@jest/globals';
import type { Command } from '../../../src/core/incident/commands.js';
import { decide } from '../../../src/core/incident/decide.js';
import type { Actor, EventData, EventType, IncidentEvent, RecordedEvent } from '../../../src/core/incident/events.js';
import { fold } from '../../../src/core/incident/fold.js';
import type { IncidentState } from '../../../src/core/incident/state.js';
import type { FactValue, Playbook } from '../../../src/core/playbook/model.js';
import { manager, playbook as testPlaybook, SHA } from './fixtures.js';

export const INCIDENT = '2026-0007';

/** An event for `given`, without its seq (given numbers them in order). */
export interface Draft {
  type: EventType;
  data: unknown;
  at: string;
  stated_at?: string;
  actor?: Actor;
}

export function ev<T extends EventType>(
  type: T,
  data: EventData[T],
  at: string,
  options: { stated_at?: string; actor?: Actor } = {},
): Draft {
  return { type, data, at, ...options };
}

/** incident.opened, its facts and its classification, all written at `at`. */
export function opened(options: {
  at: string;
  occurred_at?: string;
  tier?: string;
  facts?: Record<string, FactValue>;
}): Draft[] {
  const { at, occurred_at = at, tier = 'tier-1', facts = {} } = options;
  return [
    ev(
      'incident.opened',
      { title: 'Test incident', occurred_at, playbook: { id: 'test-city', version: '1.0', sha256: SHA } },
      at,
    ),
    ...Object.entries(facts).map(([fact, value]) => ev('fact.recorded', { fact, value }, at)),
    ev('incident.classified', { tier, reason: 'set manually: test', method: 'manual' }, at),
  ];
}

export function done(
  action: string,
  at: string,
  options: { occurrence?: number; stated_at?: string; actor?: Actor; note?: string } = {},
): Draft {
  const { occurrence = 0, note, ...rest } = options;
  return ev('action.completed', { action, occurrence, ...(note === undefined ? {} : { note }) }, at, rest);
}

export function toEntries(drafts: readonly (Draft | readonly Draft[])[]): RecordedEvent[] {
  return drafts.flat().map(
    (d, seq) =>
      ({
        seq,
        at: d.at,
        ...(d.stated_at === undefined ? {} : { stated_at: d.stated_at }),
        actor: d.actor ?? manager,
        type: d.type,
        data: d.data,
      }) as RecordedEvent,
  );
}

export function stateOf(...drafts: (Draft | readonly Draft[])[]): IncidentState {
  return fold(toEntries(drafts), INCIDENT);
}

type ErrorClass = abstract new (...args: never[]) => Error;

export function given(...drafts: (Draft | readonly Draft[])[]) {
  const state = stateOf(...drafts);
  return {
    state,
    when(command: Command, options: { now: string; actor?: Actor; playbook?: Playbook }) {
      const run = () =>
        decide(command, state, options.playbook ?? testPlaybook, new Date(options.now), options.actor ?? manager);
      return {
        then(expected: IncidentEvent[]): IncidentEvent[] {
          const events = run();
          expect(events).toEqual(expected);
          return events;
        },
        /** The error's class, and a fragment of its message or hint. */
        thenThrows(errorClass: ErrorClass, fragment: string | RegExp): Error {
          let caught: unknown;
          try {
            run();
          } catch (err) {
            caught = err;
          }
          expect(caught).toBeInstanceOf(errorClass);
          const err = caught as Error & { hint?: string };
          expect(`${err.message}\n${err.hint ?? ''}`).toMatch(fragment);
          return err;
        },
      };
    },
  };
}
