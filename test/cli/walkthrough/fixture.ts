/**
 * The bundled Clayton playbook and a Tier 1 incident built as log events, for the walk-through's
 * pure logic and the Markdown runbook.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { Actor, EventData, EventType, RecordedEvent } from '../../../src/core/incident/events.js';
import { fold } from '../../../src/core/incident/fold.js';
import { schedule } from '../../../src/core/incident/schedule.js';
import type { IncidentState } from '../../../src/core/incident/state.js';
import type { Playbook } from '../../../src/core/playbook/model.js';

export const playbook = parse(readFileSync('playbooks/clayton-mo.yaml', 'utf8')) as Playbook;

export const actor = (role: string, name = `${role} person`): Actor => ({ role, name, user: 'tester@host' });

/** 2026-11-26 01:40 CST: the shooting; declared 01:54 CST. */
export const OCCURRED = '2026-11-26T07:40:00.000Z';
export const DECLARED = '2026-11-26T07:54:00.000Z';

export class Log {
  events: RecordedEvent[] = [];
  add<T extends EventType>(type: T, data: EventData[T], at: string, by: Actor = actor('city-manager')): this {
    this.events.push({ seq: this.events.length, at, actor: by, type, data } as RecordedEvent);
    return this;
  }
  state(): IncidentState {
    return fold(this.events, '2026-0001');
  }
  items(now: string) {
    return schedule(this.state(), playbook, new Date(now));
  }
}

/** A Tier 1 incident, opened with its facts. */
export function tier1(facts: Record<string, string | number | boolean> = {}): Log {
  const log = new Log().add(
    'incident.opened',
    {
      title: 'Officer-involved shooting, Forsyth and Hanley',
      occurred_at: OCCURRED,
      playbook: { id: 'clayton-mo', version: '2026.1', sha256: 'a'.repeat(64) },
    },
    DECLARED,
  );
  for (const [fact, value] of Object.entries({ shots_fired_by_officer: true, ...facts }))
    log.add('fact.recorded', { fact, value }, DECLARED);
  return log.add('incident.classified', { tier: 'tier-1', reason: 'shots fired', method: 'questions' }, DECLARED);
}

/** A Tier 3 (community trust) incident: a bias complaint, a video circulating. */
export function tier3(): Log {
  const log = new Log().add(
    'incident.opened',
    {
      title: 'Stop of ten students',
      occurred_at: OCCURRED,
      playbook: { id: 'clayton-mo', version: '2026.1', sha256: 'a'.repeat(64) },
    },
    DECLARED,
  );
  log.add('fact.recorded', { fact: 'bias_complaint', value: true }, DECLARED);
  return log.add('incident.classified', { tier: 'tier-3', reason: 'bias complaint', method: 'questions' }, DECLARED);
}
