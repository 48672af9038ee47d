/**
 * schemas/log-entry.schema.json matches src/incident/events.ts: one complete example of every event
 * type passes; dropping any required field, adding an unknown one, or a wrong type fails. Every
 * entry checked here is also checked by its type's own validator (the schema narrowed to that
 * type, which is what a recording command loads): its verdict must be the whole schema's, on the
 * entries that fail as on those that pass.
 */
import { describe, expect, test } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EventData, EventType } from '../../../src/core/incident/events.js';
import { EVENT_TYPES } from '../../../src/core/log/entry.js';
import { entryValidator } from '../../../src/io/log/entry-schema.js';
import { entryTypeValidatorName } from '../../../src/io/schemas/compile.js';
import { getValidator } from '../../../src/io/schemas/validators.js';
import { ROOT } from './fixtures.js';

const SHA = 'a'.repeat(64);
const T = '2026-11-26T08:00:00.000Z';

/** A complete example of every event's data, with the fields events.ts marks optional listed. */
const EXAMPLES: { [K in EventType]: { data: EventData[K]; optional: (keyof EventData[K])[] } } = {
  'incident.opened': {
    data: {
      title: 'Shooting at Forsyth and Hanley',
      occurred_at: '2026-11-26T07:45:00-06:00',
      playbook: { id: 'clayton-mo', version: '2026.1', sha256: SHA },
    },
    optional: [],
  },
  'fact.recorded': { data: { fact: 'injuries', value: 2 }, optional: [] },
  'incident.classified': {
    data: { tier: 'tier-1', reason: 'officer-involved shooting', from: 'tier-2', method: 'questions' },
    optional: ['from'],
  },
  'action.completed': { data: { action: 'notify-mayor', occurrence: 0, note: 'by phone' }, optional: ['note'] },
  'clock.paused': {
    data: {
      action: 'video-release',
      occurrence: 0,
      reason: 'interferes with the investigation',
      basis: { written: true },
    },
    optional: ['basis'],
  },
  'clock.resumed': {
    data: { action: 'video-release', occurrence: 0, reason: 'investigation closed' },
    optional: ['reason'],
  },
  'action.approved': {
    data: { action: 'answer-records-request', occurrence: 0 },
    optional: [],
  },
  'action.skipped': {
    data: { action: 'press-briefing', occurrence: 1, reason: 'merged with the 18:00 briefing' },
    optional: [],
  },
  'deadline.extended': {
    data: { action: 'video-release', occurrence: 0, due: T, from: T, reason: 'family viewing' },
    optional: [],
  },
  note: { data: { text: 'Called the Mayor' }, optional: [] },
  'request.received': {
    data: { kind: 'records-request', request: 1, received_at: T, from: 'KSDK-TV', note: 'body-camera video' },
    optional: ['note'],
  },
  'incident.closed': {
    data: { reason: 'all done', forced: true, left_open: [{ action: 'after-action', occurrence: 0 }] },
    optional: ['reason'],
  },
  'incident.reopened': { data: { reason: 'new video' }, optional: [] },
  'statement.drafted': {
    data: {
      statement: 'holding-statement',
      version: 1,
      file: 'drafts/holding-statement.v1.md',
      sha256: SHA,
      text: 'The words.',
      facts: { location: 'Forsyth', injured: true, count: 2 },
      checks: [{ level: 'warning', line: 3, message: 'no next update time' }],
      source: 'template',
    },
    optional: [],
  },
  'statement.approved': {
    data: { statement: 'holding-statement', version: 1, sha256: SHA, warnings: ['no next update time'] },
    optional: [],
  },
  'statement.rejected': {
    data: { statement: 'holding-statement', version: 1, sha256: SHA, reason: 'names an officer' },
    optional: [],
  },
  'statement.released': {
    data: {
      statement: 'holding-statement',
      version: 1,
      sha256: SHA,
      channels: ['press-release', 'website'],
      facts: { location: 'Forsyth' },
    },
    optional: [],
  },
  'press.scheduled': {
    data: { action: 'press-briefing', start: T, place: 'City Hall', reason: 'the Chief is at the scene', from: T },
    optional: ['place', 'reason', 'from'],
  },
  'press.cancelled': { data: { action: 'press-briefing', reason: 'joint briefing instead', from: T }, optional: [] },
  'commitment.made': {
    data: {
      commitment: 1,
      text: 'release the video',
      due: T,
      owner: 'police-chief',
      said_by: 'mayor',
      press: 'press-briefing',
    },
    optional: ['press'],
  },
  'commitment.kept': { data: { commitment: 1, note: 'posted' }, optional: ['note'] },
  'commitment.broken': { data: { commitment: 1, reason: 'prosecutor asked to wait' }, optional: [] },
  'board.briefed': {
    data: { packet: 2, to: ['Ald. Reyes'], as_of: T, through_seq: 12, sha256: SHA, since: 1 },
    optional: ['since'],
  },
  'board.acknowledged': { data: { packet: 1 }, optional: [] },
  'log.repaired': {
    data: { offset: 1234, length: 37, sha256: SHA, quarantine: 'log.jsonl.quarantine-1234-aaaaaaaa' },
    optional: [],
  },
};

