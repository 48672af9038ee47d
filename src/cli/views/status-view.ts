/**
 * The City Manager's status board, as text and as JSON: overdue first, then due soonest, then what
 * waits on something, then what was done or skipped. A pure renderer: it gets the incident state,
 * its frozen playbook, the schedule at `now` and the terminal width, and returns strings.
 *
 * By default the board shows items done or skipped in the last two hours (what just happened) and
 * counts the rest; `all` shows every one. The JSON always lists every item: a machine has no screen
 * to fill.
 */
import { pauseDetails } from './pause-words.js';
import type { IncidentState } from '../../core/incident/state.js';
import { STILL_OPEN, type StateName } from '../../core/incident/item-state.js';
import { promiseWords, type MadePromise, type OccurrencePromise } from '../../core/incident/promises.js';
import { approvalsOwed } from '../../core/statements/approvals.js';
import { entryOf } from '../../core/statements/state.js';
import { DUE_SOON_MS, type ScheduleItem } from '../../core/incident/schedule.js';
import type { Playbook } from '../../core/playbook/model.js';
import type { FactChange } from '../../core/statements/fact-changes.js';
import { style } from '../../io/output/terminal.js';
import { elapsedWords, formatInZone, relative, toZonedIso, zoneAbbreviation } from '../../core/time/format.js';
import { actionTitle, actorLabel, clockTime, isoClockDuration, itemRef, itemTitle, roleTitle } from './labels.js';
import { fit, wrapSegments } from './layout.js';
import { untilScheduled } from './press-view.js';
import { commitmentItems } from '../../core/press/commitments.js';
import { acknowledgementsOf } from '../../core/press/state.js';
import { oneLine } from '../../core/text/visible.js';

/** Done and skipped items resolved longer ago than this are hidden unless `all`. */
export const RECENT_MS = 2 * 60 * 60 * 1000;

export interface StatusInput {
  state: IncidentState;
  playbook: Playbook;
  /** schedule(state, playbook, now): every item. */
  items: readonly ScheduleItem[];
  now: Date;
  /** The clock is CIC_NOW (an exercise or a test): said in the header. */
  simulated?: boolean;
  /** Only this role's items: those it owns or may act for, and the approvals it owes. */
  role?: string;
  all?: boolean;
  /** Terminal columns (default 100). */
  width?: number;
  factChanges?: readonly FactChange[];
}

/** The shared vocabulary (src/core/incident/item-state.ts), the same in every view and the report. */
export type JsonItemState = StateName;

export interface StatusItemJson {
  action: string;
  /** 0-based, as in the log and `--occurrence`. */
  occurrence: number;
  title: string;
  /** Role id. */
  owner: string;
  /** RFC 3339 in the playbook's zone; null while it waits on something. */
  due: string | null;
  state: JsonItemState;
  completed_at: string | null;
  completed_by: { role: string; name: string } | null;
  /** Late items: completion − due; overdue items: now − due. ISO 8601 clock duration ("PT12M"). */
  late_by: string | null;
  /** The skip reason, or the latest extension's reason. */
  reason: string | null;
  /** Action ids (or "closed") a waiting item waits for; empty otherwise. */
  waiting_on: string[];
  /** Owned by an agency outside the city (counted apart from the city's own). */
  outside: boolean;
  /** For an outside duty recorded done: how the city knows. */
  source: string | null;
  /** For an action owed per request: the request (its number is `occurrence`). */
  request: { kind: string; number: number; from: string; received_at: string } | null;
  /** A public update the city promised (docs/playbook-authoring.md#promised-updates); null otherwise. */
  promise: PromiseJson | null;
}

/** The promise an item's deadline keeps, with the earlier ones a later statement superseded. */
export interface PromiseJson extends PromisePartJson {
  fact: string;
  superseded: PromisePartJson[];
  /** Promises released after this one's time had passed: they do not move its deadline. */
  after_passed: PromisePartJson[];
}

interface PromisePartJson {
  /** The promised time, RFC 3339 in the playbook's zone. */
  at: string;
  statement: string;
  version: number;
  /** When the statement that promised it was released. */
  made_at: string;
}

