/**
 * What a recording command prints: one clear line saying what was recorded, when and by whom, and
 * where it helps, a few lines on what changed on the checklist (what a new tier adds, what falls
 * due after closing). Pure: entries, schedule items and the playbook in, strings out.
 */
import type { EventData } from '../../core/incident/events.js';
import { isOpen, type ScheduleItem } from '../../core/incident/schedule.js';
import type { LogEntry } from '../../core/log/envelope.js';
import type { FactValue, Playbook } from '../../core/playbook/model.js';
import { addDuration } from '../../core/time/deadlines.js';
import { durationInWords, parseDuration } from '../../core/time/duration.js';
import { elapsedWords, relative } from '../../core/time/format.js';
import { actorLabel, clockTime, fullTime, itemRef, itemTitle, roleTitle } from './labels.js';
import { columns } from './layout.js';
import { oneLine } from '../../core/text/visible.js';

const key = (i: Pick<ScheduleItem, 'action' | 'occurrence'>) => `${i.action}#${i.occurrence}`;
const named = (i: ScheduleItem) => `“${itemTitle(i)}” (${oneLine(i.action)})`;
const quote = (text: string) => `“${oneLine(text)}”`;

/** When it happened, with the written time too when it was backfilled. */
function when(entry: LogEntry, zone: string, now: Date): string {
  const at = clockTime(new Date(entry.stated_at ?? entry.at), zone, now);
  return entry.stated_at === undefined ? at : `${at} (recorded ${clockTime(new Date(entry.at), zone, now)})`;
}

/** "Recorded: “Brief the Mayor” (brief-mayor) done at 02:14 CST by Jane Doe (City Manager) — 12 min late". */
export function doneLine(
  entry: LogEntry<'action.completed'>,
  item: ScheduleItem | undefined,
  playbook: Playbook,
  now: Date,
): string {
  const zone = playbook.time_zone;
  const what = item === undefined ? quote(entry.data.action) : named(item);
  let timing = '';
  if (item?.state === 'late')
    timing = ` — ${elapsedWords(item.late_by_ms!)} late (was due ${clockTime(item.due!, zone, now)})`;
  else if (item?.state === 'done' && item.due !== undefined)
    timing = ` — on time (due ${clockTime(item.due, zone, now)})`;
  const note = entry.data.note ? `. Note: ${quote(entry.data.note)}` : '';
  if (entry.data.source !== undefined) {
    // A duty owned outside the city: the agency did it; the city person only recorded the report.
    const owner = item === undefined ? '' : ` by ${roleTitle(playbook, item.owner)}`;
    return `Recorded: ${what} done${owner} at ${when(entry, zone, now)}, reported by ${actorLabel(playbook, entry.actor)} from ${quote(entry.data.source)}${timing}${note}`;
  }
  return `Recorded: ${what} done at ${when(entry, zone, now)} by ${actorLabel(playbook, entry.actor)}${timing}${note}`;
}

/** For a recurring action: when the next occurrence is due. */
export function nextOccurrenceLine(
  items: readonly ScheduleItem[],
  action: string,
  playbook: Playbook,
  now: Date,
): string | undefined {
  const next = items
    .filter((i) => i.action === action && isOpen(i) && i.due !== undefined)
    .sort((a, b) => a.due!.getTime() - b.due!.getTime())[0];
  if (next === undefined || !next.recurring) return undefined;
  return `Next: ${named(next)} due ${clockTime(next.due!, playbook.time_zone, now)} (${relative(next.due!.getTime() - now.getTime())}).`;
}

/** "Recorded: records-request #2 from “KSDK-TV”, received …", then the items it starts. */
export function requestLines(
  entry: LogEntry<'request.received'>,
  items: readonly ScheduleItem[],
  playbook: Playbook,
  now: Date,
): string[] {
  const d = entry.data;
  const zone = playbook.time_zone;
  const head = `Recorded: ${oneLine(d.kind)} #${d.request} from ${quote(d.from)}, received ${clockTime(new Date(d.received_at), zone, now)}, by ${actorLabel(playbook, entry.actor)}${d.note ? `: ${quote(d.note)}` : ''}`;
  if (items.length === 0) return [head, 'No action of the current tier is owed for it.'];
  return [head, 'Owed for it:', ...itemLines(items, playbook, now)];
}

export function skipLine(
  entry: LogEntry<'action.skipped'>,
  item: ScheduleItem | undefined,
  playbook: Playbook,
  now: Date,
): string {
  const what = item === undefined ? quote(entry.data.action) : named(item);
  return `Recorded: ${what} skipped at ${when(entry, playbook.time_zone, now)} by ${actorLabel(playbook, entry.actor)}: ${quote(entry.data.reason)}`;
}

