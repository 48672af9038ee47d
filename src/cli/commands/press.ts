/**
 * Press conferences and what is said at them: `cic schedule` (set, move with a reason, cancel),
 * `cic commitment add|kept|broken|list` (promises made in public, tracked as deadlines) and
 * `cic acknowledge` (a member of the governing body acknowledges a briefing packet). Each goes
 * through the shared recording flow (decide under the incident's lock) and prints what changed.
 */
import { InputError } from '../../core/errors.js';
import { fold } from '../../core/incident/fold.js';
import { schedule as checklist, type ScheduleItem } from '../../core/incident/schedule.js';
import type { LogEntry } from '../../core/log/envelope.js';
import type { Playbook } from '../../core/playbook/model.js';
import { COMMITMENT_WORDS, commitmentItems, type CommitmentItem } from '../../core/press/commitments.js';
import { decidePress, type PressCommand } from '../../core/press/decide.js';
import { offsetLabel, runOfShow } from '../../core/press/run-of-show.js';
import { elapsedWords, parseUserTime, relative } from '../../core/time/format.js';
import { stdout } from '../../io/output/terminal.js';
import { recordCommand, type Recorded } from './apply-command.js';
import { clock, loadIncident, openWorkspace, selectIncident } from './incident-access.js';
import type {
  AcknowledgeOptions,
  CommitmentAddOptions,
  CommitmentListOptions,
  CommitmentResolveOptions,
  RecordingOptions,
  ScheduleOptions,
} from '../options.js';
import { fullTime, itemTitle, roleTitle } from '../views/labels.js';
import { commitmentLines } from '../views/press-view.js';
import { oneLine } from '../../core/text/visible.js';

function timeFlag(s: string | undefined, playbook: Playbook, flag: string): Date {
  if (s === undefined)
    throw new InputError(`${flag} is required.`, `Give it as "YYYY-MM-DD HH:MM" in the playbook's zone.`);
  return parseUserTime(s, playbook.time_zone, flag);
}

function record(opts: RecordingOptions, build: (playbook: Playbook) => PressCommand): Promise<Recorded> {
  return recordCommand(opts, ({ state, playbook, now, actor }) =>
    decidePress(build(playbook), state, playbook, now, actor),
  );
}

/** `cic schedule ACTION --at TIME [--place …] [--reason …]`, or `--cancel --reason …`. */
export async function schedule(opts: ScheduleOptions): Promise<Recorded> {
  const action = opts.action;
  if (opts.cancel) {
    if (opts.at !== undefined)
      throw new InputError('--cancel and --at do not go together.', 'Move it with --at and --reason, or cancel it.');
    const r = await record(opts, () => ({ kind: 'cancel', action, reason: opts.reason ?? '' }));
    const e = r.written[0] as LogEntry<'press.cancelled'>;
    stdout.line(
      `Cancelled ${oneLine(e.data.action)} (was ${fullTime(new Date(e.data.from), r.playbook.time_zone)}): ${oneLine(e.data.reason)}`,
    );
    stdout.line(
      'Its run-of-show steps counted from its start are cancelled until it is scheduled again; its own deadline still stands.',
    );
    return r;
  }
  const r = await record(opts, (playbook) => ({
    kind: 'schedule',
    action,
    start: timeFlag(opts.at, playbook, '--at'),
    ...(opts.place === undefined ? {} : { place: opts.place }),
    ...(opts.reason === undefined ? {} : { reason: opts.reason }),
  }));
  const e = r.written[0] as LogEntry<'press.scheduled'>;
  const zone = r.playbook.time_zone;
  const start = new Date(e.data.start);
  const where = e.data.place ? ` at ${oneLine(e.data.place)}` : '';
  stdout.line(
    e.data.from === undefined
      ? `Scheduled ${oneLine(e.data.action)} for ${fullTime(start, zone)}${where} (${relative(start.getTime() - r.now.getTime())}).`
      : `Moved ${oneLine(e.data.action)} from ${fullTime(new Date(e.data.from), zone)} to ${fullTime(start, zone)}${where}: ${oneLine(e.data.reason ?? '')}`,
  );
  const before = checklist(r.before, r.playbook, r.now);
  const after = checklist(r.state, r.playbook, r.now);
  const press = r.playbook.actions.find((a) => a.id === e.data.action)!;
  const deadline = after.find((i) => i.action === press.id);
  if (deadline?.due !== undefined && start > deadline.due) {
    stdout.line(`Note: its deadline is ${fullTime(deadline.due, zone)}; held at this time it will be late.`);
  }
  const show = runOfShow(press, r.state, r.playbook, after);
  const moved: string[] = [];
  for (const step of show.steps) {
    if (step.relation === 'briefing' || step.relation === 'after-briefing') continue;
    const old = before.find((i) => i.action === step.item.action && i.occurrence === step.item.occurrence);
    const line = `  ${offsetLabel(step.offset_ms).padEnd(7)} ${stepDue(step.item, zone)}  ${itemTitle(step.item)} (${roleTitle(r.playbook, step.item.owner)})`;
    if (old?.due !== undefined && step.item.due !== undefined && old.due.getTime() !== step.item.due.getTime())
      moved.push(`${line}  was ${fullTime(old.due, zone)}`);
    else if (e.data.from === undefined) moved.push(line);
  }
  if (moved.length) {
    stdout.line(e.data.from === undefined ? 'Run of show:' : 'Moved with it:');
    for (const line of moved) stdout.line(line);
  }
  const advisories = show.steps.filter(
    (s) =>
      s.relation === 'before-start' &&
      (s.item.state === 'done' || s.item.state === 'late') &&
      e.data.from !== undefined,
  );
  for (const s of advisories)
    stdout.line(`${itemTitle(s.item)} was already done for the old time: tell the same people the new time.`);
  return r;
}