export interface StatusJson {
  incident: string;
  tier: string | null;
  now: string;
  items: StatusItemJson[];
  /** Promises made in public: upcoming, overdue (the item states' words), kept, late (kept late), broken. */
  commitments: {
    number: number;
    text: string;
    due: string;
    owner: string;
    said_by: string;
    press: string | null;
    state: string;
    resolved_at: string | null;
  }[];
  /** Press conferences ever scheduled: where they stand and how many times the schedule changed. */
  press: {
    action: string;
    state: 'scheduled' | 'held' | 'cancelled';
    start: string | null;
    place: string | null;
    changes: number;
  }[];
  /** Briefing packets sent to the governing body, and who acknowledged each when. */
  packets: { number: number; to: string[]; as_of: string; acknowledged: { name: string; at: string }[] }[];
}

/**
 * The items a role owns or may act for, and the statements whose current draft waits for its
 * approval (or the approval of a role it acts for): what the role owes, as the walk-through shows it.
 */
export function itemsForRole(
  items: readonly ScheduleItem[],
  playbook: Playbook,
  role: string,
  state: IncidentState,
): ScheduleItem[] {
  const actsFor = new Set([role, ...(playbook.roles.find((r) => r.id === role)?.acts_for ?? [])]);
  return items.filter((i) => actsFor.has(i.owner) || approvalOwedBy(i, playbook, role, state).length > 0);
}

/** The approver roles `role` stands for whose approval this item's statement still waits for. */
function approvalOwedBy(item: ScheduleItem, playbook: Playbook, role: string, state: IncidentState): string[] {
  if (!STILL_OPEN.has(item.named) || item.approvers.length === 0) return [];
  const action = playbook.actions.find((a) => a.id === item.action);
  return action ? approvalsOwed(entryOf(state.statements, action.id), action, [role], playbook.roles) : [];
}

export function statusJson(input: StatusInput): StatusJson {
  const { state, playbook, now } = input;
  const zone = playbook.time_zone;
  const iso = (d: Date | undefined) => (d === undefined ? null : toZonedIso(d, zone));
  const items = input.role === undefined ? input.items : itemsForRole(input.items, playbook, input.role, state);
  return {
    incident: state.id,
    tier: state.tier ?? null,
    now: toZonedIso(now, zone),
    items: items.map((i) => ({
      action: i.action,
      occurrence: i.occurrence,
      title: i.title,
      owner: i.owner,
      due: iso(i.due),
      state: i.named,
      completed_at: iso(i.completed_at),
      completed_by: i.completed_by === undefined ? null : { role: i.completed_by.role, name: i.completed_by.name },
      late_by: i.late_by_ms === undefined ? null : isoClockDuration(i.late_by_ms),
      reason: i.reason ?? null,
      waiting_on: [...i.waiting_on],
      outside: i.outside,
      source: i.source ?? null,
      request:
        i.request === undefined
          ? null
          : {
              kind: i.request.kind,
              number: i.request.number,
              from: i.request.from,
              received_at: toZonedIso(new Date(i.request.received_at), zone),
            },
      paused:
        i.pause === undefined
          ? null
          : { since: iso(i.pause.since), reason: i.pause.reason, reassess_by: iso(i.pause.reassess_by) },
      pauses: i.pauses.map((p) => ({ from: p.from, to: p.to ?? null, reason: p.reason })),
      promise: i.promise === undefined ? null : promiseJson(i.promise, zone),
    })),
    commitments: commitmentItems(state, now).map((c) => ({
      number: c.commitment.number,
      text: c.commitment.text,
      due: toZonedIso(c.due, zone),
      owner: c.commitment.owner,
      said_by: c.commitment.said_by,
      press: c.commitment.press ?? null,
      state: c.state,
      resolved_at: iso(c.resolved_at),
    })),
    press: Object.entries(state.press.schedules).map(([action, changes]) => {
      const last = changes.at(-1);
      const held = state.actions[action]?.[0]?.completed !== undefined;
      return {
        action,
        state: held ? 'held' : last?.kind === 'cancelled' ? 'cancelled' : 'scheduled',
        start: last?.start === undefined ? null : toZonedIso(new Date(last.start), zone),
        place: last?.place ?? null,
        changes: changes.length,
      };
    }),
    packets: state.press.packets.map((p) => ({
      number: p.number,
      to: [...p.to],
      as_of: toZonedIso(new Date(p.as_of), zone),
      acknowledged: acknowledgementsOf(state.press, p.number).map((a) => ({
        name: a.by.name,
        at: toZonedIso(new Date(a.at), zone),
      })),
    })),
  };
}

