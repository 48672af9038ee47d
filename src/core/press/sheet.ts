/**
 * The run sheet: one printable page for the podium and the control room — when and where, each
 * step of the run of show (time, T±, step, who, state), the approved talking points' exact words,
 * the hold lines (what not to say: the playbook's lines, sensitive facts not yet releasable — by
 * name, never their values — and the phrases the statement checks flag), the facts confirmed so
 * far and the promises made. A model, then Markdown and HTML renderings of it. Pure.
 */
import type { ScheduleItem } from '../incident/schedule.js';
import type { IncidentState } from '../incident/state.js';
import type { Action, Playbook } from '../playbook/model.js';
import { esc } from '../report/html-escape.js';
import { mdQuote, mdText } from '../report/render-md.js';
import { elapsedWords, formatInZone } from '../time/format.js';
import { COMMITMENT_WORDS, commitmentItems, type CommitmentItem } from './commitments.js';
import { offsetLabel, runOfShow, type RunOfShow, type RunStep } from './run-of-show.js';
import {
  factsAt,
  isTalkingPoints,
  releasedWords,
  type HeldFact,
  type ReleasedWords,
  type SharedFact,
} from './shareable.js';

export interface SheetRow {
  time: string;
  offset: string;
  step: string;
  who: string;
  state: string;
}

export interface RunSheet {
  title: string;
  incident: string;
  incident_title: string;
  /** "Thu 26 Nov 14:00 CST at City Hall", "not scheduled", "CANCELLED (was …)". */
  when: string;
  moves: string[];
  as_of: string;
  rows: SheetRow[];
  talking_points: ReleasedWords[];
  /** Talking points not yet approved and released: what stands in the way. */
  talking_points_pending: string[];
  hold_lines: string[];
  facts: SharedFact[];
  /** "1. “release the video”, by Sat 28 Nov 17:00 CST (to keep)". */
  commitments: string[];
}

export interface SheetInput {
  press: Action;
  state: IncidentState;
  playbook: Playbook;
  items: readonly ScheduleItem[];
  now: Date;
  texts: (sha256: string) => string | undefined;
}

const time = (d: Date, zone: string) => formatInZone(d, zone, 'EEE dd MMM HH:mm', { abbreviation: true });
const clock = (d: Date, zone: string) => formatInZone(d, zone, 'HH:mm');
const role = (playbook: Playbook, id: string) => playbook.roles.find((r) => r.id === id)?.title ?? id;

export function buildRunSheet(input: SheetInput): RunSheet {
  const { press, state, playbook, items, now, texts } = input;
  const zone = playbook.time_zone;
  const show = runOfShow(press, state, playbook, items);
  const moves = show.changes
    .filter((c) => c.kind !== 'scheduled')
    .map((c) =>
      c.kind === 'moved'
        ? `Moved from ${time(new Date(c.from!), zone)} to ${time(new Date(c.start!), zone)} by ${c.by.name}: ${c.reason ?? ''}`
        : `Cancelled (was ${time(new Date(c.from!), zone)}) by ${c.by.name}: ${c.reason ?? ''}`,
    );
  const at = show.start ?? now;
  const { shared, held } = factsAt(state, playbook, at);
  const pointsActions = playbook.actions.filter(
    (a) => isTalkingPoints(a) && show.steps.some((s) => s.item.action === a.id),
  );
  const talking = releasedWords(state, playbook, now, texts, (a) => pointsActions.includes(a));
  const pending = pointsActions
    .filter((a) => !talking.some((t) => t.action.id === a.id))
    .map((a) => `${a.title}: not approved and released to the speakers yet (cic statements).`);
  return {
    title: `Run sheet: ${press.title}`,
    incident: state.id,
    incident_title: state.title,
    when: whenWords(show, zone),
    moves,
    as_of: time(now, zone),
    rows: show.steps.map((s) => row(s, show, playbook, now)),
    talking_points: talking,
    talking_points_pending: pending,
    hold_lines: holdLines(press, held, playbook, zone),
    facts: shared,
    commitments: commitmentItems(state, now).map((c) => commitmentLine(c, zone)),
  };
}

