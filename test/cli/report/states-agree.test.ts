/**
 * One vocabulary: for random logs and times, the report's per-item states are exactly what
 * `cic status --json --all` says at the same moment (both are the schedule's `named` states,
 * src/core/incident/item-state.ts), and no item past its deadline is ever left "open".
 */
import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { fold } from '../../../src/core/incident/fold.js';
import { STATE_NAMES } from '../../../src/core/incident/item-state.js';
import { schedule } from '../../../src/core/incident/schedule.js';
import { statusJson } from '../../../src/cli/views/status-view.js';
import type { Playbook } from '../../../src/core/playbook/model.js';
import { playbook as testPlaybook } from '../../core/incident/fixtures.js';
import { build, line, opening, type Line, INCIDENT } from './fixtures.js';

const START = Date.parse('2026-11-26T08:00:00.000Z');
const MIN = 60_000;
// Promised next updates drive the recurring situation update (one-off in Tier 3, where it does not apply).
const playbook: Playbook = {
  ...testPlaybook,
  facts: [
    ...testPlaybook.facts,
    { id: 'next_update_at', type: 'date-time', prompt: 'Next update?', promise: { updates: 'situation-update' } },
  ],
};
const ACTIONS = testPlaybook.actions.map((a) => a.id);

type Step =
  | { kind: 'done' | 'skip'; action: number; occurrence: number; after: number }
  | { kind: 'extend'; action: number; occurrence: number; after: number; by: number }
  | { kind: 'promise'; after: number; by: number }
  | { kind: 'close'; after: number }
  | { kind: 'reopen'; after: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    kind: fc.constantFrom('done' as const, 'skip' as const),
    action: fc.nat(ACTIONS.length - 1),
    occurrence: fc.nat(3),
    after: fc.integer({ min: 1, max: 600 }),
  }),
  fc.record({
    kind: fc.constant('extend' as const),
    action: fc.nat(ACTIONS.length - 1),
    occurrence: fc.nat(3),
    after: fc.integer({ min: 1, max: 600 }),
    by: fc.integer({ min: 10, max: 3000 }),
  }),
  fc.record({
    kind: fc.constant('promise' as const),
    after: fc.integer({ min: 1, max: 600 }),
    by: fc.integer({ min: 10, max: 600 }),
  }),
  fc.record({ kind: fc.constant('close' as const), after: fc.integer({ min: 1, max: 3000 }) }),
  fc.record({ kind: fc.constant('reopen' as const), after: fc.integer({ min: 1, max: 600 }) }),
);

/** A log the decider could have written: steps that make no sense at that point are left out. */
function logOf(tier: string, steps: Step[]): { lines: Line[]; end: number } {
  const iso = (ms: number) => new Date(ms).toISOString();
  const lines: Line[] = opening(iso(START), iso(START - 10 * MIN), tier);
  let t = START;
  let closed = false;
  const resolved = new Set<string>();
  for (const s of steps) {
    t += s.after * MIN;
    if (s.kind === 'close' || s.kind === 'reopen') {
      if ((s.kind === 'close') === closed) continue;
      closed = s.kind === 'close';
      lines.push(
        s.kind === 'close'
          ? line('incident.closed', { forced: true, reason: 'done for now', left_open: [] }, iso(t))
          : line('incident.reopened', { reason: 'new video' }, iso(t)),
      );
      continue;
    }
    if (s.kind === 'promise') {
      if (closed) continue;
      const facts = { next_update_at: iso(t + s.by * MIN) };
      const data = { statement: 'holding-statement', version: 1, sha256: 'b'.repeat(64), channels: ['web'], facts };
      lines.push(line('statement.released', data, iso(t)));
      continue;
    }
    const action = ACTIONS[s.action]!;
    const key = `${action}#${s.occurrence}`;
    if (resolved.has(key)) continue;
    if (s.kind === 'extend') {
      const from = iso(t);
      lines.push(
        line(
          'deadline.extended',
          { action, occurrence: s.occurrence, due: iso(t + s.by * MIN), from, reason: 'more time' },
          iso(t),
        ),
      );
      continue;
    }
    resolved.add(key);
    lines.push(
      s.kind === 'done'
        ? line('action.completed', { action, occurrence: s.occurrence }, iso(t))
        : line('action.skipped', { action, occurrence: s.occurrence, reason: 'not needed' }, iso(t)),
    );
  }
  return { lines, end: t };
}