function entry(type: string, data: unknown, extra: Record<string, unknown> = {}) {
  return {
    v: 1,
    incident: '2026-0001',
    seq: 0,
    at: T,
    actor: { role: 'pio', name: 'Jo', user: 'jo@host' },
    type,
    data,
    prev: SHA,
    hash: SHA,
    ...extra,
  };
}

let agreed = { passed: 0, failed: 0 };

/** The entry check, asserting on the way that the entry's type's own validator agrees with the whole schema. */
async function checker(): Promise<(entry: unknown) => string | undefined> {
  const check = await entryValidator();
  const whole = getValidator('log-entry');
  return (entry) => {
    const type = (entry as { type?: unknown }).type;
    if (typeof type === 'string' && EVENT_TYPES.has(type)) {
      const verdict = whole(entry);
      expect(getValidator(entryTypeValidatorName(type))(entry)).toBe(verdict);
      agreed = verdict ? { ...agreed, passed: agreed.passed + 1 } : { ...agreed, failed: agreed.failed + 1 };
    }
    return check(entry);
  };
}

describe('the log entry schema', () => {
  test('lists exactly the event types of events.ts', () => {
    const schema = JSON.parse(readFileSync(join(ROOT, 'schemas', 'log-entry.schema.json'), 'utf8')) as {
      properties: { type: { enum: string[] } };
    };
    expect([...schema.properties.type.enum].sort()).toEqual([...EVENT_TYPES].sort());
    expect(Object.keys(EXAMPLES).sort()).toEqual([...EVENT_TYPES].sort());
  });

  test.each(Object.keys(EXAMPLES) as EventType[])(
    '%s: the complete example passes; each missing required field, an extra field, or a wrong type fails',
    async (type) => {
      const check = await checker();
      const { data, optional } = EXAMPLES[type] as { data: Record<string, unknown>; optional: string[] };
      expect(check(entry(type, data))).toBeUndefined();
      for (const field of Object.keys(data)) {
        const { [field]: _dropped, ...rest } = data;
        if (optional.includes(field)) expect(check(entry(type, rest))).toBeUndefined();
        else expect(check(entry(type, rest))).toMatch(/required|must have/);
        expect(check(entry(type, { ...data, [field]: [[]] }))).toBeDefined();
      }
      expect(check(entry(type, { ...data, unexpected: 1 }))).toMatch(/additional/);
      // Another type's data does not pass as this one's.
      const other = type === 'note' ? 'incident.reopened' : 'note';
      expect(check(entry(type, EXAMPLES[other].data))).toBeDefined();
    },
  );

  test('the envelope: required fields, the simulated mark, stated_at, and nothing else', async () => {
    const check = await checker();
    const note = EXAMPLES.note.data;
    expect(check(entry('note', note, { clock: 'simulated', stated_at: '2026-11-26T02:14:00-06:00' }))).toBeUndefined();
    for (const field of ['v', 'incident', 'seq', 'at', 'actor', 'type', 'data', 'prev', 'hash']) {
      const e = entry('note', note) as Record<string, unknown>;
      delete e[field];
      expect(check(e)).toBeDefined();
    }
    const bad: Record<string, unknown>[] = [
      { clock: 'real' },
      { stated_at: 'yesterday' },
      { at: '2026-11-26T08:00:00Z' }, // `at` is UTC with milliseconds
      { incident: '../2026-0001' },
      { seq: -1 },
      { seq: 1.5 },
      { v: 2 },
      { prev: 'A'.repeat(64) },
      { actor: { role: 'pio', name: 'Jo' } },
      { actor: { role: 'pio', name: '', user: 'u@h' } },
      { signature: 'x' },
    ];
    for (const b of bad) expect(check(entry('note', note, b))).toBeDefined();
  });

  test("each type's own validator was asked about entries that pass and entries that fail", () => {
    // Run after the tests above (jest runs a file's tests in order): agreement on failures is what
    // shows a narrowed validator is not merely permissive.
    expect(agreed.passed).toBeGreaterThan(EVENT_TYPES.size);
    expect(agreed.failed).toBeGreaterThan(5 * EVENT_TYPES.size);
  });
});