function whenWords(show: RunOfShow, zone: string): string {
  if (show.start !== undefined) return `${time(show.start, zone)}${show.place ? ` at ${show.place}` : ''}`;
  return show.cancelled ? 'CANCELLED: not scheduled again yet' : 'not scheduled yet (cic schedule)';
}

function row(s: RunStep, show: RunOfShow, playbook: Playbook, now: Date): SheetRow {
  const zone = playbook.time_zone;
  const when = s.relation === 'briefing' ? show.start : s.item.due;
  return {
    time: when === undefined ? '—' : clock(when, zone),
    offset:
      s.relation === 'briefing'
        ? 'T+0:00'
        : s.offset_ms === undefined
          ? s.relation === 'after-briefing'
            ? 'after'
            : '—'
          : offsetLabel(s.offset_ms),
    step: s.item.title,
    who: role(playbook, s.item.owner),
    state: stateWords(s, now, zone),
  };
}

/** The step's state in the words every view uses (item-state.ts), then what the podium needs to know. */
function stateWords(s: RunStep, now: Date, zone: string): string {
  const i = s.item;
  switch (i.named) {
    case 'done':
      return `done ${clock(i.completed_at!, zone)}`;
    case 'extended':
      return `extended: done ${clock(i.completed_at!, zone)}`;
    case 'late':
      return `late: done ${clock(i.completed_at!, zone)}, ${elapsedWords(i.late_by_ms!)} after its deadline`;
    case 'skipped':
      return `skipped: ${i.reason ?? ''}`;
    case 'overdue':
    case 'missed':
      return `${i.named} by ${elapsedWords(now.getTime() - i.due!.getTime())}`;
    case 'waiting':
      return s.relation === 'after-briefing' ? 'waiting (after the briefing)' : 'waiting';
    case 'cancelled':
      return 'cancelled';
    case 'upcoming':
    case 'due':
      return s.relation === 'briefing' && i.due !== undefined
        ? `${i.named} (deadline ${formatInZone(i.due, zone, 'EEE HH:mm')})`
        : i.named;
  }
}

function holdLines(press: Action, held: HeldFact[], playbook: Playbook, zone: string): string[] {
  const lines = [...(press.hold_lines ?? [])];
  for (const h of held) {
    const until = h.until === undefined ? 'until it is cleared for release' : `before ${time(h.until, zone)}`;
    lines.push(
      `Do not say ${h.fact.prompt.replace(/\?$/, '').toLowerCase()} (${h.fact.id}) ${until}${h.reason ? `: ${h.reason}` : ''}.`,
    );
  }
  for (const p of playbook.checks?.flagged_phrases ?? [])
    lines.push(p.regex ? p.reason : `Not “${p.pattern}”: ${p.reason}`);
  return lines;
}

// ---- Markdown ------------------------------------------------------------------------------

/** Markdown text cells: pipes and line breaks would break the table; angle brackets would be HTML. */
const cell = (s: string) =>
  s
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/[<>]/g, (c) => (c === '<' ? '&lt;' : '&gt;'))
    .replace(/\s*\n\s*/g, ' ');

export function runSheetMarkdown(sheet: RunSheet): string {
  const out: string[] = [];
  out.push(`# ${mdText(sheet.title)}`, '');
  out.push(`**Incident ${sheet.incident}**: ${mdText(sheet.incident_title)}  `);
  out.push(`**Starts:** ${mdText(sheet.when)}  `);
  out.push(`As of ${sheet.as_of}`, '');
  for (const m of sheet.moves) out.push(`- ${mdText(m)}`);
  if (sheet.moves.length) out.push('');
  out.push('| Time | T± | Step | Who | State |', '|---|---|---|---|---|');
  for (const r of sheet.rows)
    out.push(`| ${cell(r.time)} | ${cell(r.offset)} | ${cell(r.step)} | ${cell(r.who)} | ${cell(r.state)} |`);
  out.push('', '## Talking points (approved, exact words)', '');
  for (const t of sheet.talking_points) {
    out.push(
      `${mdText(t.action.title)}, v${t.version}, approved by ${mdText(t.approvals.map((a) => a.by.name).join(', ') || 'no one recorded')}:`,
      '',
    );
    out.push(...mdQuote(t.text ?? `(text not available here; sha256 ${t.sha256})`), '');
  }
  for (const p of sheet.talking_points_pending) out.push(`- ${mdText(p)}`);
  if (sheet.talking_points.length === 0 && sheet.talking_points_pending.length === 0) out.push('None in the plan.');
  out.push('', '## Hold lines: do not say', '');
  for (const h of sheet.hold_lines) out.push(`- ${mdText(h)}`);
  out.push('', '## Facts confirmed so far', '');
  for (const f of sheet.facts) out.push(`- ${mdText(f.fact.id)}: ${mdText(f.text)}`);
  if (sheet.facts.length === 0) out.push('None recorded.');
  out.push('', '## Commitments made in public', '');
  for (const c of sheet.commitments) out.push(`- ${mdText(c)}`);
  if (sheet.commitments.length === 0) out.push('None yet.');
  return `${out.join('\n')}\n`;
}

