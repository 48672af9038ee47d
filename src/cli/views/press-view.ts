/**
 * The press parts of the status board: scheduled press conferences, the commitments made in
 * public, and — for the governing body's role — the briefing packets with each member's
 * acknowledgement, the talking points they may repeat, and the playbook's reminders for the role
 * (the Sunshine Law's). Pure: strings out.
 */
import { wordsBySha256, type StatementTexts } from '../../core/statements/texts.js';
import type { IncidentState } from '../../core/incident/state.js';
import type { Playbook } from '../../core/playbook/model.js';
import { commitmentItems } from '../../core/press/commitments.js';
import { offsetLabel, pressConferences, runOfShow } from '../../core/press/run-of-show.js';
import type { StateName } from '../../core/incident/item-state.js';
import { isTalkingPoints, releasedWords } from '../../core/press/shareable.js';
import { acknowledgementsOf, scheduleAt } from '../../core/press/state.js';
import type { ScheduleItem } from '../../core/incident/schedule.js';
import { anchorAction, anchorOf } from '../../core/playbook/model.js';
import { COMMITMENT_WORDS, type CommitmentItem } from '../../core/press/commitments.js';
import { elapsedWords, relative } from '../../core/time/format.js';
import { clockTime, fullTime, roleTitle } from './labels.js';
import { oneLine } from '../../core/text/visible.js';

/**
 * Waiting items split: those counted from a press conference's start that is not set yet are
 * summed up in one line per conference (six "waiting" rows say less than "schedule it").
 */
export function untilScheduled(
  waiting: readonly ScheduleItem[],
  playbook: Playbook,
): { rest: ScheduleItem[]; lines: string[] } {
  const groups = new Map<string, { before: number; after: number; cancelled: number }>();
  const rest: ScheduleItem[] = [];
  for (const item of waiting) {
    const action = playbook.actions.find((a) => a.id === item.action);
    const anchor = action === undefined ? undefined : anchorOf(action.due);
    const press = anchor === undefined ? undefined : anchorAction(anchor);
    const isPress = playbook.actions.find((a) => a.id === press)?.kind === 'press-conference';
    if (press !== undefined && isPress && item.waiting_on.includes(press)) {
      const g = groups.get(press) ?? { before: 0, after: 0, cancelled: 0 };
      if (item.named === 'cancelled') g.cancelled++;
      else if (typeof anchor === 'object' && 'scheduled' in anchor) g.before++;
      else g.after++;
      groups.set(press, g);
    } else rest.push(item);
  }
  const lines = [...groups].map(([press, g]) => {
    const title = playbook.actions.find((a) => a.id === press)?.title ?? press;
    const parts = [
      g.before ? `${g.before} count from its start, not set yet (cic schedule ${oneLine(press)} --at …)` : '',
      g.after ? `${g.after} follow it once held` : '',
      g.cancelled
        ? `${g.cancelled} cancelled with it (to hold it after all: cic schedule ${oneLine(press)} --at …)`
        : '',
    ].filter(Boolean);
    return `  —  ${g.before + g.after + g.cancelled} run-of-show steps of “${oneLine(title)}”: ${parts.join('; ')}`;
  });
  return { rest, lines };
}

/** One line per commitment, as status and `cic commitment list` show them. */
export function commitmentLines(items: readonly CommitmentItem[], playbook: Playbook, now: Date): string[] {
  const zone = playbook.time_zone;
  return items.map((i) => {
    const when =
      i.state === 'upcoming' || i.state === 'overdue'
        ? `by ${fullTime(i.due, zone)} (${relative(i.due.getTime() - now.getTime())})`
        : `by ${fullTime(i.due, zone)}`;
    return `  ${String(i.commitment.number).padStart(2)}. ${COMMITMENT_WORDS[i.state].padEnd(18)} “${oneLine(i.commitment.text)}” ${when}; said by ${roleTitle(playbook, i.commitment.said_by)}, owner ${roleTitle(playbook, i.commitment.owner)}`;
  });
}

export function pressLines(state: IncidentState, playbook: Playbook, now: Date): string[] {
  const zone = playbook.time_zone;
  const out: string[] = [];
  for (const p of pressConferences(playbook)) {
    const change = scheduleAt(state.press, p.id);
    if (change === undefined) continue;
    const held = state.actions[p.id]?.[0]?.completed !== undefined;
    if (change.start !== undefined)
      out.push(
        `${held ? 'HELD' : 'SCHEDULED'}  ${oneLine(p.title)}: ${clockTime(new Date(change.start), zone, now)}${change.place ? ` at ${oneLine(change.place)}` : ''} (run sheet: cic press sheet ${oneLine(p.id)})`,
      );
    else out.push(`CANCELLED  ${oneLine(p.title)}: ${oneLine(change.reason ?? '')}`);
  }
  const commitments = commitmentItems(state, now);
  if (commitments.length) {
    if (out.length) out.push('');
    out.push(`COMMITMENTS MADE IN PUBLIC (${commitments.length})`, ...commitmentLines(commitments, playbook, now));
  }
  return out;
}

