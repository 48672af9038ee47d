/**
 * The recording commands: `done`, `skip`, `extend`, `fact set`, `escalate`, `close`, `reopen`.
 * Each turns its flags into a core command, applies it through the shared recording flow (decide
 * under the incident's lock) and prints one line of what was recorded.
 */
import { CancelledError, InputError } from '../../core/errors.js';
import type { Command } from '../../core/incident/commands.js';
import { decide, OpenItemsError } from '../../core/incident/decide.js';
import { isOpen, schedule, type ScheduleItem } from '../../core/incident/schedule.js';
import { actionsMovedByFacts } from '../../core/incident/fact-reach.js';
import { fold } from '../../core/incident/fold.js';
import { parseActionId, type ActionId } from '../../core/ids.js';
import { clockTime } from '../views/labels.js';
import type { LogEntry } from '../../core/log/envelope.js';
import { stdout } from '../../io/output/terminal.js';
import { oneLine } from '../../core/text/visible.js';
import { classify } from '../../core/playbook/conditions.js';
import type { Playbook } from '../../core/playbook/model.js';
import { askConfirm, askSelect, askText, isInteractive, requireInteractive } from '../../io/prompts.js';
import { clockTimeBefore, formatInZone, parseUserTime } from '../../core/time/format.js';
import {
  addedItems,
  closeLine,
  doneLine,
  droppedItems,
  extendLine,
  factLines,
  itemLines,
  nextOccurrenceLine,
  reopenLine,
  skipLine,
  tierLine,
} from '../views/recorded-view.js';
import { clock, loadIncident, openWorkspace, resolveActor, selectIncident, store } from './incident-access.js';
import { applyCommand, recordCommand, type RecordContext, type Recorded } from './apply-command.js';
import type {
  CloseOptions,
  DoneOptions,
  EscalateOptions,
  ExtendOptions,
  FactSetOptions,
  RecordingOptions,
  ReopenOptions,
  SkipOptions,
} from '../options.js';

/** A time flag read in the playbook's zone (local "YYYY-MM-DD HH:MM" or RFC 3339). */
function timeOption(value: string | undefined, playbook: Playbook, flag: string): Date | undefined {
  return value === undefined ? undefined : parseUserTime(value, playbook.time_zone, flag);
}

/**
 * `--stated-at`: a local or RFC 3339 time, or a bare "02:14" taken as the most recent 02:14 in the
 * playbook's zone; `took` then says which date it took, for the command to print.
 */
function statedOption(
  value: string | undefined,
  playbook: Playbook,
  now: Date,
  took: (line: string) => void,
): Date | undefined {
  if (value === undefined) return undefined;
  const zone = playbook.time_zone;
  const bare = clockTimeBefore(value, zone, now, '--stated-at');
  if (bare === undefined) return parseUserTime(value, zone, '--stated-at');
  took(
    `--stated-at ${oneLine(value.trim())} taken as ${formatInZone(bare, zone, 'EEE yyyy-MM-dd HH:mm', { abbreviation: true })}, the most recent such time.`,
  );
  return bare;
}

/** The action's items after the recording (its alone: what the lines printed about it read), and the one recorded. */
const itemOf = (r: Recorded, action: string, occurrence: number): [ScheduleItem[], ScheduleItem | undefined] => {
  const items = schedule(r.state, r.playbook, r.now, action);
  return [items, items.find((i) => i.action === action && i.occurrence === occurrence)];
};

export async function done(given: DoneOptions): Promise<Recorded> {
  const options = given.action === undefined ? { ...given, ...(await pickOpenItem(given)) } : given;
  const took: string[] = [];
  const r = await applyCommand(options, (playbook, now) => ({
    kind: 'done',
    action: options.action!,
    ...optional('occurrence', options.occurrence),
    ...optional(
      'stated_at',
      statedOption(options.statedAt, playbook, now, (line) => took.push(line)),
    ),
    ...optional('note', options.note),
    ...optional('source', options.source),
  }));
  const entry = r.written[0] as LogEntry<'action.completed'>;
  const [items, item] = itemOf(r, entry.data.action, entry.data.occurrence);
  for (const line of took) stdout.line(line);
  stdout.line(doneLine(entry, item, r.playbook, r.now));
  const next = nextOccurrenceLine(items, entry.data.action, r.playbook, r.now);
  if (next) stdout.line(next);
  return r;
}

