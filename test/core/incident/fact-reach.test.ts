/**
 * `cic fact set` compares only the actions a change of facts can move (fact-reach.ts): for random
 * incidents on every bundled playbook and random changes of facts, what it shows as added to and
 * taken off the checklist is exactly what comparing every action's items shows. The negative
 * control: leaving out the actions whose conditions name a changed fact makes the same property
 * fail.
 */
import { beforeAll, describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { actionsMovedByFacts } from '../../../src/core/incident/fact-reach.js';
import { schedule } from '../../../src/core/incident/schedule.js';
import type { Playbook } from '../../../src/core/playbook/model.js';
import { addedItems, droppedItems } from '../../../src/cli/views/recorded-view.js';
import {
  BUNDLED as files,
  bundledPlaybooks,
  holdsOnEvery,
  play,
  story,
  type Story,
} from '../../helpers/random-incident.js';

let playbooks: Map<string, Playbook>;

beforeAll(async () => {
  playbooks = await bundledPlaybooks();
});

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
    const holds = holdsOnEvery(playbooks, story, (p, s) => sameChanges(p, s, withoutConditions), {
      numRuns: 300,
      seed: 2026,
    });
    expect(holds).toBe(false);
  });
});
