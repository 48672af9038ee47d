/**
 * The report's words for people, shared by the Markdown and HTML renderers so both say the same
 * thing. Returns raw text: each renderer escapes it for its format.
 */
import { CAME_DUE, ON_TIME } from '../incident/item-state.js';
import type { FactValue } from '../playbook/model.js';
import { promiseWords } from '../incident/promises.js';
import {
  OUTCOMES,
  type ComplianceRow,
  type Figures,
  type Person,
  type PromiseRow,
  type Report,
  type RoleRef,
} from './model.js';
import { minutesInWords, wallDate, wallDateTime, wallTime } from './times.js';
import { plannedMilestones } from './figures.js';

export const NONE = '—';

/** "1 entry", "3 entries": `count(3, 'entry', 'entries')`. */
export const count = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

export const roleLabel = (r: RoleRef): string => r.title || r.id;

/** "Dana Whitfield (Police Public Information Officer)". */
export const personLabel = (p: Person): string => `${p.name} (${roleLabel(p.role)})`;

/** The person, with their role only when it is not the one already shown beside them. */
export const byLabel = (p: Person, shown: RoleRef): string => (p.role.id === shown.id ? p.name : personLabel(p));

export const factText = (v: FactValue): string => (typeof v === 'string' ? v : String(v));

/** `action#occurrence`, the id people type and the log records. */
export const itemId = (r: { action: string; occurrence: number }): string => `${r.action}#${r.occurrence}`;

/** The row's title, with the request it answers ("… (KSDK-TV, received 2026-11-25 09:00)"). */
export const rowTitle = (r: ComplianceRow): string =>
  r.request === null ? r.title : `${r.title} (${r.request.from}, received ${wallDateTime(r.request.received_at)})`;

/** Who did it: the person, or for a duty owned outside the city the agency and who reported it. */
export const rowBy = (r: ComplianceRow): string | null => {
  if (r.completed_by === null) return null;
  if (r.source !== null) return `${r.owner.title}, reported by ${personLabel(r.completed_by)} from ${r.source}`;
  return byLabel(r.completed_by, r.owner);
};

/** The row's promise in the words `cic status` uses, with dates where the day is not the promise's. */
export function promiseText(p: PromiseRow): string {
  return promiseWords({ current: p, superseded: p.superseded, after_passed: p.after_passed }, (t) =>
    timeBeside(t, p.at),
  );
}

/** "late by 22 min", "on time", "extended", "missed", … */
export function outcomeText(r: ComplianceRow): string {
  if (r.outcome === 'late' && r.late_by_minutes !== null) return `late by ${minutesInWords(r.late_by_minutes)}`;
  if (r.outcome === 'waiting' && r.waiting_on.length) return `waiting for ${r.waiting_on.join(', ')}`;
  return r.outcome;
}

/** A time next to another on the same day needs only its clock: "03:40", else the date too. */
export function timeBeside(t: string, reference: string): string {
  return wallDate(t) === wallDate(reference) ? wallTime(t) : wallDateTime(t);
}

export const percent = (rate: number | null): string => (rate === null ? NONE : `${Math.round(rate * 1000) / 10} %`);

/** "0–4, 7, 9–12": a sorted list of seqs, with runs shortened. */
export function seqRanges(seqs: readonly number[]): string {
  const out: string[] = [];
  for (let i = 0; i < seqs.length;) {
    let j = i;
    while (j + 1 < seqs.length && seqs[j + 1] === seqs[j]! + 1) j++;
    out.push(j > i ? `${seqs[i]}–${seqs[j]}` : `${seqs[i]}`);
    i = j + 1;
  }
  return out.join(', ');
}

/** Lines of the summary, as [label, value] pairs. */
export function summaryLines(report: Report): [string, string][] {
  const f: Figures = report.figures;
  const c = f.counts;
  let met = 0;
  let due = 0;
  for (const o of OUTCOMES) {
    if (ON_TIME.has(o)) met += c[o];
    if (CAME_DUE.has(o)) due += c[o];
  }
  const lines: [string, string][] = [
    [
      'On-time rate',
      due ? `${percent(f.on_time_rate)} (${met} of ${due} deadlines that came due)` : 'no deadline came due',
    ],
    ['Median lateness', f.median_late_minutes === null ? 'nothing was late' : minutesInWords(f.median_late_minutes)],
    [
      'Worst lateness',
      f.worst_late
        ? `${minutesInWords(f.worst_late.minutes)}: ${f.worst_late.title} (${itemId(f.worst_late)})`
        : 'nothing was late',
    ],
  ];
  // "Press briefing: not reached" only where the plan has one to reach (Tier 3 may have none).
  const planned = plannedMilestones({ declared_at: report.header.declared_at, ...report });
  for (const m of f.milestones) {
    if (m.at === null && !planned.has(m.id)) continue;
    lines.push([
      m.label,
      m.at === null || m.minutes_from_declared === null
        ? 'not reached'
        : `${minutesInWords(m.minutes_from_declared)} after declaration (${wallDateTime(m.at)}, ${m.action ?? NONE})`,
    ]);
  }
  if (f.outside.rows > 0)
    lines.push([
      "Other agencies' duties",
      `${f.outside.rows} (not counted above)${f.outside.came_due ? `: ${percent(f.outside.on_time_rate)} on time (${f.outside.met} of ${f.outside.came_due} that came due)` : ''}`,
    ]);
  lines.push([
    'Deadlines',
    OUTCOMES.filter((o) => c[o] > 0)
      .map((o) => `${o} ${c[o]}`)
      .join(' · ') || 'none',
  ]);
  return lines;
}

/** The header's facts as [label, value] pairs. */
export function headerLines(report: Report): [string, string][] {
  const h = report.header;
  const pb = h.playbook;
  return [
    ['Incident', `${h.incident} (${h.status})`],
    ['Jurisdiction', h.jurisdiction],
    ['Tier', `${h.tier.name} (${h.tier.id})`],
    ['Occurred', wallDateTime(h.occurred_at)],
    ['Declared', wallDateTime(h.declared_at)],
    ['Closed', h.closed_at === null ? 'still open' : wallDateTime(h.closed_at)],
    ['Period', `${wallDateTime(h.period.from)} to ${wallDateTime(h.period.to)}`],
    ['Playbook', `${pb.title}, ${pb.id} version ${pb.version}`],
    ['Playbook SHA-256', pb.sha256],
    ['Times', `24-hour, ${report.time_zone}`],
    [
      'Generated',
      `${wallDateTime(report.generated_at)}${report.generated_clock === 'simulated' ? ' (simulated clock)' : ''}`,
    ],
  ];
}