/**
 * `cic done` with no action at a terminal: the incident's open items, soonest due first, to pick
 * from; without a terminal the action is refused as missing (exit 2).
 */
async function pickOpenItem(options: DoneOptions): Promise<{ action: ActionId; occurrence: number }> {
  requireInteractive('the action', 'cic done ACTION (`cic status` lists them)');
  const ws = await openWorkspace(options);
  const id = await selectIncident(ws, options.incident);
  const { loaded, entries } = await loadIncident(ws, id);
  const now = clock().now();
  const playbook = loaded.playbook;
  // Only what the acting role may record (its own, or what it acts for): the rest would be refused.
  const actor = await resolveActor(options, playbook, ws).catch(() => undefined);
  const actsFor = playbook.roles.find((r) => r.id === actor?.role)?.acts_for ?? [];
  const mine = (owner: string) => actor === undefined || owner === actor.role || actsFor.includes(owner);
  const open = schedule(fold(entries, id), playbook, now)
    .filter((i) => i.applicable && isOpen(i) && mine(i.owner))
    .sort((a, b) => (a.due?.getTime() ?? Infinity) - (b.due?.getTime() ?? Infinity));
  if (open.length === 0)
    throw new InputError(
      `incident ${id} has no open items${actor ? ` that ${actor.role} may record` : ''}`,
      '`cic status` shows every item and whose it is.',
    );
  const zone = loaded.playbook.time_zone;
  const choice = await askSelect(
    'Which item is done?',
    open.map((i) => ({
      name: `${oneLine(i.title)}${i.recurring ? ` #${i.occurrence}` : ''}  [${oneLine(i.action)}]${i.due ? `  due ${clockTime(i.due, zone, now)}` : ''}`,
      value: i,
    })),
  );
  return { action: parseActionId(choice.action), occurrence: choice.occurrence };
}

export async function skip(options: SkipOptions): Promise<Recorded> {
  const r = await applyCommand(options, () => ({
    kind: 'skip',
    action: options.action,
    reason: options.reason,
    ...optional('occurrence', options.occurrence),
  }));
  const entry = r.written[0] as LogEntry<'action.skipped'>;
  const [items, item] = itemOf(r, entry.data.action, entry.data.occurrence);
  stdout.line(skipLine(entry, item, r.playbook, r.now));
  const next = nextOccurrenceLine(items, entry.data.action, r.playbook, r.now);
  if (next) stdout.line(next);
  return r;
}

export async function extend(options: ExtendOptions): Promise<Recorded> {
  // Neither is allowed: the playbook's extension step is then the amount (decide says if there is none).
  if (options.by !== undefined && options.to !== undefined) {
    throw new InputError(
      'Give exactly one of --by DURATION or --to TIME.',
      'For example --by P10D, or --to "2026-12-01 17:00".',
    );
  }
  const r = await applyCommand(options, (playbook) => ({
    kind: 'extend',
    action: options.action,
    reason: options.reason,
    ...optional('occurrence', options.occurrence),
    ...optional('by', options.by),
    ...optional('to', timeOption(options.to, playbook, '--to')),
    ...optional('requested_by', options.requestedBy),
    ...(options.written ? { written: true } : {}),
  }));
  const entry = r.written[0] as LogEntry<'deadline.extended'>;
  const [, item] = itemOf(r, entry.data.action, entry.data.occurrence);
  for (const line of extendLine(entry, item, r.playbook, r.now)) stdout.line(line);
  return r;
}

export async function factSet(options: FactSetOptions): Promise<Recorded> {
  const took: string[] = [];
  const r = await applyCommand(options, (playbook, now) => ({
    kind: 'setFacts',
    facts: options.facts,
    ...optional(
      'stated_at',
      statedOption(options.statedAt, playbook, now, (line) => took.push(line)),
    ),
  }));
  const written = r.written as LogEntry<'fact.recorded'>[];
  for (const line of took) stdout.line(line);
  for (const line of factLines(written, r.before.facts, r.playbook, r.now)) stdout.line(line);
  if (written.length) {
    // Facts alone changed (fact set never re-tiers): only the actions they can move are compared,
    // and only their records were read (commandReads).
    printChanges(r, false, actionsMovedByFacts(r.playbook, new Set(written.map((e) => e.data.fact))));
    // Facts can match another tier's definition; re-tiering stays a person's decision.
    const matched = classify(r.playbook, r.state.facts);
    if (
      matched !== undefined &&
      matched.tier.id !== r.state.tier &&
      rank(r.playbook, matched.tier.id) < rank(r.playbook, r.state.tier)
    ) {
      stdout.line(`The facts now match ${oneLine(matched.tier.name)}: ${oneLine(matched.reason)}`);
      stdout.line(`To re-tier: cic escalate --tier ${oneLine(matched.tier.id)} --reason "…"`);
    }
  }
  return r;
}