function promiseJson(p: OccurrencePromise, zone: string): PromiseJson {
  const part = (x: MadePromise): PromisePartJson => ({
    at: toZonedIso(new Date(x.at), zone),
    statement: x.statement,
    version: x.version,
    made_at: toZonedIso(new Date(x.made_at), zone),
  });
  return {
    fact: p.promise.fact,
    ...part(p.promise),
    superseded: p.superseded.map(part),
    after_passed: p.after_passed.map(part),
  };
}

const resolvedAt = (i: ScheduleItem) => (i.completed_at ?? i.skipped_at)!.getTime();

/** The board as lines of text (coloured through `style`, which is plain when not a terminal). */
export function renderStatus(input: StatusInput): string {
  const { state, playbook, now } = input;
  const zone = playbook.time_zone;
  const width = Math.max(60, input.width ?? 100);
  const items = input.role === undefined ? [...input.items] : itemsForRole(input.items, playbook, input.role, state);
  const by = (s: ScheduleItem['state'][]) => items.filter((i) => s.includes(i.state));
  const overdue = by(['overdue']);
  const upcoming = by(['upcoming']);
  // Steps counted from a press conference's start that is not set yet: one line per conference.
  const { rest: waiting, lines: unscheduled } = untilScheduled(by(['waiting']), playbook);
  const resolved = by(['done', 'late', 'skipped']).sort((a, b) => resolvedAt(b) - resolvedAt(a));
  const recent = input.all ? resolved : resolved.filter((i) => now.getTime() - resolvedAt(i) <= RECENT_MS);

  const out: string[] = [...header(input, items)];
  // One set of columns for every section, so the times line up down the whole board.
  const sections = [overdue, upcoming, waiting, recent].map((list) => list.map((i) => row(i, input)));
  const all = sections.flat();
  const w1 = Math.max(0, ...all.map((r) => r.when.length));
  const w2 = Math.max(0, ...all.map((r) => r.rel.length));
  const [overdueRows, upcomingRows, waitingRows, recentRows] = sections.map((rows) => layout(rows, w1, w2, width)) as [
    string[],
    string[],
    string[],
    string[],
  ];

  if (items.length === 0) {
    out.push(
      '',
      input.role === undefined
        ? 'Nothing on the checklist.'
        : `Nothing on the checklist for ${roleTitle(playbook, input.role)}.`,
    );
  }
  if (overdue.length) out.push('', style.overdue(`OVERDUE (${overdue.length})`), ...overdueRows);
  if (upcoming.length) out.push('', style.heading(`DUE NEXT (${upcoming.length})`), ...upcomingRows);
  const waitingCount = items.filter((i) => i.state === 'waiting').length;
  if (waitingCount) out.push('', style.heading(`WAITING (${waitingCount})`), ...waitingRows, ...unscheduled);
  if (resolved.length) {
    const hidden = resolved.length - recent.length;
    const title = input.all
      ? `DONE AND SKIPPED (${resolved.length})`
      : `DONE AND SKIPPED IN THE LAST 2 H (${recent.length} of ${resolved.length})`;
    out.push('', style.heading(title), ...recentRows);
    if (hidden > 0)
      out.push(style.dim(`  ${hidden} earlier ${hidden === 1 ? 'item' : 'items'} not shown: cic status --all`));
  }
  const changes = input.factChanges ?? [];
  if (changes.length) {
    out.push('', style.warn(`FACTS THAT CHANGED BETWEEN RELEASED STATEMENTS (${changes.length})`));
    for (const c of changes) {
      out.push(`  ${oneLine(c.fact)}: ${oneLine(String(c.before))} → ${oneLine(String(c.after))}`);
      out.push(
        style.dim(
          `    ${oneLine(c.from.statement)} v${c.from.version} (${clockTime(new Date(c.from.at), zone, now)}) → ${oneLine(c.to.statement)} v${c.to.version} (${clockTime(new Date(c.to.at), zone, now)})`,
        ),
      );
    }
  }
  if (state.status === 'open' && (overdue.length || upcoming.length)) {
    out.push('', style.dim('Record: cic done ACTION · cic skip ACTION --reason "…" · cic log'));
  }
  return out.join('\n');
}