describe('the report and status agree', () => {
  test('for random logs and times, every item has the same state in both, and nothing past due is open', () => {
    let promised = 0;
    fc.assert(
      fc.property(
        fc.constantFrom('tier-1', 'tier-2', 'tier-3'),
        fc.array(step, { maxLength: 25 }),
        fc.integer({ min: 0, max: 60 * 24 * 60 }),
        (tier, steps, later) => {
          const { lines, end } = logOf(tier, steps);
          const now = new Date(end + later * MIN);
          const { report, log } = build(lines, now.toISOString(), { playbook });
          const state = fold(log, INCIDENT);
          const status = statusJson({
            state,
            playbook,
            items: schedule(state, playbook, now),
            now,
            all: true,
          });
          const fromStatus = new Map(status.items.map((i) => [`${i.action}#${i.occurrence}`, i.state]));
          const fromReport = new Map(report.compliance.map((r) => [`${r.action}#${r.occurrence}`, r.outcome]));
          expect(fromReport).toEqual(fromStatus);
          // Promised updates agree too: the same items carry a promise in both, at the same time.
          const promiseOf = (p: { at: string } | null | undefined) => (p ? Date.parse(p.at) : null);
          expect(new Map(report.compliance.map((r) => [`${r.action}#${r.occurrence}`, promiseOf(r.promise)]))).toEqual(
            new Map(status.items.map((i) => [`${i.action}#${i.occurrence}`, promiseOf(i.promise)])),
          );
          promised += report.compliance.filter((r) => r.promise !== undefined).length;
          for (const r of report.compliance) {
            expect(STATE_NAMES).toContain(r.outcome);
            const pastDue = r.due !== null && Date.parse(r.due) < now.getTime();
            if (pastDue && r.completed_at === null && r.outcome !== 'skipped' && r.outcome !== 'cancelled')
              expect(['overdue', 'missed']).toContain(r.outcome);
          }
          // The on-time rate counts every deadline that came due, overdue and missed included.
          const c = report.figures.counts;
          const cameDue = c.done + c.extended + c.late + c.overdue + c.missed;
          expect(report.figures.on_time_rate).toBe(cameDue === 0 ? null : (c.done + c.extended) / cameDue);
        },
      ),
      { numRuns: 60 },
    );
    // The runs did exercise promised updates, not only the schedule without them.
    expect(promised).toBeGreaterThan(0);
  });

  test('closed, then long after: items due after closing are overdue in both, not "open" (the clerk’s 30 December)', () => {
    const iso = (ms: number) => new Date(ms).toISOString();
    const lines = [
      ...opening(iso(START), iso(START - 10 * MIN), 'tier-1'),
      line('incident.closed', { forced: true, reason: 'quiet', left_open: [] }, iso(START + 30 * MIN)),
    ];
    const now = new Date('2026-12-30T18:00:00.000Z');
    const { report, log } = build(lines, now.toISOString());
    const state = fold(log, INCIDENT);
    const status = statusJson({
      state,
      playbook: testPlaybook,
      items: schedule(state, testPlaybook, now),
      now,
      all: true,
    });
    const overdueInStatus = status.items.filter((i) => i.state === 'overdue' || i.state === 'missed').length;
    const overdueInReport = report.compliance.filter((r) => r.outcome === 'overdue' || r.outcome === 'missed').length;
    expect(overdueInStatus).toBeGreaterThan(0);
    expect(overdueInReport).toBe(overdueInStatus);
    expect(report.compliance.map((r) => r.outcome)).not.toContain('open');
  });
});
