/**
 * Upcoming deadlines as an iCalendar file (RFC 5545) for the City Manager's own calendar.
 *
 * - Times are wall-clock times in the playbook's zone (`DTSTART;TZID=America/Chicago:…`) with the
 *   zone's VTIMEZONE from timezones-ical-library, so calendars show them right across DST.
 * - The UID is `<workspace>.<incident>.<action>.<occurrence>@cic`: the same deadline has the same
 *   UID in every export, so re-importing updates the event instead of adding a second one, and two
 *   workspaces' incident 2026-0001 never collide. SEQUENCE is the
 *   number of extensions, so a moved deadline outranks the copy already in the calendar.
 * - DTSTAMP is the export time passed in (the core reads no clock), in UTC as RFC 5545 requires.
 * - Text from the playbook and the log has control and bidi characters made visible; ical-generator
 *   escapes `\ ; ,` and newlines in SUMMARY/DESCRIPTION, and the few fields it writes raw (calendar
 *   name, UID) are escaped or restricted here.
 */
import { TZDate } from '@date-fns/tz';
import { ICalAlarmType, ICalCalendar, ICalCalendarMethod } from 'ical-generator';
import { tzlib_get_ical_block, tzlib_get_timezones } from 'timezones-ical-library';
import { InputError } from '../errors.js';
import { oneLine, visible } from '../text/visible.js';
import type { StateName } from '../incident/item-state.js';
import type { ActionKind, Timestamp } from '../playbook/model.js';

export interface CalendarRole {
  id: string;
  title: string;
}

/** One deadline to put in the calendar. The caller picks which (the upcoming ones). */
export interface DeadlineEvent {
  action: string;
  /** 0-based occurrence of a recurring action. */
  occurrence: number;
  title: string;
  kind: ActionKind;
  owner: CalendarRole;
  approvers: CalendarRole[];
  /** Where it stood when exported, in the words status uses (src/core/incident/item-state.ts). */
  state?: StateName;
  /** The current deadline, RFC 3339 (any offset). */
  due: Timestamp;
  /** How many times this deadline was extended: becomes the event's SEQUENCE. */
  extensions: number;
  /** The latest extension's reason, if any. */
  extension_reason?: string | null;
  /**
   * How many times its clock was paused, reassessed or resumed: added to SEQUENCE, so the moved
   * deadline (or the next reassessment) replaces the copy already in the calendar.
   */
  pause_changes?: number;
  /** Its clock stands still: the event is then the next reassessment, not the deadline. */
  paused?: { since: Timestamp; reason: string } | null;
  /** A public update the city promised: the sentence status shows (src/core/incident/promises.ts). */
  promise?: string | null;
  /** How many earlier promises for it a later statement superseded: added to SEQUENCE (it moved). */
  promise_changes?: number;
  guidance?: string | null;
  /** The statement template, if any: a templated statement is drafted, approved and released, never marked done. */
  template?: string | null;
  references: { citation: string; url?: string | null; note?: string | null }[];
  /** How to record it, when not `cic done ACTION` (a commitment made in public). */
  record?: string;
}

export interface CalendarContext {
  incident: string;
  /** The workspace's id (cic.yaml `workspace_id`), so UIDs from two workspaces never collide. */
  workspace?: string;
  /** The incident's title. */
  title: string;
  /** IANA zone of the frozen playbook. */
  zone: string;
  /** The export time (RFC 3339 or Date): DTSTAMP of every event. */
  generatedAt: Timestamp | Date;
}

export const EVENT_MINUTES = 15;
export const ALARM_MINUTES_BEFORE = 15;

/** Text for a property value: one line (ical-generator escapes the rest), nothing invisible. */
const text = oneLine;
/** A description keeps its line breaks; nothing invisible. */
const multiline = (s: string) => visible(s);

/** RFC 5545 TEXT escaping, for the calendar-level fields ical-generator writes unescaped. */
const icsText = (s: string) => text(s).replace(/[\\;,]/g, (c) => `\\${c}`);

/** UIDs keep to a safe alphabet; anything else becomes `_xx` hex, so distinct ids stay distinct. */
const uidPart = (s: string) => s.replace(/[^A-Za-z0-9-]/g, (c) => `_${c.codePointAt(0)!.toString(16)}`);

/** `<workspace>.<incident>.<action>.<occurrence>@cic`: unique across workspaces, stable across exports. */
export function eventUid(incident: string, action: string, occurrence: number, workspace?: string): string {
  const ws = workspace === undefined ? '' : `${uidPart(workspace)}.`;
  return `${ws}${uidPart(incident)}.${uidPart(action)}.${occurrence}@cic`;
}