function header(input: StatusInput, items: readonly ScheduleItem[]): string[] {
  const { state, playbook, now } = input;
  const zone = playbook.time_zone;
  const tier = playbook.classification.tiers.find((t) => t.id === state.tier);
  const tierText =
    tier === undefined
      ? state.tier === undefined
        ? 'not classified'
        : oneLine(state.tier)
      : `${oneLine(tier.name)} (${oneLine(tier.id)})`;
  const nowText = formatInZone(now, zone, 'EEE dd MMM HH:mm', { abbreviation: true });
  const lifecycle =
    state.status === 'closed' && state.closed_at !== undefined
      ? style.bold(`CLOSED ${clockTime(new Date(state.closed_at), zone, now)}`)
      : style.ok('OPEN');
  const ago = (iso: string) => {
    const at = new Date(iso);
    const ms = now.getTime() - at.getTime();
    return `${clockTime(at, zone, now)} (${ms >= 0 ? `${elapsedWords(ms)} ago` : `in ${elapsedWords(ms)}`})`;
  };
  const count = (...names: StateName[]) => items.filter((i) => names.includes(i.named)).length;
  const overdue = count('overdue');
  const missed = count('missed');
  const soon = count('due');
  const late = count('late');
  const counts = [
    overdue ? style.overdue(`${overdue} overdue`) : '0 overdue',
    ...(missed ? [style.overdue(`${missed} missed`)] : []),
    soon ? style.soon(`${soon} due within the hour`) : '0 due within the hour',
    `${count('upcoming')} later`,
    `${count('waiting')} waiting`,
    `${count('done', 'extended') + late} done${late ? ` (${late} late)` : ''}`,
    `${count('skipped')} skipped`,
    ...(count('cancelled') ? [`${count('cancelled')} cancelled`] : []),
  ];
  const lines = [
    `${style.bold(`Incident ${oneLine(state.id)}`)}  ${style.bold(oneLine(state.title))}`,
    `${tierText} · ${lifecycle} · now ${nowText}${input.simulated ? ` · ${style.warn('simulated clock')}` : ''}`,
    style.dim(`Times are ${oneLine(zone)} (${zoneAbbreviation(now, zone)}) unless marked; 24-hour.`),
    style.dim(`occurred ${ago(state.occurred_at)} · declared ${ago(state.declared_at)}`),
  ];
  if (input.role !== undefined)
    lines.push(
      style.dim(
        `Only the items of ${roleTitle(playbook, input.role)} (and those it acts for), and the approvals it owes.`,
      ),
    );
  lines.push(counts.join(' · '));
  return lines;
}

interface Row {
  when: string;
  rel: string;
  title: string;
  paint: (s: string) => string;
  details: string[];
}

/** Rows line up in columns sized to what they hold, so "02:05 CST" does not pad like a date. */
function layout(rows: readonly Row[], w1: number, w2: number, width: number): string[] {
  return rows.flatMap((r) => {
    const lead = `  ${r.when.padEnd(w1)}  ${r.rel.padEnd(w2)}  `;
    const indent = ' '.repeat(lead.length);
    return [
      r.paint(`${lead}${fit(r.title, width - lead.length)}`),
      ...wrapSegments(r.details, indent, width).map(style.dim),
    ];
  });
}

/**
 * A time in a row: "02:42" today, "Fri 27 Nov 01:42" another day; the zone's abbreviation only
 * where it differs from now's (across a DST change), since the header names the zone.
 */
function boardTime(date: Date, zone: string, now: Date): string {
  const text = clockTime(date, zone, now);
  const abbreviation = zoneAbbreviation(now, zone);
  return text.endsWith(` ${abbreviation}`) ? text.slice(0, -abbreviation.length - 1) : text;
}

