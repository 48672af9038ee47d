/**
 * What of an incident's state a command about some actions reads. A long incident's state is
 * mostly history: every occurrence of a recurring update, every version, approval and release of
 * its statements. `cic done` on one action reads that action's records and little else; reading
 * (and parsing) the rest would make a command's cost grow with the incident's length. The state
 * kept beside the log (src/io/log/state-file.ts) is kept in parts, so a recording command reads
 * only the parts named here.
 *
 * Always read: everything but the actions' records and the statements (the head: facts, tier and
 * its history, lifecycle, requests, press schedules, counts). Of the actions, an action's items
 * are worked out from (schedule.ts): its own records; the records of the actions its definition
 * names (dependencies, anchors); and, for an update a promise can name (promises.ts), every
 * statement's releases and the records of every update listed in a promise. So the actions read
 * are those named, and what they name in turn; with any update a promise can name among them, the
 * statements and the promises' updates too. As in fact-reach.ts, a name is any string in the
 * definition equal to an action's id: that over-counts (harmless) and cannot miss a reference.
 *
 * A state holding only these parts (`partialState`) gives the same decision and the same items
 * for those actions as the whole state: test/core/incident/state-reads.test.ts checks it on every
 * bundled playbook.
 */
import { promiseUpdates, type Playbook } from '../playbook/model.js';
import type { Command } from './commands.js';
import { actionNames, actionsMovedByFacts } from './fact-reach.js';
import { mayBePromised } from './promises.js';
import { idMap, type IncidentState } from './state.js';

export interface StateReads {
  /** The actions whose records are read: a set of ids, or all of them. */
  actions: ReadonlySet<string> | 'all';
  /** Whether the statements (versions, approvals, rejections, releases) are read. */
  statements: boolean;
}

/** The whole state: what a command reads unless `commandReads` says less. */
export const WHOLE_STATE: StateReads = Object.freeze({ actions: 'all', statements: true });

/** What deciding about, and working out the items of, these actions reads. */
export function readsForActions(playbook: Playbook, ids: Iterable<string>): StateReads {
  const names = actionNames(playbook);
  const read = new Set<string>();
  const add = (id: string) => {
    if (read.has(id) || !names.has(id)) return;
    read.add(id);
    for (const other of names.keys()) if (names.get(id)!.has(other)) add(other);
  };
  for (const id of ids) add(id);
  const promised = [...read].some((id) => mayBePromised(id, playbook));
  if (promised) for (const list of playbook.facts.map(promiseUpdates)) list?.forEach(add);
  return { actions: read, statements: promised };
}

/**
 * What deciding `command`, and showing what it changed, reads: for `done`, `skip` and `extend`,
 * those of its action (the items shown are that action's); for `setFacts`, those of the actions a
 * change of those facts can move (the items compared before and after are theirs: fact set never
 * re-tiers); for any other command, the whole state.
 */
export function commandReads(command: Command, playbook: Playbook): StateReads {
  switch (command.kind) {
    case 'done':
    case 'skip':
    case 'extend':
      return readsForActions(playbook, [command.action]);
    case 'setFacts':
      return readsForActions(playbook, actionsMovedByFacts(playbook, new Set(Object.keys(command.facts))));
    default:
      return WHOLE_STATE;
  }
}

/** Whether `reads` includes action `id`'s records. */
export function readsAction(reads: StateReads, id: string): boolean {
  return reads.actions === 'all' || reads.actions.has(id);
}

/**
 * The state as a reader of only `reads` sees it: the other actions' records and the statements
 * left out (a state kept in parts is read so). For tests, and for a store that reads a whole state.
 */
export function partialState(state: IncidentState, reads: StateReads): IncidentState {
  if (reads.actions === 'all' && reads.statements) return state;
  const actions = idMap<IncidentState['actions'][string]>();
  for (const id of Object.keys(state.actions)) if (readsAction(reads, id)) actions[id] = state.actions[id]!;
  return { ...state, actions, statements: reads.statements ? state.statements : idMap() };
}
