/**
 * The activity column of the report's ICS 214 log: one line per log entry, saying what happened
 * in words ('Completed "Chief notifies the City Manager"', a note's own text, …). A table of
 * describers, one per event type; a type this version does not know is named, not hidden.
 *
 * Raw text, as the report model requires: each renderer escapes for its own format. (The
 * terminal log view in `src/views/log-view.ts` has its own table: it escapes for the terminal,
 * shows times relative to the day on screen, and imports the terminal module, none of which a
 * pure report may do.) Times inside the text are 24-hour wall clock in the playbook's zone.
 */
import type { EventData, EventType } from '../incident/events.js';
import type { Action, FactValue, Playbook, Tier } from '../playbook/model.js';
import { localTime, wallDateTime } from './times.js';

/** What a describer may look up: the playbook's names, and each fact's value before this entry. */
export interface ActivityContext {
  zone: string;
  actions: ReadonlyMap<string, Action>;
  tiers: ReadonlyMap<string, Tier>;
  /** Facts of type date-time: their values are shown as wall-clock times in the zone. */
  dateTimeFacts: ReadonlySet<string>;
  facts: Map<string, FactValue>;
}

export function activityContext(playbook: Playbook): ActivityContext {
  return {
    zone: playbook.time_zone,
    actions: new Map(playbook.actions.map((a) => [a.id, a])),
    tiers: new Map(playbook.classification.tiers.map((t) => [t.id, t])),
    dateTimeFacts: new Set(playbook.facts.filter((f) => f.type === 'date-time').map((f) => f.id)),
    facts: new Map(),
  };
}

type Describer<T extends EventType> = (data: EventData[T], ctx: ActivityContext) => string;

// Straight quotes, as on a typed ICS 214 form. Typographic ones would make every row a two-byte
// string in V8 (they are outside Latin-1): twice the memory, and every renderer and the UTF-8
// encoding slower, which on a 100,000-entry report cost about 0.3 s (bench/report.mjs).
const quote = (text: string) => `"${text}"`;
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const time = (ctx: ActivityContext, instant: string) => wallDateTime(localTime(instant, ctx.zone));
const title = (ctx: ActivityContext, id: string) => quote(ctx.actions.get(id)?.title ?? id);
/** A recurring action's occurrences are told apart: "Public update" #2. */
const item = (ctx: ActivityContext, id: string, occurrence: number) =>
  ctx.actions.get(id)?.repeat !== undefined || occurrence > 0 ? `${title(ctx, id)} #${occurrence}` : title(ctx, id);
const tier = (ctx: ActivityContext, id: string) => ctx.tiers.get(id)?.name ?? id;
const value = (ctx: ActivityContext, fact: string, v: FactValue) => {
  if (typeof v !== 'string') return String(v);
  return ctx.dateTimeFacts.has(fact) && !Number.isNaN(Date.parse(v)) ? time(ctx, v) : quote(v);
};

