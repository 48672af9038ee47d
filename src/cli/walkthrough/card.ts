/**
 * One item as the walk-through shows it: what it is, when it is due and how that deadline comes
 * about, who owns it, who approves it, where a statement stands, the playbook's guidance and its
 * references. Pure: plain text lines, everything from the playbook or the log escaped.
 */
import type { Action, Playbook } from '../../core/playbook/model.js';
import { promiseWords } from '../../core/incident/promises.js';
import { deadlineWords } from '../../core/playbook/describe.js';
import { statementProgress } from '../../core/statements/approvals.js';
import { entryOf } from '../../core/statements/state.js';
import { RELEASE_PENDING, sensitiveReleaseTime } from '../../core/incident/anchors.js';
import type { ScheduleItem } from '../../core/incident/schedule.js';
import { describeTimeRule } from '../../core/statements/checks.js';
import type { IncidentState } from '../../core/incident/state.js';
import { oneLine, visible } from '../../core/text/visible.js';
import { relative } from '../../core/time/format.js';
import { clockTime, itemTitle } from '../views/labels.js';
import { isStatement } from './choices.js';
import { roleTitle } from './header.js';
import type { Concern } from './next.js';

export interface Card {
  /** "OVERDUE 12 min" / "due in 35 min": the urgency, for the command to colour. */
  urgency: string;
  overdue: boolean;
  title: string;
  lines: string[];
}

/** Wrap text to `width` columns at spaces, indented. */
export function wrap(text: string, width: number, indent = '  '): string[] {
  const out: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(/ +/)) {
      if (line !== '' && indent.length + line.length + 1 + word.length > width) {
        out.push(indent + line);
        line = word;
      } else line = line === '' ? word : `${line} ${word}`;
    }
    out.push(indent + line);
  }
  return out;
}

export function roleList(playbook: Playbook, ids: readonly string[]): string {
  return ids.map((id) => `${roleTitle(playbook, id)} (${oneLine(id)})`).join(', ');
}

/**
 * Where the statement stands, in raw words: the card shows it with `oneLine`, the Markdown runbook
 * with `mdText`, each escaping it once.
 */
export function statementLine(action: Action, state: IncidentState, playbook: Playbook): string {
  const title = (id: string) => playbook.roles.find((r) => r.id === id)?.title ?? id;
  const progress = statementProgress(entryOf(state.statements, action.id), action, playbook.roles);
  const v = progress.current;
  if (!v) return 'not drafted yet';
  // "approved" alone would repeat the list of who approved just after it.
  const parts = [
    `v${v.version} (${v.file})${progress.status === 'approved' || progress.status === 'changes requested' ? '' : ` · ${progress.status}`}`,
  ];
  if (progress.errors.length)
    parts.push(`${progress.errors.length} check error${progress.errors.length === 1 ? '' : 's'}: draft again`);
  if (progress.approved.length)
    parts.push(
      `approved by ${progress.approved.map((r) => title(r)).join(', ')}${progress.status === 'approved' ? ': ready to release' : ''}`,
    );
  if (progress.rejected.length) {
    const entry = entryOf(state.statements, action.id)!;
    const reasons = entry.rejections.filter((r) => r.version === v.version).map((r) => `"${r.reason}"`);
    parts.push(`changes requested by ${progress.rejected.map((r) => title(r)).join(', ')}: ${reasons.join('; ')}`);
  }
  if (!progress.released && progress.errors.length === 0 && progress.awaiting.length) {
    parts.push(`waiting for ${progress.awaiting.map((r) => title(r)).join(', ')}`);
  }
  return parts.join(' · ');
}

/** The statement's sensitive facts that may not appear yet, and from when they may. */
function sensitiveHolds(action: Action, state: IncidentState, playbook: Playbook, now: Date): string[] {
  const ids = new Set([...(action.required_facts ?? [])]);
  const out: string[] = [];
  for (const fact of playbook.facts) {
    if (!ids.has(fact.id) || !fact.sensitive) continue;
    const at = sensitiveReleaseTime(fact, state, playbook);
    if (at === undefined || at.getTime() <= now.getTime()) continue;
    out.push(
      at.getTime() === RELEASE_PENDING.getTime()
        ? `${oneLine(fact.id)} may not appear until ${describeTimeRule(fact.sensitive.not_before)}`
        : `${oneLine(fact.id)} may appear from ${clockTime(at, playbook.time_zone, now)}`,
    );
  }
  return out;
}

