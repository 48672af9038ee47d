/**
 * `cic run --view`: the incident's whole runbook as Markdown, for printing or handing to someone
 * without the CLI. Every item with its deadline (the time, and the rule it comes from), owner,
 * approvers, state, guidance and references; overdue first, then what is due, what waits on
 * another step, what follows the closing, and what is finished.
 *
 * Everything quoted from the playbook or the log is escaped (`mdText`) so that no fact or title
 * becomes markup, a link or HTML. Sensitive facts are left out of the printout: paper travels.
 * Pure: the state, playbook, schedule and time come in.
 */
import { actionApplies } from '../../core/playbook/conditions.js';
import { deadlineWords, releaseWords } from '../../core/playbook/describe.js';
import type { Action, Playbook } from '../../core/playbook/model.js';
import { summary, type ScheduleItem } from '../../core/incident/schedule.js';
import type { IncidentState } from '../../core/incident/state.js';
import { oneLine } from '../../core/text/visible.js';
import { mdText } from '../../core/report/render-md.js';
import { formatInZone, relative } from '../../core/time/format.js';
import { isStatement } from '../walkthrough/choices.js';
import { statementLine } from '../walkthrough/card.js';

export interface RunbookInput {
  state: IncidentState;
  playbook: Playbook;
  items: readonly ScheduleItem[];
  now: Date;
  simulated?: boolean;
}

/** An id in a code span: no backtick can close it early, no control character gets through. */
const code = (id: string) => `\`${oneLine(id.replace(/`/g, "'"))}\``;

