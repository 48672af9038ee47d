import { describe, expect, test } from '@jest/globals';
import { evolve, fold, initialState } from '../../../src/core/incident/fold.js';
import { chief, clerk, manager, pio } from './fixtures.js';
import { done, ev, INCIDENT, opened, stateOf, toEntries } from './spec.js';

const OPEN = '2026-06-10T15:00:00.000Z';
const h = (n: number) => new Date(Date.parse(OPEN) + n * 3_600_000).toISOString();

describe('fold', () => {
  test('an empty log is the initial state', () => {
    expect(fold([], INCIDENT)).toEqual(initialState(INCIDENT));
    expect(initialState(INCIDENT)).toMatchObject({ id: INCIDENT, opened: false, status: 'open', last_seq: -1 });
  });

  test('opening: title, anchors, playbook, facts and tier', () => {
    const s = stateOf(opened({ at: OPEN, occurred_at: h(-2), tier: 'tier-2', facts: { vehicles: 4 } }));
    expect(s).toMatchObject({
      opened: true,
      title: 'Test incident',
      occurred_at: h(-2),
      declared_at: OPEN,
      playbook: { id: 'test-city', version: '1.0' },
      tier: 'tier-2',
      tier_set_at: OPEN,
      status: 'open',
      last_seq: 2,
    });
    expect({ ...s.facts }).toEqual({ vehicles: 4 });
  });

  test('the incident id comes from log entries when they carry it', () => {
    const entries = toEntries([opened({ at: OPEN })]).map((e) => ({ ...e, incident: '2026-0042' }));
    expect(fold(entries).id).toBe('2026-0042');
  });

  test('a fact is its latest recorded value; earlier values stay in the log, not in the state', () => {
    const s = stateOf(
      opened({ at: OPEN, facts: { vehicles: 4 } }),
      ev('fact.recorded', { fact: 'vehicles', value: 6 }, h(3), { stated_at: h(2), actor: chief }),
    );
    expect({ ...s.facts }).toEqual({ vehicles: 6 });
    // The state kept beside the log must not grow with every change (src/io/log/state-file.ts).
    expect(JSON.stringify(s)).not.toContain('"value":4');
  });

  test('escalation moves tier_set and keeps the history', () => {
    const s = stateOf(
      opened({ at: OPEN, tier: 'tier-3' }),
      ev('incident.classified', { tier: 'tier-1', from: 'tier-3', reason: 'death', method: 'manual' }, h(5)),
    );
    expect(s.tier).toBe('tier-1');
    expect(s.tier_set_at).toBe(h(5));
    expect(s.tier_history.map((t) => [t.tier, t.from, t.at])).toEqual([
      ['tier-3', undefined, OPEN],
      ['tier-1', 'tier-3', h(5)],
    ]);
  });

  test('completions, skips and extensions per occurrence, with the anchors as they stood', () => {
    const s = stateOf(
      opened({ at: OPEN }),
      done('situation-update', h(5), { occurrence: 1, stated_at: h(4), actor: pio, note: 'sent' }),
      ev('action.skipped', { action: 'evidence-log', occurrence: 0, reason: 'none' }, h(6), { actor: chief }),
      ev(
        'deadline.extended',
        { action: 'council-briefing', occurrence: 0, due: h(30), from: h(25), reason: 'r' },
        h(7),
      ),
    );
    expect(s.actions['situation-update']![1]).toEqual({
      completed: { at: h(5), stated_at: h(4), by: pio, note: 'sent', seq: 2, anchors: { tier_set_at: OPEN } },
      extensions: [],
    });
    expect(s.actions['evidence-log']![0]!.skipped).toEqual({
      reason: 'none',
      by: chief,
      at: h(6),
      seq: 3,
      anchors: { tier_set_at: OPEN },
    });
    expect(s.actions['council-briefing']![0]!.extensions).toEqual([
      { due: h(30), from: h(25), reason: 'r', by: manager, at: h(7), seq: 4 },
    ]);
  });

  test('close and reopen', () => {
    const closed = [
      ...opened({ at: OPEN }),
      ev('incident.closed', { forced: false, left_open: [{ action: 'x', occurrence: 0 }] }, h(5)),
    ];
    expect(stateOf(closed)).toMatchObject({ status: 'closed', closed_at: h(5) });
    const reopened = stateOf(closed, ev('incident.reopened', { reason: 'video' }, h(8)));
    expect(reopened.status).toBe('open');
    expect(reopened.closed_at).toBeUndefined();
    expect(reopened.lifecycle.map((l) => [l.type, l.at])).toEqual([
      ['closed', h(5)],
      ['reopened', h(8)],
    ]);
  });

  test('notes, repairs and statements', () => {
    const s = stateOf(
      opened({ at: OPEN }),
      ev('note', { text: 'called' }, h(1), { stated_at: h(0.5) }),
      ev('log.repaired', { offset: 10, length: 5, sha256: 'b'.repeat(64), quarantine: 'log.jsonl.damaged-1' }, h(2), {
        actor: { role: 'system', name: 'cic', user: 'u@h' },
      }),
      ev(
        'statement.drafted',
        {
          statement: 'holding-statement',
          version: 1,
          file: 'drafts/h.v1.md',
          sha256: 'c'.repeat(64),
          text: 'The words.',
          facts: {},
          checks: [],
          source: 'template',
        },
        h(3),
        { actor: pio },
      ),
    );
    expect(s.notes).toBe(1); // the text stays in the log alone
    expect(s.repairs[0]).toMatchObject({ offset: 10, length: 5, seq: 3 });
    expect(s.statements['holding-statement']!.versions.map((v) => v.version)).toEqual([1]);
  });

  test('an event type this version does not know only advances last_seq', () => {
    const entries = toEntries([opened({ at: OPEN }), { type: 'future.thing' as 'note', data: { x: 1 }, at: h(1) }]);
    const s = fold(entries, INCIDENT);
    expect(s.last_seq).toBe(2);
    expect(s.notes).toBe(0);
  });

  test('ids from data never touch Object.prototype', () => {
    const s = stateOf(
      opened({ at: OPEN }),
      ev('fact.recorded', { fact: '__proto__', value: 'polluted' }, h(1)),
      ev('fact.recorded', { fact: 'constructor', value: 'x' }, h(1)),
      ev('action.completed', { action: '__proto__', occurrence: 0 }, h(1)),
      ev('action.completed', { action: 'toString', occurrence: 0 }, h(1)),
      ev(
        'statement.drafted',
        {
          statement: 'constructor',
          version: 1,
          file: 'f',
          sha256: 'd',
          text: 'd',
          facts: {},
          checks: [],
          source: 'template',
        },
        h(1),
      ),
      ev(
        'statement.drafted',
        {
          statement: 'constructor',
          version: 2,
          file: 'f',
          sha256: 'e',
          text: 'e',
          facts: {},
          checks: [],
          source: 'template',
        },
        h(2),
      ),
    );
    expect(Object.hasOwn(s.facts, '__proto__')).toBe(true);
    expect(s.facts['__proto__']).toBe('polluted');
    expect(Object.hasOwn(s.facts, 'constructor')).toBe(true);
    expect(Object.hasOwn(s.actions, '__proto__')).toBe(true);
    expect(s.actions['toString']![0]!.completed).toBeDefined();
    expect(s.statements['constructor']!.versions).toHaveLength(2);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf({})).toBe(Object.prototype);
  });
});