/**
 * The countdown to each press conference scheduled and not yet held: how long until it starts and
 * the next step of its run of show still to do; once the start has passed, to record it held.
 */
export function countdownLines(
  state: IncidentState,
  playbook: Playbook,
  items: readonly ScheduleItem[],
  now: Date,
): string[] {
  const zone = playbook.time_zone;
  const out: string[] = [];
  for (const p of pressConferences(playbook)) {
    const change = scheduleAt(state.press, p.id);
    const record = state.actions[p.id]?.[0];
    if (change?.start === undefined || record?.completed !== undefined || record?.skipped !== undefined) continue;
    const start = new Date(change.start);
    const left = start.getTime() - now.getTime();
    const where = change.place ? ` at ${oneLine(change.place)}` : '';
    if (left <= 0) {
      out.push(
        `${oneLine(p.title)} started ${elapsedWords(-left)} ago${where}: when it ends, record it held (cic done ${oneLine(p.id)}) and what was promised.`,
      );
      continue;
    }
    const next = runOfShow(p, state, playbook, items).steps.find(
      (s) => s.relation === 'before-start' && TO_DO.has(s.item.named),
    );
    const step =
      next === undefined
        ? 'every step before it is done'
        : `next: ${offsetLabel(next.offset_ms)} ${oneLine(next.item.title)} (${roleTitle(playbook, next.item.owner)}), ${relative(next.item.due!.getTime() - now.getTime())}`;
    out.push(
      `COUNTDOWN ${offsetLabel(-left)}  ${oneLine(p.title)} starts in ${elapsedWords(left)}, ${clockTime(start, zone, now)}${where}; ${step}.`,
    );
  }
  return out;
}

const TO_DO: ReadonlySet<StateName> = new Set(['upcoming', 'due', 'overdue']);

/** What a member of the governing body has to do and know. */
export function governingBodyLines(
  state: IncidentState,
  texts: StatementTexts,
  playbook: Playbook,
  role: string,
  now: Date,
): string[] {
  const zone = playbook.time_zone;
  const r = playbook.roles.find((x) => x.id === role);
  if (r?.governing_body !== true) return [];
  const out: string[] = [`FOR THE ${oneLine(r.title).toUpperCase()}`];
  if (state.press.packets.length === 0) out.push('  No briefing packet has been sent yet.');
  for (const p of state.press.packets) {
    const acks = acknowledgementsOf(state.press, p.number);
    const waiting = p.to.filter((name) => !acks.some((a) => a.by.name === name));
    out.push(
      `  Briefing packet ${p.number} (as of ${clockTime(new Date(p.as_of), zone, now)}) sent to ${p.to.map(oneLine).join(', ')}`,
    );
    for (const a of acks) out.push(`    ${oneLine(a.by.name)} acknowledged ${clockTime(new Date(a.at), zone, now)}`);
    if (waiting.length)
      out.push(
        `    not yet acknowledged: ${waiting.map(oneLine).join(', ')} (cic acknowledge ${p.number} --as ${oneLine(role)} --name "…")`,
      );
  }
  // The words as released (the log keeps each version's text): the latest release of each.
  const words = wordsBySha256(state.statements, texts);
  const latest = new Map<string, ReturnType<typeof releasedWords>[number]>();
  for (const r of releasedWords(state, playbook, now, words, isTalkingPoints)) latest.set(r.action.id, r);
  if (latest.size === 0) out.push('  No talking points approved yet: repeat only released statements.');
  for (const r of latest.values()) {
    out.push(
      `  Talking points you may repeat, as released ${clockTime(r.released_at, zone, now)} (${oneLine(r.action.title)}, v${r.version}):`,
    );
    const text = r.text?.replace(/\n+$/, '');
    if (text === undefined) out.push('    (the words are not in the log: see the latest packet)');
    else for (const line of text.split('\n')) out.push(line.trim() === '' ? '' : `    ${oneLine(line)}`);
  }
  if (r.reminders?.length) {
    out.push('  Reminders:');
    for (const m of r.reminders) out.push(`  - ${oneLine(m.text)}${m.citation ? ` (${oneLine(m.citation)})` : ''}`);
  }
  return out;
}