export function extendLine(
  entry: LogEntry<'deadline.extended'>,
  item: ScheduleItem | undefined,
  playbook: Playbook,
  now: Date,
): string[] {
  const zone = playbook.time_zone;
  const d = entry.data;
  const what = item === undefined ? quote(d.action) : named(item);
  const lines = [
    `Recorded: deadline of ${what} moved from ${fullTime(new Date(d.from), zone)} to ${fullTime(new Date(d.due), zone)} by ${actorLabel(playbook, entry.actor)}: ${quote(d.reason)}`,
  ];
  if (d.basis !== undefined) {
    const parts = [
      d.basis.requested_by ? `requested by ${quote(d.basis.requested_by)}` : '',
      d.basis.written ? 'in writing' : '',
    ];
    lines.push(`Basis: ${parts.filter(Boolean).join(', ')}.`);
  }
  const max = playbook.actions.find((a) => a.id === d.action)?.extendable?.max;
  const duration = max === undefined ? undefined : parseDuration(max);
  if (duration !== undefined && item?.original_due !== undefined) {
    const limit = addDuration(item.original_due, duration, zone);
    lines.push(
      `The playbook allows ${durationInWords(duration)} in all beyond the original deadline ${fullTime(item.original_due, zone)}: no later than ${fullTime(limit, zone)}.`,
    );
  }
  return lines;
}

export function factLines(
  entries: readonly LogEntry<'fact.recorded'>[],
  before: Readonly<Record<string, FactValue>>,
  playbook: Playbook,
  now: Date,
): string[] {
  if (entries.length === 0) return ['No change: the incident already holds these values.'];
  return entries.map((e) => {
    const was = Object.hasOwn(before, e.data.fact) ? ` (was ${oneLine(String(before[e.data.fact]))})` : '';
    return `Recorded: fact ${oneLine(e.data.fact)} = ${oneLine(String(e.data.value))}${was} at ${when(e, playbook.time_zone, now)} by ${actorLabel(playbook, e.actor)}`;
  });
}

export function tierLine(entry: LogEntry<'incident.classified'>, playbook: Playbook, now: Date): string {
  const name = (id: string) => {
    const t = playbook.classification.tiers.find((x) => x.id === id);
    return t === undefined ? oneLine(id) : `${oneLine(t.name)} (${oneLine(t.id)})`;
  };
  const d: EventData['incident.classified'] = entry.data;
  const from = d.from === undefined ? '' : ` from ${name(d.from)}`;
  return `Recorded: re-tiered${from} to ${name(d.tier)} at ${when(entry, playbook.time_zone, now)} by ${actorLabel(playbook, entry.actor)}: ${quote(d.reason)}`;
}

export function closeLine(entry: LogEntry<'incident.closed'>, incident: string, playbook: Playbook, now: Date): string {
  const d = entry.data;
  const reason = d.reason === undefined ? '' : `: ${quote(d.reason)}`;
  const left = d.left_open.length
    ? ` Left open: ${d.left_open.map((i) => (i.occurrence > 0 ? `${oneLine(i.action)}#${i.occurrence}` : oneLine(i.action))).join(', ')}.`
    : '';
  return `Recorded: incident ${incident} closed${d.forced ? ' (forced)' : ''} at ${when(entry, playbook.time_zone, now)} by ${actorLabel(playbook, entry.actor)}${reason}.${left}`;
}

export function reopenLine(
  entry: LogEntry<'incident.reopened'>,
  incident: string,
  playbook: Playbook,
  now: Date,
): string {
  return `Recorded: incident ${incident} reopened at ${when(entry, playbook.time_zone, now)} by ${actorLabel(playbook, entry.actor)}: ${quote(entry.data.reason)}`;
}

/** Open items after a change that were not on the checklist before it (any occurrence of the action). */
export function addedItems(before: readonly ScheduleItem[], after: readonly ScheduleItem[]): ScheduleItem[] {
  const had = new Set(before.map((i) => i.action));
  return after.filter((i) => isOpen(i) && !had.has(i.action));
}

/** Open items before a change that are no longer on the checklist after it. */
export function droppedItems(before: readonly ScheduleItem[], after: readonly ScheduleItem[]): ScheduleItem[] {
  const has = new Set(after.map(key));
  return before.filter((i) => isOpen(i) && !has.has(key(i)));
}

/** Items as short lines: due (or waiting), title, id. */
export function itemLines(items: readonly ScheduleItem[], playbook: Playbook, now: Date): string[] {
  const rows = items.map((i) => [
    '',
    i.due === undefined ? 'waiting' : clockTime(i.due, playbook.time_zone, now),
    i.due === undefined ? '' : `(${relative(i.due.getTime() - now.getTime())})`,
    `${itemTitle(i)} [${itemRef(i)}]`,
  ]);
  return columns(rows);
}