/** What the statement needs next, in words, for whoever owns it. */
function nextStep(action: Action, state: IncidentState, playbook: Playbook): string | undefined {
  const p = statementProgress(entryOf(state.statements, action.id), action, playbook.roles);
  const names = (ids: string[]) => ids.map((r) => roleTitle(playbook, r)).join(' and ');
  if (!p.current) return 'draft it from the template; the facts it needs are asked for.';
  if (p.released) return undefined;
  if (p.errors.length)
    return `v${p.current.version} has check errors: draft again with the facts corrected, or edit it.`;
  if (p.rejected.length)
    return `${names(p.rejected)} requested changes to v${p.current.version}: edit it, or draft a new version from the template.`;
  if (p.awaiting.length)
    return `${names(p.awaiting)} must approve v${p.current.version} (switch role if they are at this keyboard, or they run cic approve ${oneLine(action.id)}).`;
  return `every approver has approved v${p.current.version}: release it.`;
}

export function card(
  item: ScheduleItem,
  action: Action,
  state: IncidentState,
  playbook: Playbook,
  now: Date,
  options: { width?: number; concern?: Concern; actorRole?: string } = {},
): Card {
  const zone = playbook.time_zone;
  const width = Math.max(40, Math.min(options.width ?? 80, 100));
  const overdue = item.state === 'overdue';
  const urgency =
    item.due === undefined
      ? 'waiting'
      : overdue
        ? `OVERDUE ${relative(item.due.getTime() - now.getTime()).replace('overdue ', '')}`
        : `due ${relative(item.due.getTime() - now.getTime())}`;
  const title = `${itemTitle({ title: action.title, recurring: item.recurring, occurrence: item.occurrence, request: item.request })}  [${oneLine(action.id)}]`;
  const lines: string[] = [];
  const field = (label: string, value: string) => {
    const wrapped = wrap(value, width, ' '.repeat(12));
    lines.push(`  ${label.padEnd(10)}${wrapped[0]!.trimStart()}`, ...wrapped.slice(1));
  };
  if (item.due) {
    const extended =
      item.original_due && item.original_due.getTime() !== item.due.getTime()
        ? `, extended from ${clockTime(item.original_due, zone, now)}`
        : '';
    field(
      'Deadline',
      `${clockTime(item.due, zone, now)}${extended} · ${oneLine(deadlineWords(action, playbook.actions))}`,
    );
    if (item.waiting_on.length) field('Waits on', item.waiting_on.map(oneLine).join(', '));
    const promise = item.promise;
    if (promise !== undefined)
      field(
        'Promised',
        promiseWords({ ...promise, current: promise.promise }, (t) => clockTime(new Date(t), zone, now)),
      );
  } else field('Deadline', `none yet: waits on ${item.waiting_on.map(oneLine).join(', ')}`);
  field('Owner', roleList(playbook, [action.owner]));
  if (action.approvers?.length) field('Approvers', roleList(playbook, action.approvers));
  if (action.notify?.length) field('Notify', action.notify.map((r) => roleTitle(playbook, r)).join(', '));
  if (isStatement(action)) {
    field('Draft', oneLine(statementLine(action, state, playbook)));
    if (action.channels?.length) field('Channels', action.channels.map(oneLine).join(', '));
    const held = sensitiveHolds(action, state, playbook, now);
    if (held.length) field('Not yet', held.join('; '));
  }
  if (options.concern === 'approver' && options.actorRole) {
    lines.push(
      '',
      `  Your decision is needed as ${roleTitle(playbook, options.actorRole)}: read the draft, then approve or request changes.`,
    );
  } else if (isStatement(action)) {
    const next = nextStep(action, state, playbook);
    if (next) lines.push('', ...wrap(`Next: ${next}`, width));
  }
  if (action.guidance) lines.push('', ...wrap(visible(action.guidance.trim()), width));
  if (action.references?.length) {
    lines.push('', '  References');
    for (const r of action.references) {
      const note = r.note ? ` - ${oneLine(r.note)}` : '';
      lines.push(...wrap(`· ${oneLine(r.citation)}${note}`, width, '    ').map((l, i) => (i === 0 ? l : `  ${l}`)));
      if (r.url) lines.push(`      ${oneLine(r.url)}`);
    }
  }
  return { urgency, overdue, title, lines };
}