/** One item: when, how soon and what, to read at a glance; who, and the rest, as details. */
function row(item: ScheduleItem, input: StatusInput): Row {
  const { playbook, now } = input;
  const zone = playbook.time_zone;
  let when: string;
  let rel: string;
  let paint: (s: string) => string;
  const details: string[] = [roleTitle(playbook, item.owner) + (item.outside ? ' (outside the city)' : '')];
  if (item.request !== undefined)
    details.push(
      `received ${boardTime(new Date(item.request.received_at), zone, now)} from ${oneLine(item.request.from)}`,
    );
  switch (item.state) {
    case 'overdue':
    case 'upcoming': {
      const ms = item.due!.getTime() - now.getTime();
      when = boardTime(item.due!, zone, now);
      rel = item.named === 'missed' ? `missed, due ${elapsedWords(-ms)} ago` : relative(ms);
      paint = item.state === 'overdue' ? style.overdue : ms <= DUE_SOON_MS ? style.soon : (s) => s;
      if (item.waiting_on.length)
        details.push(`waiting on ${item.waiting_on.map((id) => actionTitle(playbook, id)).join(', ')}`);
      break;
    }
    case 'waiting':
      // Waiting on a dependency keeps the deadline: "waiting on …, due …".
      when = item.due === undefined ? '—' : boardTime(item.due, zone, now);
      rel =
        item.pause !== undefined
          ? 'paused'
          : item.due === undefined
            ? 'waiting'
            : `waiting, ${relative(item.due.getTime() - now.getTime())}`;
      paint = (s) => s;
      if (item.waiting_on.length)
        details.push(`waiting on ${item.waiting_on.map((id) => actionTitle(playbook, id)).join(', ')}`);
      break;
    case 'done':
    case 'late':
      when = boardTime(item.completed_at!, zone, now);
      rel =
        item.named === 'late'
          ? `late ${elapsedWords(item.late_by_ms!)}`
          : item.named === 'extended'
            ? 'done (extended)'
            : 'done';
      paint = item.state === 'late' ? style.late : style.done;
      details[0] =
        item.source === undefined
          ? `by ${actorLabel(playbook, item.completed_by!)}`
          : `by ${roleTitle(playbook, item.owner)}, reported by ${actorLabel(playbook, item.completed_by!)} from “${oneLine(item.source)}”`;
      if (item.due !== undefined) details.push(`was due ${boardTime(item.due, zone, now)}`);
      if (item.recorded_at !== undefined && item.recorded_at.getTime() !== item.completed_at!.getTime()) {
        details.push(`recorded ${boardTime(item.recorded_at, zone, now)}`);
      }
      if (item.note) details.push(`note: ${oneLine(item.note)}`);
      break;
    case 'skipped':
      when = boardTime(item.skipped_at!, zone, now);
      rel = 'skipped';
      paint = style.skipped;
      details[0] = `by ${actorLabel(playbook, item.skipped_by!)}: “${oneLine(item.reason ?? '')}”`;
      break;
  }
  // Whose it is first, then what to type to record it.
  details.splice(1, 0, itemRef(item));
  if (item.approvers.length && (item.state === 'overdue' || item.state === 'upcoming' || item.state === 'waiting')) {
    const needed = item.approvals_needed < item.approvers.length ? `${item.approvals_needed} of ` : '';
    details.push(`approval: ${needed}${item.approvers.map((r) => roleTitle(playbook, r)).join(', ')}`);
  }
  details.push(...pauseDetails(item, (d) => boardTime(d, zone, now), now));
  const owed = input.role === undefined ? [] : approvalOwedBy(item, playbook, input.role, input.state);
  if (owed.length) {
    const v = entryOf(input.state.statements, item.action)?.versions.at(-1)?.version;
    details.push(
      `awaits your approval of v${v} as ${owed.map((r) => roleTitle(playbook, r)).join(', ')}: cic approve ${oneLine(item.action)}`,
    );
  }
  const extension = item.extensions[item.extensions.length - 1];
  if (extension !== undefined && item.original_due !== undefined) {
    details.push(`extended from ${boardTime(item.original_due, zone, now)}: “${oneLine(extension.reason)}”`);
  }
  if (item.target !== undefined && (item.state === 'overdue' || item.state === 'upcoming' || item.state === 'waiting'))
    details.push(`goal ${boardTime(item.target, zone, now)}`);
  const promise = item.promise;
  if (promise !== undefined)
    details.push(promiseWords({ ...promise, current: promise.promise }, (t) => boardTime(new Date(t), zone, now)));
  if (!item.applicable) details.push('no longer applies at this tier');
  return { when, rel, title: itemTitle(item), paint, details };
}