function describe(e: DeadlineEvent, ctx: CalendarContext): string {
  const lines = [`Incident ${ctx.incident}: ${ctx.title}`, `Owner: ${e.owner.title} (${e.owner.id})`];
  if (e.approvers.length) lines.push(`Approvers: ${e.approvers.map((a) => `${a.title} (${a.id})`).join(', ')}`);
  lines.push(`Action: ${e.action}${e.occurrence ? ` #${e.occurrence}` : ''} (${e.kind})`);
  if (e.state !== undefined) lines.push(`State when exported: ${e.state}`);
  if (e.extensions)
    lines.push(
      `Deadline extended ${e.extensions} time${e.extensions === 1 ? '' : 's'}${e.extension_reason ? `: ${e.extension_reason}` : ''}`,
    );
  if (e.paused)
    lines.push(
      `Deadline paused since ${e.paused.since}: ${e.paused.reason}`,
      `This is the next reassessment: cic pause ${e.action} -i ${ctx.incident} --reason "…" records it; cic resume ${e.action} -i ${ctx.incident} restarts the clock.`,
    );
  else if (e.pause_changes) lines.push('Deadline moved by pausing its clock (see the report).');
  if (e.promise) lines.push(`Promised in public: ${e.promise}`);
  if (e.guidance) lines.push('', e.guidance.trim());
  for (const r of e.references) lines.push('', `Reference: ${[r.citation, r.note, r.url].filter(Boolean).join(', ')}`);
  lines.push('', `Record it: ${e.record ?? howToRecord(e, ctx)}`);
  return multiline(lines.join('\n'));
}

/** The commands that record it, as `cic done` would refuse a templated statement. */
function howToRecord(e: DeadlineEvent, ctx: CalendarContext): string {
  const which = ` ${e.action} -i ${ctx.incident}`;
  if (e.kind !== 'statement' || !e.template)
    return `cic done${which}${e.occurrence ? ` --occurrence ${e.occurrence}` : ''}`;
  const approve = e.approvers.length ? `cic approve${which} (each approver), then ` : '';
  return `cic draft${which}, then ${approve}cic release${which} --channel …`;
}

let knownZones: Set<string> | undefined;

function vtimezone(zone: string): string {
  // Ask the library only about zones it has: for others it prints to the console itself.
  knownZones ??= new Set(tzlib_get_timezones() as string[]);
  const block = knownZones.has(zone) ? tzlib_get_ical_block(zone) : undefined;
  const vt = Array.isArray(block) ? block[0] : undefined;
  if (!vt)
    throw new InputError(
      `No time-zone rules for "${zone}"`,
      'Set the playbook time_zone to an IANA zone such as America/Chicago.',
    );
  return vt;
}

export function renderCalendar(events: readonly DeadlineEvent[], ctx: CalendarContext): string {
  vtimezone(ctx.zone); // refuse an unknown zone up front, with a message, not a library error
  const name = `[${ctx.incident}] ${ctx.title}: deadlines`;
  // PUBLISH: a copy for the reader's own calendar (Outlook wants a method to import at all).
  const cal = new ICalCalendar({
    prodId: { company: 'cic', product: 'cic', language: 'EN' },
    method: ICalCalendarMethod.PUBLISH,
    scale: 'GREGORIAN',
    name: icsText(name),
  });
  // The zone goes on each event, not on the calendar: ical-generator writes DTSTAMP in the
  // calendar's zone without a `Z` when one is set there, which RFC 5545 forbids.
  cal.timezone({ name: null, generator: vtimezone });
  cal.x('X-WR-TIMEZONE', ctx.zone);
  const stamp = new Date(ctx.generatedAt);
  for (const e of events) {
    const start = Date.parse(e.due);
    if (Number.isNaN(start)) throw new TypeError(`deadline of ${e.action}#${e.occurrence} is not a time: ${e.due}`);
    cal.createEvent({
      id: eventUid(ctx.incident, e.action, e.occurrence, ctx.workspace),
      sequence: e.extensions + (e.pause_changes ?? 0) + (e.promise_changes ?? 0),
      stamp,
      start: new TZDate(start, ctx.zone),
      end: new TZDate(start + EVENT_MINUTES * 60_000, ctx.zone),
      timezone: ctx.zone,
      summary: text(`[${ctx.incident}] ${e.paused ? 'Reassess the pause: ' : ''}${e.title} (${e.owner.title})`),
      description: describe(e, ctx),
      alarms: [
        {
          type: ICalAlarmType.display,
          trigger: ALARM_MINUTES_BEFORE * 60,
          description: text(`Due in ${ALARM_MINUTES_BEFORE} min: ${e.title}`),
        },
      ],
    });
  }
  // RFC 5545 §3.1: every content line ends with CRLF, the last one too.
  const ics = cal.toString();
  return ics.endsWith('\r\n') ? ics : `${ics}\r\n`;
}
