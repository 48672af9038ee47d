/**
 * The communications log, readable: one line per entry in log order, the time in the playbook's
 * zone (24-hour), who (role title and person) and what happened in words. A date line comes first
 * and whenever the day changes. Backfilled entries show both times ("02:14 (recorded 02:40)");
 * entries written under a simulated clock are marked with "*".
 *
 * What each event type says is a table of describers, one per type; a type this version does not
 * know is shown by its name.
 */
import type { EventData, EventType } from '../../core/incident/events.js';
import type { LogEntry } from '../../core/log/envelope.js';
import type { FactValue, Playbook } from '../../core/playbook/model.js';
import { style } from '../../io/output/terminal.js';
import { oneLine, visible } from '../../core/text/visible.js';
import { formatInZone } from '../../core/time/format.js';
import { clockTime, roleTitle } from './labels.js';
import { indentWrap } from './layout.js';
import stringWidth from 'string-width';

interface Ctx {
  playbook: Playbook;
  zone: string;
  /** The entry's day, for times of other days. */
  day: Date;
  /** Each fact's value before this entry, to say what it was. */
  facts: Map<string, FactValue>;
}

type Describer<T extends EventType> = (data: EventData[T], ctx: Ctx) => string;

const title = (ctx: Ctx, id: string) => {
  const action = ctx.playbook.actions.find((a) => a.id === id);
  return action === undefined ? `“${oneLine(id)}”` : `“${oneLine(action.title)}”`;
};
const which = (ctx: Ctx, action: string, occurrence: number) => {
  const recurring = ctx.playbook.actions.find((a) => a.id === action)?.repeat !== undefined;
  return recurring || occurrence > 0 ? `${title(ctx, action)} #${occurrence}` : title(ctx, action);
};
const tierName = (ctx: Ctx, id: string) => {
  const tier = ctx.playbook.classification.tiers.find((t) => t.id === id);
  return tier === undefined ? oneLine(id) : oneLine(tier.name);
};
const at = (ctx: Ctx, iso: string) => clockTime(new Date(iso), ctx.zone, ctx.day);
const quote = (text: string) => `“${oneLine(text)}”`;
/** The core words a classification "Name: definition — matched because …"; the log keeps the why. */
const because = (reason: string) => {
  const text = oneLine(reason);
  const cut = text.lastIndexOf(' — matched because ');
  return cut < 0 ? text : text.slice(cut + ' — '.length);
};
/** date-time facts are stored in UTC; people read them in the playbook's zone. */
const factText = (ctx: Ctx, id: string, value: FactValue) =>
  typeof value === 'string' && ctx.playbook.facts.find((f) => f.id === id)?.type === 'date-time'
    ? formatInZone(new Date(value), ctx.zone, 'yyyy-MM-dd HH:mm zzz')
    : String(value);
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

