/**
 * `cic fact set` compares only the actions a change of facts can move (fact-reach.ts): for random
 * incidents on every bundled playbook and random changes of facts, what it shows as added to and
 * taken off the checklist is exactly what comparing every action's items shows. The negative
 * control: leaving out the actions whose conditions name a changed fact makes the same property
 * fail.
 */
import { beforeAll, describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { actionsMovedByFacts } from '../../../src/core/incident/fact-reach.js';
import { fold } from '../../../src/core/incident/fold.js';
import { schedule } from '../../../src/core/incident/schedule.js';
import type { Fact, FactValue, Playbook } from '../../../src/core/playbook/model.js';
import { addedItems, droppedItems } from '../../../src/cli/views/recorded-view.js';
import { loadPlaybook } from '../../../src/io/playbook/load.js';
import { entries, line, opening, type Line } from '../../cli/report/fixtures.js';

const ROOT = join(import.meta.dirname, '../../../playbooks');
const files = [
  ...readdirSync(ROOT).filter((f) => f.endsWith('.yaml')),
  ...readdirSync(join(ROOT, 'examples')).map((f) => join('examples', f)),
];
const playbooks = new Map<string, Playbook>();

beforeAll(async () => {
  for (const f of files) playbooks.set(f, (await loadPlaybook(join(ROOT, f))).playbook);
});

const START = Date.parse('2026-11-26T08:00:00.000Z');
const MIN = 60_000;
const iso = (ms: number) => new Date(ms).toISOString();

function valueOf(fact: Fact, n: number): FactValue {
  switch (fact.type) {
    case 'boolean':
      return n % 2 === 0;
    case 'number':
      return n % 5;
    case 'choice':
      return fact.choices![n % fact.choices!.length]!;
    case 'date-time':
      return iso(START + (n % 97) * 30 * MIN);
    default:
      return n % 3 === 0 ? '' : `text ${n % 3}`;
  }
}

interface Story {
  tier: number;
  facts: { fact: number; value: number }[];
  steps: { action: number; occurrence: number; skip: boolean; after: number }[];
  change: { fact: number; value: number }[];
  now: number;
}

const story: fc.Arbitrary<Story> = fc.record({
  tier: fc.nat(9),
  facts: fc.array(fc.record({ fact: fc.nat(99), value: fc.nat(999) }), { maxLength: 12 }),
  steps: fc.array(
    fc.record({
      action: fc.nat(99),
      occurrence: fc.nat(2),
      skip: fc.boolean(),
      after: fc.integer({ min: 1, max: 300 }),
    }),
    { maxLength: 20 },
  ),
  change: fc.array(fc.record({ fact: fc.nat(99), value: fc.nat(999) }), { minLength: 1, maxLength: 3 }),
  now: fc.integer({ min: 0, max: 20_000 }),
});

/** The states before and after the change, the facts it changed, and the time to look at them. */
function play(playbook: Playbook, s: Story) {
  const tiers = playbook.classification.tiers;
  const fact = (i: number) => playbook.facts[i % playbook.facts.length]!;
  const lines: Line[] = opening(iso(START), iso(START - 10 * MIN), tiers[s.tier % tiers.length]!.id);
  let t = START;
  for (const f of s.facts)
    lines.push(line('fact.recorded', { fact: fact(f.fact).id, value: valueOf(fact(f.fact), f.value) }, iso(t)));
  for (const step of s.steps) {
    t += step.after * MIN;
    const action = playbook.actions[step.action % playbook.actions.length]!.id;
    lines.push(
      step.skip
        ? line('action.skipped', { action, occurrence: step.occurrence, reason: 'not needed' }, iso(t))
        : line('action.completed', { action, occurrence: step.occurrence }, iso(t)),
    );
  }
  const before = fold(entries(lines), '2026-0042');
  t += MIN;
  const changed = s.change.map((c) =>
    line('fact.recorded', { fact: fact(c.fact).id, value: valueOf(fact(c.fact), c.value) }, iso(t)),
  );
  const after = fold(entries([...lines, ...changed]), '2026-0042');
  return { before, after, facts: new Set(s.change.map((c) => fact(c.fact).id)), now: new Date(t + s.now * MIN) };
}

const keys = (items: { action: string; occurrence: number }[]) => items.map((i) => `${i.action}#${i.occurrence}`);

/** Whether comparing only `reach`'s actions shows the same changes as comparing every action. */
function sameChanges(playbook: Playbook, s: Story, reach: typeof actionsMovedByFacts): boolean {
  const { before, after, facts, now } = play(playbook, s);
  const all = [schedule(before, playbook, now), schedule(after, playbook, now)] as const;
  const only = reach(playbook, facts);
  const some = [schedule(before, playbook, now, only), schedule(after, playbook, now, only)] as const;
  return (
    JSON.stringify(keys(addedItems(...all))) === JSON.stringify(keys(addedItems(...some))) &&
    JSON.stringify(keys(droppedItems(...all))) === JSON.stringify(keys(droppedItems(...some)))
  );
}

describe('the actions a change of facts can move', () => {
  test.each(files)('%s: comparing only them shows what comparing every action shows', (file) => {
    const playbook = playbooks.get(file)!;
    fc.assert(
      fc.property(story, (s) => sameChanges(playbook, s, actionsMovedByFacts)),
      { numRuns: 150 },
    );
  });

  test('negative control: without the actions whose conditions name a changed fact, the property fails', () => {
    const withoutConditions: typeof actionsMovedByFacts = (playbook, facts) => {
      const reach = actionsMovedByFacts(playbook, facts);
      for (const a of playbook.actions)
        if ([...facts].some((f) => JSON.stringify(a.when ?? null).includes(JSON.stringify(f)))) reach.delete(a.id);
      return reach;
    };
    // Seeded: a negative control must not depend on the luck of a random search.
    const failed = files.some((file) => {
      try {
        fc.assert(
          fc.property(story, (s) => sameChanges(playbooks.get(file)!, s, withoutConditions)),
          { numRuns: 300, seed: 2026 },
        );
        return false;
      } catch {
        return true;
      }
    });
    expect(failed).toBe(true);
  });
});
