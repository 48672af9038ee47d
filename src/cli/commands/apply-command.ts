/**
 * The one flow every recording command goes through (done, skip, extend, fact set, escalate,
 * close, reopen, draft, approve, release, and each step of `cic run`):
 *
 *   workspace → incident (`--incident`, or the only open one) → its frozen playbook → who is
 *   acting (a role that playbook defines) → the clock (`CIC_NOW` aware) → under the incident's
 *   lock: the incident's state, let the command decide, append what it decided.
 *
 * The decision runs on the state as it is under the lock, so two people recording at once never
 * decide against a stale one (LogStore.appendToState: the cost does not grow with the log). A
 * `build` that throws writes nothing, and the lock is released.
 *
 *   const r = await applyCommand(options, { kind: 'done', action: 'brief-mayor-board' });
 *   const r = await recordCommand(options, ({ state, playbook, now, actor }) => myDecide(…));
 *
 * The incident is `options.incident` (`-i/--incident`, or a positional id: `src/cli/options.ts`).
 */
import type { Command } from '../../core/incident/commands.js';
import { decide } from '../../core/incident/decide.js';
import type { Actor, IncidentEvent } from '../../core/incident/events.js';
import { evolve } from '../../core/incident/fold.js';
import { commandReads, WHOLE_STATE, type StateReads } from '../../core/incident/state-reads.js';
import type { IncidentState } from '../../core/incident/state.js';
import type { LogEntry } from '../../core/log/envelope.js';
import type { LoadedPlaybook, Playbook } from '../../core/playbook/model.js';
import type { StatementVersion } from '../../core/statements/state.js';
import { frozenPlaybook } from '../../io/workspace/incidents.js';
import type { IncidentId } from '../../core/ids.js';
import type { RecordingOptions } from '../options.js';
import { clock, openWorkspace, resolveActor, selectIncident, store, type Workspace } from './incident-access.js';

/** What `build` gets: the state folded from the entries read under the lock, and the rest. */
export interface RecordContext {
  id: IncidentId;
  state: IncidentState;
  playbook: Playbook;
  loaded: LoadedPlaybook;
  now: Date;
  actor: Actor;
}

export type Build = (ctx: RecordContext) => IncidentEvent[] | Promise<IncidentEvent[]>;

export interface Recorded {
  id: IncidentId;
  /** The entries appended (empty when `build` decided there was nothing to write). */
  written: LogEntry[];
  /** The state after the written entries. */
  state: IncidentState;
  /** The state the decision was made on. */
  before: IncidentState;
  playbook: Playbook;
  loaded: LoadedPlaybook;
  now: Date;
  actor: Actor;
  /** The clock is `CIC_NOW`: the entries are marked simulated. */
  simulated: boolean;
  ws: Workspace;
}

/**
 * Run `build` against the incident's state under its lock and append the events it returns.
 * `reads` says which parts of the state `build`, and what the caller shows after, read
 * (src/core/incident/state-reads.ts); the rest may be left out of `state` and `before`.
 */
export async function recordCommand(
  opts: RecordingOptions,
  build: Build,
  reads: (playbook: Playbook, now: Date) => StateReads = () => WHOLE_STATE,
): Promise<Recorded> {
  const ws = await openWorkspace(opts);
  // A single closed incident is still chosen, so that the refusal says it is closed and how to reopen.
  const id = await selectIncident(ws, opts.incident, { anyState: true });
  const loaded = await store(ws).frozenPlaybook(id);
  const playbook = loaded.playbook;
  const actor = await resolveActor(opts, playbook, ws);
  const c = clock();
  const now = c.now();
  const { written, before } = await store(ws).appendToState(
    id,
    { actor, at: now, simulated: c.simulated },
    (state) => build({ id, state, playbook, loaded, now, actor }),
    reads(playbook, now),
  );
  // `before` is this call's own; `evolve` copies, so it stays as it was.
  const state = written.reduce<IncidentState>((s, e) => evolve(s, e), before);
  return { id, written, state, before, playbook, loaded, now, actor, simulated: c.simulated, ws };
}

/**
 * The words of these statement versions of a recorded incident, from its log: the state a
 * recording command gets holds each version's seq and SHA-256, not its words
 * (src/core/statements/texts.ts). Checked against those digests (LogStore.statementTexts).
 */
export function loggedTexts(
  r: Pick<Recorded, 'ws' | 'id'>,
  versions: readonly StatementVersion[],
): Promise<Map<number, string>> {
  return store(r.ws).statementTexts(r.id, versions);
}

/**
 * A core command through `decide` (src/core/incident/decide.ts), or one built from the frozen
 * playbook and the clock (once). The state it is decided on, and the `Recorded` states, hold what
 * the command reads (`commandReads`): for `done` on one action, that action's records, not a long
 * incident's every update and statement; show nothing from them beyond what it names.
 */
export function applyCommand(
  opts: RecordingOptions,
  command: Command | ((playbook: Playbook, now: Date) => Command),
): Promise<Recorded> {
  let made: Command | undefined;
  const make = (playbook: Playbook, now: Date) =>
    (made ??= typeof command === 'function' ? command(playbook, now) : command);
  return recordCommand(
    opts,
    ({ state, playbook, now, actor }) => decide(make(playbook, now), state, playbook, now, actor),
    (playbook, now) => commandReads(make(playbook, now), playbook),
  );
}
