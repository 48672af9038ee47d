/**
 * A recording command reads only the parts of a long incident's state that it needs
 * (state-reads.ts): the folder store then parses only those. For random incidents on every bundled
 * playbook (statements released with promised times among them), `done`, `skip` and `extend` of
 * any action decide the same on those parts as on the whole state, and the action's items (what
 * the command prints) are the same before and after; a change of facts shows the same items
 * added and taken off. Negative controls: reading only the action itself, not the actions its
 * definition names, or reading no statements where a promise can name an update, each makes the
 * property fail.
 */
import { beforeAll, describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import type { Command } from '../../../src/core/incident/commands.js';
import { decide } from '../../../src/core/incident/decide.js';
import type { Actor } from '../../../src/core/incident/events.js';
import { actionsMovedByFacts } from '../../../src/core/incident/fact-reach.js';
import { evolve } from '../../../src/core/incident/fold.js';
import { schedule } from '../../../src/core/incident/schedule.js';
import { commandReads, partialState, type StateReads } from '../../../src/core/incident/state-reads.js';
import type { IncidentState } from '../../../src/core/incident/state.js';
import type { Playbook } from '../../../src/core/playbook/model.js';
import type { LogEntry } from '../../../src/core/log/envelope.js';
import {
  BUNDLED as files,
  bundledPlaybooks,
  holdsOnEvery,
  play,
  story,
  valueOf,
  type Story,
} from '../../helpers/random-incident.js';

let playbooks: Map<string, Playbook>;

beforeAll(async () => {
  playbooks = await bundledPlaybooks();
});

type ReadsOf = (command: Command, playbook: Playbook) => StateReads;

interface Case {
  story: Story;
  kind: number;
  action: number;
}

const cases: fc.Arbitrary<Case> = fc.record({ story, kind: fc.nat(3), action: fc.nat(99) });

/** The command of `c`: done, skip or extend of one action, or a change of facts. */
function commandOf(playbook: Playbook, c: Case): Command {
  const action = playbook.actions[c.action % playbook.actions.length]!.id;
  switch (c.kind) {
    case 0:
      return { kind: 'done', action, note: 'n' };
    case 1:
      return { kind: 'skip', action, reason: 'not needed' };
    case 2:
      return { kind: 'extend', action, by: 'PT1H', reason: 'asked', requested_by: 'the county', written: true };
    default: {
      const facts: Record<string, string> = {};
      for (const f of c.story.change) {
        const fact = playbook.facts[f.fact % playbook.facts.length]!;
        facts[fact.id] = String(valueOf(fact, f.value));
      }
      return { kind: 'setFacts', facts };
    }
  }
}

/** What a command decides on `state` (its events, or why it refuses), and the state after. */
function outcome(command: Command, state: IncidentState, playbook: Playbook, now: Date, actor: Actor) {
  try {
    const events = decide(command, state, playbook, now, actor);
    const written = events.map((e, i) => ({ ...e, seq: state.last_seq + 1 + i, at: now.toISOString(), actor }));
    const after = written.reduce<IncidentState>((s, e) => evolve(s, e as unknown as LogEntry), state);
    return { said: JSON.stringify(events), after };
  } catch (e) {
    return { said: `refused: ${(e as Error).message}`, after: state };
  }
}

/** Whether deciding on the parts `readsOf` names, and showing the items it shows, matches the whole state. */
function sameOnParts(playbook: Playbook, c: Case, readsOf: ReadsOf): boolean {
  const { before: whole, now } = play(playbook, c.story);
  const command = commandOf(playbook, c);
  const part = partialState(whole, readsOf(command, playbook));
  const owner = 'action' in command ? playbook.actions.find((a) => a.id === command.action)!.owner : 'city-manager';
  const actor: Actor = { name: 'Pat', role: owner, user: 'pat@host' };
  const a = outcome(command, whole, playbook, now, actor);
  const b = outcome(command, part, playbook, now, actor);
  if (a.said !== b.said) return false;
  // What the command shows: its action's items (done, skip, extend), or the items of the actions a
  // change of facts can move, before and after.
  const only =
    command.kind === 'setFacts'
      ? actionsMovedByFacts(playbook, new Set(Object.keys(command.facts)))
      : new Set([(command as { action: string }).action]);
  const items = (s: IncidentState) => JSON.stringify(schedule(s, playbook, now, only));
  return items(whole) === items(part) && items(a.after) === items(b.after);
}

/** Whether the property holds on every bundled playbook with `readsOf` (seeded: for the negative controls). */
const holdsWith = (readsOf: ReadsOf) =>
  holdsOnEvery(playbooks, cases, (p, c) => sameOnParts(p, c, readsOf), { numRuns: 300, seed: 2026 });

describe('the parts of the state a recording command reads', () => {
  test.each(files)('%s: deciding and showing on them is as on the whole state', (file) => {
    const playbook = playbooks.get(file)!;
    fc.assert(
      fc.property(cases, (c) => sameOnParts(playbook, c, commandReads)),
      { numRuns: 150 },
    );
  });

  test('negative control: without the actions an action names, the property fails', () => {
    const onlyItself: ReadsOf = (command, playbook) => {
      const reads = commandReads(command, playbook);
      if (!('action' in command)) return reads;
      return { ...reads, actions: new Set([command.action]) };
    };
    expect(holdsWith(onlyItself)).toBe(false);
  });

  test('negative control: without the statements where a promise names an update, the property fails', () => {
    const noStatements: ReadsOf = (command, playbook) => ({ ...commandReads(command, playbook), statements: false });
    expect(holdsWith(noStatements)).toBe(false);
  });
});