describe('evolve', () => {
  const drafts = [
    opened({ at: OPEN, facts: { vehicles: 4 } }),
    ev('fact.recorded', { fact: 'vehicles', value: 6 }, h(1)),
    done('situation-update', h(4), { actor: pio }),
    ev('deadline.extended', { action: 'situation-update', occurrence: 1, due: h(9), from: h(8), reason: 'r' }, h(5)),
    ev('deadline.extended', { action: 'situation-update', occurrence: 1, due: h(10), from: h(9), reason: 'r2' }, h(6)),
    ev('incident.classified', { tier: 'tier-2', from: 'tier-1', reason: 'r', method: 'manual' }, h(7)),
    ev('note', { text: 'n' }, h(8), { actor: clerk }),
    ev('incident.closed', { forced: false, left_open: [] }, h(9)),
  ];

  test('folding event by event with evolve gives the same state as fold', () => {
    const entries = toEntries(drafts);
    expect(entries.reduce(evolve, initialState(INCIDENT))).toEqual(fold(entries, INCIDENT));
  });

  test('evolve leaves the state it was given unchanged', () => {
    const entries = toEntries(drafts);
    const before = fold(entries.slice(0, 6), INCIDENT);
    const snapshot = JSON.stringify(before);
    let s = before;
    for (const e of entries.slice(6)) s = evolve(s, e);
    expect(JSON.stringify(before)).toBe(snapshot);
    // negative control: the later state did change
    expect(JSON.stringify(s)).not.toBe(snapshot);
    expect(s.actions['situation-update']![1]!.extensions).toHaveLength(2);
    expect(before.actions['situation-update']![1]!.extensions).toHaveLength(1);
  });
});