const describers: { [T in EventType]: Describer<T> } = {
  'incident.opened': (d, ctx) =>
    `Opened the incident ${quote(d.title)}; it occurred ${at(ctx, d.occurred_at)}. Playbook ${oneLine(d.playbook.id)} ${oneLine(d.playbook.version)}.`,
  'fact.recorded': (d, ctx) => {
    const before = ctx.facts.get(d.fact);
    const shown = (v: FactValue) => oneLine(factText(ctx, d.fact, v));
    return `Fact ${oneLine(d.fact)} = ${shown(d.value)}${before === undefined ? '' : ` (was ${shown(before)})`}`;
  },
  'incident.classified': (d, ctx) =>
    d.from === undefined
      ? `Classified ${tierName(ctx, d.tier)}${d.method === 'questions' ? ` by the classification questions: ${because(d.reason)}` : `: ${quote(d.reason)}`}`
      : `Re-tiered from ${tierName(ctx, d.from)} to ${tierName(ctx, d.tier)}: ${quote(d.reason)}`,
  'action.completed': (d, ctx) =>
    `${d.source === undefined ? 'Done' : 'Done by its outside agency, as reported'}: ${which(ctx, d.action, d.occurrence)}${d.source === undefined ? '' : ` (source: ${quote(d.source)})`}${d.note ? `. Note: ${quote(d.note)}` : ''}`,
  'clock.paused': (d, ctx) =>
    `Paused the deadline of ${which(ctx, d.action, d.occurrence)}${d.basis?.written ? ' (in writing)' : ''}: ${quote(d.reason)}`,
  'clock.resumed': (d, ctx) =>
    `Resumed the deadline of ${which(ctx, d.action, d.occurrence)}${d.reason === undefined ? '' : `: ${quote(d.reason)}`}`,
  'action.approved': (d, ctx) => `Approved ${which(ctx, d.action, d.occurrence)}`,
  'action.skipped': (d, ctx) => `Skipped ${which(ctx, d.action, d.occurrence)}: ${quote(d.reason)}`,
  'deadline.extended': (d, ctx) =>
    `Extended ${which(ctx, d.action, d.occurrence)} from ${at(ctx, d.from)} to ${at(ctx, d.due)}: ${quote(d.reason)}`,
  'request.received': (d, ctx) =>
    `Received ${oneLine(d.kind)} #${d.request} from ${quote(d.from)} at ${at(ctx, d.received_at)}${d.note ? `: ${quote(d.note)}` : ''}`,
  note: (d) => `Note: ${visible(d.text).replace(/\t/g, ' ')}`,
  'incident.closed': (d, ctx) => {
    const left = d.left_open.map((i) => which(ctx, i.action, i.occurrence));
    return [
      `Closed the incident${d.forced ? ' (forced)' : ''}${d.reason ? `: ${quote(d.reason)}` : ''}.`,
      left.length ? `Left open: ${left.join(', ')}.` : '',
    ]
      .filter(Boolean)
      .join(' ');
  },
  'incident.reopened': (d) => `Reopened the incident: ${quote(d.reason)}`,
  'statement.drafted': (d, ctx) => {
    const errors = d.checks.filter((c) => c.level === 'error').length;
    const warnings = d.checks.length - errors;
    const checks = d.checks.length
      ? `; checks: ${plural(errors, 'error')}, ${plural(warnings, 'warning')}`
      : '; checks passed';
    return `Drafted ${title(ctx, d.statement)} v${d.version}${d.source === 'edited' ? ' (edited by hand)' : ''} → ${oneLine(d.file)}${checks}`;
  },
  'statement.approved': (d, ctx) =>
    `Approved ${title(ctx, d.statement)} v${d.version} (text ${d.sha256.slice(0, 12)})${d.warnings.length ? `, accepting ${plural(d.warnings.length, 'warning')}` : ''}`,
  'statement.rejected': (d, ctx) => `Rejected ${title(ctx, d.statement)} v${d.version}: ${quote(d.reason)}`,
  'statement.released': (d, ctx) =>
    `Released ${title(ctx, d.statement)} v${d.version} on ${d.channels.map(oneLine).join(', ') || 'no channel named'}`,
  'press.scheduled': (d, ctx) =>
    d.from === undefined
      ? `Scheduled ${title(ctx, d.action)} for ${at(ctx, d.start)}${d.place ? ` at ${oneLine(d.place)}` : ''}`
      : `Moved ${title(ctx, d.action)} from ${at(ctx, d.from)} to ${at(ctx, d.start)}${d.place ? ` at ${oneLine(d.place)}` : ''}: ${quote(d.reason ?? '')}`,
  'press.cancelled': (d, ctx) => `Cancelled ${title(ctx, d.action)} set for ${at(ctx, d.from)}: ${quote(d.reason)}`,
  'commitment.made': (d, ctx) =>
    `Commitment ${d.commitment} made in public by ${oneLine(d.said_by)}: ${quote(d.text)}, by ${at(ctx, d.due)}, owner ${oneLine(d.owner)}`,
  'commitment.kept': (d) => `Commitment ${d.commitment} kept${d.note ? `. Note: ${quote(d.note)}` : ''}`,
  'commitment.broken': (d) => `Commitment ${d.commitment} will not be kept: ${quote(d.reason)}`,
  'board.briefed': (d, ctx) =>
    `Briefing packet ${d.packet} (as of ${at(ctx, d.as_of)}${d.since ? `, changes since packet ${d.since}` : ''}) sent to ${d.to.map(oneLine).join(', ')}`,
  'board.acknowledged': (d) => `Acknowledged briefing packet ${d.packet}`,
  'log.repaired': (d) =>
    `Repaired the log after a crash: ${plural(d.length, 'damaged byte')} at offset ${d.offset} (sha256 ${d.sha256.slice(0, 12)}…) moved to ${oneLine(d.quarantine)}`,
};