const describers: { [T in EventType]: Describer<T> } = {
  'incident.opened': (d, ctx) =>
    `Opened the incident ${quote(d.title)} (occurred ${time(ctx, d.occurred_at)}) under playbook ${d.playbook.id} ${d.playbook.version}`,
  'fact.recorded': (d, ctx) => {
    const before = ctx.facts.get(d.fact);
    return `Fact ${d.fact} = ${value(ctx, d.fact, d.value)}${before === undefined ? '' : ` (was ${value(ctx, d.fact, before)})`}`;
  },
  'incident.classified': (d, ctx) =>
    d.from === undefined
      ? `Classified ${tier(ctx, d.tier)}${d.method === 'questions' ? ' by the classification questions' : ' by hand'}: ${d.reason}`
      : `Re-tiered from ${tier(ctx, d.from)} to ${tier(ctx, d.tier)}: ${d.reason}`,
  'action.completed': (d, ctx) =>
    `${d.source === undefined ? 'Completed' : 'Recorded as done by its outside agency'} ${item(ctx, d.action, d.occurrence)}${d.source === undefined ? '' : `, reported from ${quote(d.source)}`}${d.note ? `. Note: ${d.note}` : ''}`,
  'clock.paused': (d, ctx) =>
    `Paused the deadline of ${item(ctx, d.action, d.occurrence)}${d.basis?.written ? ' (in writing)' : ''}: ${d.reason}`,
  'clock.resumed': (d, ctx) =>
    `Resumed the deadline of ${item(ctx, d.action, d.occurrence)}${d.reason === undefined ? '' : `: ${d.reason}`}`,
  'action.approved': (d, ctx) => `Approved ${item(ctx, d.action, d.occurrence)}`,
  'action.skipped': (d, ctx) => `Skipped ${item(ctx, d.action, d.occurrence)}: ${d.reason}`,
  'deadline.extended': (d, ctx) =>
    `Extended the deadline of ${item(ctx, d.action, d.occurrence)} from ${time(ctx, d.from)} to ${time(ctx, d.due)}: ${d.reason}`,
  'request.received': (d, ctx) =>
    `Received ${d.kind} #${d.request} from ${quote(d.from)} at ${time(ctx, d.received_at)}${d.note ? `: ${d.note}` : ''}`,
  note: (d) => d.text,
  'incident.closed': (d, ctx) => {
    const left = d.left_open.map((i) => item(ctx, i.action, i.occurrence));
    return `Closed the incident${d.forced ? ' (forced)' : ''}${d.reason ? `: ${d.reason}` : ''}${left.length ? `. Left open: ${left.join(', ')}` : ''}`;
  },
  'incident.reopened': (d) => `Reopened the incident: ${d.reason}`,
  'statement.drafted': (d, ctx) => {
    const errors = d.checks.filter((c) => c.level === 'error').length;
    const warnings = d.checks.length - errors;
    const checks = d.checks.length
      ? `checks: ${plural(errors, 'error')}, ${plural(warnings, 'warning')}`
      : 'checks passed';
    return `Drafted ${title(ctx, d.statement)} v${d.version}${d.source === 'edited' ? ' (edited by hand)' : ''} (${d.file}); ${checks}`;
  },
  'statement.approved': (d, ctx) =>
    `Approved ${title(ctx, d.statement)} v${d.version} (text sha256 ${d.sha256.slice(0, 12)})${d.warnings.length ? `, accepting ${plural(d.warnings.length, 'warning')}` : ''}`,
  'statement.rejected': (d, ctx) => `Rejected ${title(ctx, d.statement)} v${d.version}: ${d.reason}`,
  'statement.released': (d, ctx) =>
    `Released ${title(ctx, d.statement)} v${d.version} on ${d.channels.length ? d.channels.join(', ') : 'no channel named'} (text sha256 ${d.sha256.slice(0, 12)})`,
  'press.scheduled': (d, ctx) =>
    d.from === undefined
      ? `Scheduled ${title(ctx, d.action)} for ${time(ctx, d.start)}${d.place ? ` at ${d.place}` : ''}`
      : `Moved ${title(ctx, d.action)} from ${time(ctx, d.from)} to ${time(ctx, d.start)}${d.place ? ` at ${d.place}` : ''}: ${d.reason ?? ''}`,
  'press.cancelled': (d, ctx) => `Cancelled ${title(ctx, d.action)} set for ${time(ctx, d.from)}: ${d.reason}`,
  'commitment.made': (d, ctx) =>
    `Commitment ${d.commitment} made in public by ${d.said_by}: ${quote(d.text)}, by ${time(ctx, d.due)}, owner ${d.owner}`,
  'commitment.kept': (d) => `Commitment ${d.commitment} kept${d.note ? `. Note: ${d.note}` : ''}`,
  'commitment.broken': (d) => `Commitment ${d.commitment} will not be kept: ${d.reason}`,
  'board.briefed': (d, ctx) =>
    `Briefing packet ${d.packet} (as of ${time(ctx, d.as_of)}${d.since ? `, changes since packet ${d.since}` : ''}) sent to ${d.to.join(', ')} (sha256 ${d.sha256.slice(0, 12)})`,
  'board.acknowledged': (d) => `Acknowledged briefing packet ${d.packet}`,
  'log.repaired': (d) =>
    `Repaired the log after a crash: ${plural(d.length, 'damaged byte')} at offset ${d.offset} (sha256 ${d.sha256.slice(0, 12)}) moved to ${d.quarantine}`,
};

/**
 * One entry in words. Call in log order: a fact's "(was …)" is the value before this entry, which
 * this keeps track of in `ctx.facts`.
 */
export function describeActivity(entry: { type: string; data: unknown }, ctx: ActivityContext): string {
  const describe = Object.hasOwn(describers, entry.type)
    ? (describers[entry.type as EventType] as Describer<EventType>)
    : undefined;
  const text =
    describe === undefined
      ? `${entry.type} (an entry type this version of cic does not describe)`
      : describe(entry.data as EventData[EventType], ctx);
  if (entry.type === 'fact.recorded') {
    const d = entry.data as EventData['fact.recorded'];
    ctx.facts.set(d.fact, d.value);
  }
  return text;
}