const SAFE_URL = /^https?:\/\/[^\s<>"'`\\]+$/;

function link(url: string): string {
  return SAFE_URL.test(url) ? `<${url}>` : mdText(url);
}

function roleText(playbook: Playbook, id: string): string {
  const role = playbook.roles.find((r) => r.id === id);
  return role ? `${mdText(role.title)} (${mdText(id)})` : mdText(id);
}

const roles = (playbook: Playbook, ids: readonly string[]) => ids.map((id) => roleText(playbook, id)).join(', ');

function stateWords(item: ScheduleItem, now: Date, zone: string): string {
  const t = (d: Date) => formatInZone(d, zone, 'EEE yyyy-MM-dd HH:mm', { abbreviation: true });
  switch (item.state) {
    case 'overdue':
      return `**OVERDUE** (${relative(item.due!.getTime() - now.getTime())})${item.waiting_on.length ? `, waiting on ${item.waiting_on.map(mdText).join(', ')}` : ''}`;
    case 'upcoming':
      return `to do, due ${relative(item.due!.getTime() - now.getTime())}`;
    case 'waiting':
      return `waiting on ${item.waiting_on.map(mdText).join(', ')}${item.due === undefined ? '' : `, due ${relative(item.due.getTime() - now.getTime())}`}`;
    case 'done':
      return `done ${t(item.completed_at!)}`;
    case 'late':
      return `done late ${t(item.completed_at!)}`;
    case 'skipped':
      return `skipped ${t(item.skipped_at!)}`;
  }
}

function itemSection(item: ScheduleItem, action: Action, input: RunbookInput): string[] {
  const { playbook, now } = input;
  const zone = playbook.time_zone;
  const t = (d: Date) => formatInZone(d, zone, 'EEE yyyy-MM-dd HH:mm', { abbreviation: true });
  const occurrence = item.recurring ? ` #${item.occurrence}` : '';
  const out = [
    `### ${mdText(action.title)}${occurrence}`,
    '',
    `${code(action.id)} · ${mdText(action.kind)} · ${stateWords(item, now, zone)}`,
    '',
  ];
  const rule = deadlineWords(action, playbook.actions);
  if (item.due) {
    const extended =
      item.original_due && item.original_due.getTime() !== item.due.getTime()
        ? `, extended from ${t(item.original_due)}`
        : '';
    out.push(`- Deadline: ${t(item.due)}${extended} (${mdText(rule)})`);
  } else out.push(`- Deadline: ${mdText(rule)}`);
  out.push(`- Owner: ${roleText(playbook, action.owner)}`);
  if (action.approvers?.length) out.push(`- Approvers: ${roles(playbook, action.approvers)}`);
  if (action.notify?.length) out.push(`- Notify: ${roles(playbook, action.notify)}`);
  if (isStatement(action)) {
    out.push(`- Statement: ${mdText(statementLine(action, input.state, playbook))}`);
    if (action.channels?.length) out.push(`- Channels: ${action.channels.map(mdText).join(', ')}`);
  }
  if (item.completed_by) {
    const note = item.note ? `; note: ${mdText(item.note)}` : '';
    out.push(`- Recorded by: ${mdText(item.completed_by.name)} (${mdText(item.completed_by.role)})${note}`);
  }
  if (item.state === 'skipped')
    out.push(`- Skipped by: ${mdText(item.skipped_by?.name ?? '')}; reason: ${mdText(item.reason ?? '')}`);
  for (const e of item.extensions)
    out.push(`- Extended to ${t(new Date(e.due))} by ${mdText(e.by.name)}: ${mdText(e.reason)}`);
  if (!item.applicable) out.push('- No longer applies to this incident (kept because it was recorded).');
  if (action.guidance) out.push('', mdText(action.guidance.trim()));
  if (action.references?.length) {
    out.push('', 'References:', '');
    for (const r of action.references) {
      out.push(`- ${mdText(r.citation)}${r.note ? ` - ${mdText(r.note)}` : ''}${r.url ? ` ${link(r.url)}` : ''}`);
    }
  }
  out.push('');
  return out;
}

function factsSection(input: RunbookInput): string[] {
  const { state, playbook } = input;
  const ids = Object.keys(state.facts);
  if (ids.length === 0) return [];
  const out = ['## Facts recorded', ''];
  for (const id of ids) {
    const fact = playbook.facts.find((f) => f.id === id);
    const label = fact ? `${mdText(fact.prompt)} (${code(id)})` : mdText(id);
    if (fact?.sensitive) {
      out.push(
        `- ${label}: *withheld from this printout* (sensitive: ${mdText(releaseWords(fact, playbook.actions) ?? '')})`,
      );
      continue;
    }
    const value = state.facts[id]!;
    const shown =
      fact?.type === 'date-time' && typeof value === 'string' && !Number.isNaN(Date.parse(value))
        ? formatInZone(new Date(value), playbook.time_zone, 'EEE yyyy-MM-dd HH:mm', { abbreviation: true })
        : typeof value === 'boolean'
          ? value
            ? 'yes'
            : 'no'
          : String(value);
    out.push(`- ${label}: ${mdText(shown)}`);
  }
  out.push('');
  return out;
}

export function runbookMarkdown(input: RunbookInput): string {
  const { state, playbook, items, now } = input;
  const zone = playbook.time_zone;
  const t = (d: Date) => formatInZone(d, zone, 'EEE yyyy-MM-dd HH:mm', { abbreviation: true });
  const tier = playbook.classification.tiers.find((x) => x.id === state.tier);
  const s = summary(items, now);
  const count = (pred: (i: ScheduleItem) => boolean) => items.filter(pred).length;
  const out = [
    `# Runbook: incident ${mdText(state.id)}, ${mdText(state.title)}`,
    '',
    `- Tier: ${tier ? mdText(tier.name) : 'not classified'}`,
    `- Occurred: ${t(new Date(state.occurred_at))}`,
    `- Declared: ${t(new Date(state.declared_at))}`,
    `- Status: ${state.status === 'closed' && state.closed_at ? `closed ${t(new Date(state.closed_at))}` : 'open'}`,
    `- As of: ${t(now)}${input.simulated ? ' (simulated clock: an exercise)' : ''}`,
    `- Playbook: ${mdText(playbook.title)} (${mdText(playbook.id)} ${mdText(playbook.version)}), times in ${mdText(zone)}`,
    `- Items: ${s.overdue} overdue, ${s.dueSoon} due within the hour, ${count((i) => i.state === 'upcoming')} to do, ${count((i) => i.state === 'waiting')} waiting, ${count((i) => i.state === 'done' || i.state === 'late')} done, ${count((i) => i.state === 'skipped')} skipped`,
    '',
    ...factsSection(input),
  ];
  const byId = new Map(playbook.actions.map((a) => [a.id, a]));
  const groups: [string, (i: ScheduleItem) => boolean][] = [
    ['Overdue', (i) => i.state === 'overdue'],
    ['To do', (i) => i.state === 'upcoming'],
    ['Waiting on another step', (i) => i.state === 'waiting'],
    ['Done and skipped', (i) => i.state === 'done' || i.state === 'late' || i.state === 'skipped'],
  ];
  for (const [heading, pred] of groups) {
    const group = items.filter(pred);
    if (group.length === 0) continue;
    out.push(`## ${heading}`, '');
    for (const item of group) {
      const action = byId.get(item.action);
      if (action) out.push(...itemSection(item, action, input));
    }
  }
  // Actions anchored on the closing have no item until the incident closes; a printout still lists them.
  const scheduled = new Set(items.map((i) => i.action));
  const afterClosing = playbook.actions.filter(
    (a) =>
      !scheduled.has(a.id) && state.tier !== undefined && actionApplies(a, { facts: state.facts, tier: state.tier }),
  );
  if (afterClosing.length) {
    out.push('## After the incident is closed', '');
    for (const a of afterClosing) {
      out.push(
        `- **${mdText(a.title)}** (${code(a.id)}): ${mdText(deadlineWords(a, playbook.actions))}; owner ${roleText(playbook, a.owner)}`,
      );
    }
    out.push('');
  }
  return `${out
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trimEnd()}\n`;
}