/** The event types cic knows, for `--type`. */
export const EVENT_TYPES = Object.keys(describers) as EventType[];

export interface LogViewInput {
  /** The whole log, in order: facts' earlier values come from entries not shown too. */
  entries: readonly LogEntry[];
  /** Which entries to show (the filters); default all. */
  include?: (entry: LogEntry) => boolean;
  playbook: Playbook;
  width?: number;
}

function describe(entry: LogEntry, ctx: Ctx): string {
  const d = Object.hasOwn(describers, entry.type) ? (describers[entry.type] as Describer<EventType>) : undefined;
  return d === undefined
    ? `${oneLine(entry.type)} (an entry type this version of cic does not describe)`
    : d(entry.data, ctx);
}

function describeRow(entry: LogEntry, playbook: Playbook, facts: Map<string, FactValue>) {
  const zone = playbook.time_zone;
  const written = new Date(entry.at);
  const ctx: Ctx = { playbook, zone, day: written, facts };
  const hhmm = formatInZone(written, zone, 'HH:mm');
  // A backfilled entry: when it happened first, then when it was written.
  const time =
    entry.stated_at === undefined
      ? hhmm
      : `${clockTime(new Date(entry.stated_at), zone, written).replace(/ \S+$/, '')} (recorded ${hhmm})`;
  const who = `${roleTitle(playbook, entry.actor.role)} · ${oneLine(entry.actor.name)}`;
  return {
    entry,
    day: formatInZone(written, zone, 'EEEE dd MMM yyyy'),
    time: `${time}${entry.clock === 'simulated' ? '*' : ''}`,
    who,
    what: describe(entry, ctx),
  };
}

export function renderLog(input: LogViewInput): string {
  const { playbook } = input;
  const zone = playbook.time_zone;
  const width = Math.max(60, input.width ?? 100);
  const facts = new Map<string, FactValue>();
  const rows: { entry: LogEntry; day: string; time: string; who: string; what: string }[] = [];
  for (const entry of input.entries) {
    if (input.include === undefined || input.include(entry)) rows.push(describeRow(entry, playbook, facts));
    if (entry.type === 'fact.recorded') {
      const d = entry.data as EventData['fact.recorded'];
      facts.set(d.fact, d.value);
    }
  }
  if (rows.length === 0) return 'No entries.';

  const seqW = Math.max(...rows.map((r) => String(r.entry.seq).length)) + 1;
  // Display width, not length: a name in Chinese characters takes two columns a character.
  const timeW = Math.max(...rows.map((r) => stringWidth(r.time)));
  const whoW = Math.max(...rows.map((r) => stringWidth(r.who)));
  // Who and what on one line when there is room for both; else what goes under who.
  const inline = seqW + timeW + whoW + 8 + 50 <= width;

  const out: string[] = [];
  let day = '';
  for (const r of rows) {
    if (r.day !== day) {
      day = r.day;
      out.push(...(out.length ? [''] : []), style.heading(`${day} (${zone})`));
    }
    const lead = `  ${style.dim(`#${r.entry.seq}`.padStart(seqW))}  ${padEndWidth(r.time, timeW)}  `;
    const leadWidth = 2 + seqW + 2 + timeW + 2;
    const paragraphs = r.what.split('\n');
    if (inline) {
      const indent = ' '.repeat(leadWidth + whoW + 2);
      const lines = paragraphs.flatMap((p) => indentWrap(p, indent, width));
      out.push(`${lead}${style.bold(padEndWidth(r.who, whoW))}  ${lines[0]!.slice(indent.length)}`, ...lines.slice(1));
    } else {
      const indent = ' '.repeat(leadWidth);
      out.push(`${lead}${style.bold(r.who)}`, ...paragraphs.flatMap((p) => indentWrap(p, indent, width)));
    }
  }
  const simulated = rows.filter((r) => r.entry.clock === 'simulated').length;
  if (simulated > 0)
    out.push(
      '',
      style.dim(`* written under a simulated clock (CIC_NOW): ${simulated} ${simulated === 1 ? 'entry' : 'entries'}.`),
    );
  return out.join('\n');
}

/** `text` padded with spaces to `width` terminal columns. */
function padEndWidth(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - stringWidth(text)));
}