export function commitmentLine(c: CommitmentItem, zone: string): string {
  return `${c.commitment.number}. “${c.commitment.text}”, by ${time(c.due, zone)}, said by ${c.commitment.said_by}, owner ${c.commitment.owner} (${COMMITMENT_WORDS[c.state]})`;
}

// ---- HTML ----------------------------------------------------------------------------------

export function runSheetHtml(sheet: RunSheet): string {
  const e = esc;
  const rows = sheet.rows
    .map(
      (r) =>
        `<tr><td>${e(r.time)}</td><td>${e(r.offset)}</td><td>${e(r.step)}</td><td>${e(r.who)}</td><td>${e(r.state)}</td></tr>`,
    )
    .join('\n');
  const points =
    sheet.talking_points
      .map(
        (t) =>
          `<p class="tp">${e(t.action.title)}, v${t.version}, approved by ${e(t.approvals.map((a) => a.by.name).join(', ') || 'no one recorded')}:</p>\n<blockquote><pre>${e(t.text ?? `(text not available here; sha256 ${t.sha256})`)}</pre></blockquote>`,
      )
      .join('\n') + sheet.talking_points_pending.map((p) => `<p>${e(p)}</p>`).join('\n');
  const list = (xs: string[], none: string) =>
    xs.length ? `<ul>${xs.map((x) => `<li>${e(x)}</li>`).join('')}</ul>` : `<p>${none}</p>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${e(sheet.title)}</title>
<style>
@page { size: letter; margin: 0.5in; }
body { font: 10pt/1.3 system-ui, sans-serif; margin: 0; }
h1 { font-size: 14pt; margin: 0 0 4pt; } h2 { font-size: 11pt; margin: 8pt 0 2pt; }
table { border-collapse: collapse; width: 100%; } td, th { border: 1px solid #999; padding: 2pt 4pt; text-align: left; vertical-align: top; }
blockquote { margin: 2pt 0 4pt 12pt; } pre { white-space: pre-wrap; font: inherit; margin: 0; }
ul { margin: 0; padding-left: 14pt; } .meta { margin: 0 0 4pt; }
</style></head><body>
<h1>${e(sheet.title)}</h1>
<p class="meta"><strong>Incident ${e(sheet.incident)}</strong>: ${e(sheet.incident_title)}<br><strong>Starts:</strong> ${e(sheet.when)}<br>As of ${e(sheet.as_of)}</p>
${sheet.moves.length ? list(sheet.moves, '') : ''}
<table><thead><tr><th>Time</th><th>T±</th><th>Step</th><th>Who</th><th>State</th></tr></thead><tbody>
${rows}
</tbody></table>
<h2>Talking points (approved, exact words)</h2>
${points || '<p>None in the plan.</p>'}
<h2>Hold lines: do not say</h2>
${list(sheet.hold_lines, 'None.')}
<h2>Facts confirmed so far</h2>
${list(
  sheet.facts.map((f) => `${f.fact.id}: ${f.text}`),
  'None recorded.',
)}
<h2>Commitments made in public</h2>
${list(sheet.commitments, 'None yet.')}
</body></html>
`;
}
