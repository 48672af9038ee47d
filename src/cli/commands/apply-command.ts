/**
 * The one flow every recording command goes through (done, skip, extend, fact set, escalate,
 * close, reopen, draft, approve, release, and each step of `cic run`):
 *
 *   workspace → incident (`--incident`, or the only open one) → its frozen playbook → who is
 *   acting (a role that playbook defines) → the clock (`CIC_NOW` aware) → under the incident's
 *   lock: read the log, fold it, let the command decide, append what it decided.
 *
 * The decision runs on the entries read under the lock, so two people recording at once never
 * decide against a stale state. A `build` that throws writes nothing, and the lock is released.
 *
 *   const r = await applyCommand(opts, { kind: 'done', action: 'brief-mayor-board' });
 *   const r = await recordCommand(opts, ({ state, playbook, now, actor }) => myDecide(…));
 *
 * The incident is `opts.incident` (`-i/--incident`); a command that also takes a positional id
 * (`close [id]`) passes it through `withIncidentArg` first.
 */
import { InputError } from '../../core/errors.js';
import { visible } from '../../core/text/visible.js';
import type { Command } from '../../core/incident/commands.js';
import { decide } from '../../core/incident/decide.js';
import type { Actor, IncidentEvent } from '../../core/incident/events.js';
import { evolve, fold } from '../../core/incident/fold.js';
import type { IncidentState } from '../../core/incident/state.js';
import type { LogEntry } from '../../core/log/envelope.js';
import type { LoadedPlaybook, Playbook } from '../../core/playbook/model.js';
import {
  clock,
  openWorkspace,
  resolveActor,
  selectIncident,
  store,
  type CommandOptions,
  type Workspace,
} from './incident-access.js';

/** What `build` gets: the state folded from the entries read under the lock, and the rest. */
export interface RecordContext {
  id: string;
  state: IncidentState;
  playbook: Playbook;
  loaded: LoadedPlaybook;
  now: Date;
  actor: Actor;
  /** The verified entries, as read under the lock. */
  entries: LogEntry[];
}

export type Build = (ctx: RecordContext) => IncidentEvent[] | Promise<IncidentEvent[]>;

export interface Recorded {
  id: string;
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

/** Run `build` against the incident's state under its lock and append the events it returns. */
export async function recordCommand(opts: CommandOptions, build: Build): Promise<Recorded> {
  const ws = await openWorkspace(opts);
  // A single closed incident is still chosen, so that the refusal says it is closed and how to reopen.
  const id = await selectIncident(ws, typeof opts.incident === 'string' ? opts.incident : undefined, {
    anyState: true,
  });
  const loaded = await store(ws).frozenPlaybook(id);
  const playbook = loaded.playbook;
  const actor = await resolveActor(opts, playbook, ws);
  const c = clock();
  const now = c.now();
  let before: IncidentState | undefined;
  const written = await store(ws).append(id, { actor, at: now, simulated: c.simulated }, (entries) => {
    before = fold(entries, id);
    return build({ id, state: before, playbook, loaded, now, actor, entries });
  });
  // `before` was built by the fold for this call alone; `evolve` copies, so it stays as it was.
  const state = written.reduce<IncidentState>((s, e) => evolve(s, e), before!);
  return { id, written, state, before: before!, playbook, loaded, now, actor, simulated: c.simulated, ws };
}

/** A core command through `decide` (src/incident/decide.ts). */
export function applyCommand(opts: CommandOptions, command: Command): Promise<Recorded> {
  return recordCommand(opts, ({ state, playbook, now, actor }) => decide(command, state, playbook, now, actor));
}

/**
 * Options with a positional incident id merged in as `incident` (`cic close 2026-0003`). Giving
 * two different ids, one each way, is refused rather than guessed.
 */
export function withIncidentArg(arg: string | undefined, opts: CommandOptions): CommandOptions {
  if (arg === undefined) return opts;
  const flag = typeof opts.incident === 'string' ? opts.incident : undefined;
  if (flag !== undefined && flag !== arg)
    throw new InputError(
      `Two different incidents given: ${visible(arg, { singleLine: true })} and --incident ${visible(flag, { singleLine: true })}.`,
      'Give one.',
    );
  return { ...opts, incident: arg };
}

/** `KEY=VALUE` pairs as a map safe for any key; a key given twice is refused. */
export function factPairs(pairs: readonly string[], flag = 'KEY=VALUE'): Record<string, string> {
  const out = Object.create(null) as Record<string, string>;
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    const key = eq < 0 ? '' : pair.slice(0, eq).trim();
    if (eq <= 0 || key === '') {
      throw new InputError(
        `"${visible(pair, { singleLine: true })}" is not a fact as KEY=VALUE.`,
        `Write it like ${flag === 'KEY=VALUE' ? '' : `${flag} `}injury_level=minor.`,
      );
    }
    if (Object.hasOwn(out, key))
      throw new InputError(`Fact ${visible(key, { singleLine: true })} is given twice.`, 'Give each fact once.');
    out[key] = pair.slice(eq + 1);
  }
  return out;
}