function stepDue(item: ScheduleItem, zone: string): string {
  return item.due === undefined ? 'no time yet' : fullTime(item.due, zone);
}

/** `cic commitment add "…" --by TIME --owner ROLE --said-by ROLE [--press ACTION]`. */
export async function commitmentAdd(opts: CommitmentAddOptions): Promise<Recorded> {
  const words = opts.words;
  const r = await record(opts, (playbook) => ({
    kind: 'commit',
    text: words,
    due: timeFlag(opts.by, playbook, '--by'),
    owner: opts.owner ?? '',
    said_by: opts.saidBy ?? '',
    ...(opts.press === undefined ? {} : { press: opts.press }),
  }));
  const e = r.written[0] as LogEntry<'commitment.made'>;
  stdout.line(
    `Commitment ${e.data.commitment} recorded: “${oneLine(e.data.text)}”, said by ${roleTitle(r.playbook, e.data.said_by)}, ` +
      `owner ${roleTitle(r.playbook, e.data.owner)}, by ${fullTime(new Date(e.data.due), r.playbook.time_zone)}.`,
  );
  stdout.line(`When it is kept: cic commitment kept ${e.data.commitment}`);
  return r;
}

export async function commitmentKept(opts: CommitmentResolveOptions): Promise<Recorded> {
  const n = opts.commitment;
  const r = await record(opts, () => ({
    kind: 'keep',
    commitment: n,
    ...(opts.note === undefined ? {} : { note: opts.note }),
  }));
  const item = commitmentItems(r.state, r.now).find((i) => i.commitment.number === n)!;
  stdout.line(`Commitment ${n} ${COMMITMENT_WORDS[item.state]}: “${oneLine(item.commitment.text)}”${lateWords(item)}.`);
  return r;
}

export async function commitmentBroken(opts: CommitmentResolveOptions): Promise<Recorded> {
  const n = opts.commitment;
  const r = await record(opts, () => ({ kind: 'break', commitment: n, reason: opts.reason ?? '' }));
  const item = commitmentItems(r.state, r.now).find((i) => i.commitment.number === n)!;
  stdout.line(
    `Commitment ${n} recorded as broken: “${oneLine(item.commitment.text)}”. Say so publicly, with the reason.`,
  );
  return r;
}

function lateWords(item: CommitmentItem): string {
  return item.late_by_ms === undefined ? '' : ` (${elapsedWords(item.late_by_ms)} after the time promised)`;
}

export interface CommitmentJson {
  commitment: number;
  text: string;
  due: string;
  owner: string;
  said_by: string;
  press: string | null;
  state: string;
}

/** `cic commitment list [--json]`. */
export async function commitmentList(opts: CommitmentListOptions): Promise<CommitmentJson[]> {
  const ws = await openWorkspace(opts);
  const id = await selectIncident(ws, opts.incident, { anyState: true });
  const { loaded, entries } = await loadIncident(ws, id);
  const state = fold(entries, id);
  const now = clock().now();
  const items = commitmentItems(state, now);
  const json = items.map((i) => ({
    commitment: i.commitment.number,
    text: i.commitment.text,
    due: i.due.toISOString(),
    owner: i.commitment.owner,
    said_by: i.commitment.said_by,
    press: i.commitment.press ?? null,
    state: i.state,
  }));
  if (opts.json) {
    stdout.json(json);
    return json;
  }
  if (items.length === 0) stdout.line('No commitments made in public have been recorded.');
  for (const line of commitmentLines(items, loaded.playbook, now)) stdout.line(line);
  return json;
}

/** `cic acknowledge [PACKET]`: a member of the governing body acknowledges a briefing packet. */
export async function acknowledge(opts: AcknowledgeOptions): Promise<Recorded> {
  const packet = opts.packet;
  const r = await record(opts, () => ({ kind: 'acknowledge', ...(packet === undefined ? {} : { packet }) }));
  const e = r.written[0] as LogEntry<'board.acknowledged'>;
  stdout.line(
    `${oneLine(r.actor.name)} acknowledged briefing packet ${e.data.packet} at ${fullTime(r.now, r.playbook.time_zone)}.`,
  );
  return r;
}