export async function escalate(options: EscalateOptions): Promise<Recorded> {
  const r = await applyCommand(options, () => ({
    kind: 'escalate',
    tier: options.tier,
    reason: options.reason,
  }));
  stdout.line(tierLine(r.written[0] as LogEntry<'incident.classified'>, r.playbook, r.now));
  printChanges(r, true);
  return r;
}

export async function close(options: CloseOptions): Promise<Recorded> {
  const o = options;
  const force = options.force;
  let reason = options.reason;
  let seen: RecordContext | undefined;
  let r: Recorded;
  try {
    r = await recordCommand(o, (ctx) => {
      seen = ctx;
      return decide(
        { kind: 'close', force, ...optional('reason', reason) },
        ctx.state,
        ctx.playbook,
        ctx.now,
        ctx.actor,
      );
    });
  } catch (err) {
    if (!(err instanceof OpenItemsError) || seen === undefined) throw err;
    if (!isInteractive()) {
      throw new InputError(
        err.message,
        'Nothing was recorded. To close anyway, give a reason: cic close --force --reason "…" (what is left open is recorded).',
      );
    }
    stdout.line(err.message);
    for (const line of itemLines(err.items, seen.playbook, seen.now)) stdout.line(line);
    if (!(await askConfirm('Close anyway? What is left open is recorded in the log.', false))) {
      throw new CancelledError('Not closed; nothing was recorded.');
    }
    reason ??= await askText('Why close with these items open? (recorded in the log)', {
      validate: (v) => (v.trim() ? true : 'A reason is needed.'),
    });
    r = await applyCommand(o, () => ({ kind: 'close', force: false, confirmed: true, reason }));
  }
  stdout.line(closeLine(r.written[0] as LogEntry<'incident.closed'>, r.id, r.playbook, r.now));
  const fresh = addedItems(schedule(r.before, r.playbook, r.now), schedule(r.state, r.playbook, r.now));
  if (fresh.length) {
    stdout.line('Due after closing:');
    for (const line of itemLines(fresh, r.playbook, r.now)) stdout.line(line);
  }
  return r;
}

export async function reopen(options: ReopenOptions): Promise<Recorded> {
  let o = options;
  if (o.incident === undefined) {
    // Without an id, the one closed incident is the one meant (the default selection prefers open ones).
    const ws = await openWorkspace(o);
    const s = store(ws);
    const all = await s.listIncidents();
    const states = await Promise.all(all.map((id) => s.lifecycle(id)));
    const closed = all.filter((_, k) => states[k] === 'closed');
    if (closed.length === 1) o = { ...o, incident: closed[0]! };
  }
  const r = await applyCommand(o, () => ({ kind: 'reopen', reason: options.reason }));
  stdout.line(reopenLine(r.written[0] as LogEntry<'incident.reopened'>, r.id, r.playbook, r.now));
  return r;
}

// ---- helpers --------------------------------------------------------------------------------

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

function rank(playbook: Playbook, tier: string | undefined): number {
  const i = playbook.classification.tiers.findIndex((t) => t.id === tier);
  return i < 0 ? Number.POSITIVE_INFINITY : i;
}

/**
 * What a change of tier or facts added to the checklist, and what it took off; `only`: the
 * actions the change can move, when that is known (fact-reach.ts).
 */
function printChanges(r: Recorded, always = false, only?: ReadonlySet<string>): void {
  const before = schedule(r.before, r.playbook, r.now, only);
  const after = schedule(r.state, r.playbook, r.now, only);
  const added = addedItems(before, after);
  const dropped = droppedItems(before, after);
  if (added.length) {
    stdout.line(`Now on the checklist (${added.length}):`);
    for (const line of itemLines(added, r.playbook, r.now)) stdout.line(line);
  } else if (always) stdout.line('It adds nothing to the checklist.');
  if (dropped.length) {
    stdout.line(`No longer on the checklist (${dropped.length}):`);
    for (const line of itemLines(dropped, r.playbook, r.now)) stdout.line(line);
  }
}
