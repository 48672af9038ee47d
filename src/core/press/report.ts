/**
 * The after-action report's press section: each press conference's schedule (every move and
 * cancellation with its reason) and its run of show as it went (due, done, state), and the
 * commitments made in public, kept or broken. Present in the report only when there is something
 * to show, so reports of incidents without a press conference are unchanged. Pure.
 */
import type { ScheduleItem } from '../incident/schedule.js';
import type { IncidentState } from '../incident/state.js';
import type { Playbook } from '../playbook/model.js';
import { localTime } from '../report/times.js';
import { COMMITMENT_WORDS, commitmentItems } from './commitments.js';
import { offsetLabel, pressConferences, runOfShow } from './run-of-show.js';

export interface PressReport {
  press_conferences: {
    action: string;
    title: string;
    start: string | null;
    place: string | null;
    cancelled: boolean;
    changes: {
      kind: string;
      start: string | null;
      from: string | null;
      reason: string | null;
      by: string;
      at: string;
    }[];
    steps: {
      offset: string;
      action: string;
      title: string;
      owner: string;
      due: string | null;
      state: string;
      done_at: string | null;
    }[];
  }[];
  commitments: {
    number: number;
    text: string;
    said_by: string;
    owner: string;
    due: string;
    state: string;
    resolved_at: string | null;
    note: string | null;
  }[];
}

export function buildPressReport(
  state: IncidentState,
  playbook: Playbook,
  items: readonly ScheduleItem[],
  now: Date,
): PressReport | undefined {
  const zone = playbook.time_zone;
  const lt = (v: string | Date | undefined) => (v === undefined ? null : localTime(v instanceof Date ? v : v, zone));
  const role = (id: string) => playbook.roles.find((r) => r.id === id)?.title ?? id;
  const conferences = pressConferences(playbook)
    .map((p) => runOfShow(p, state, playbook, items))
    .filter((show) => show.changes.length > 0)
    .map((show) => ({
      action: show.action.id,
      title: show.action.title,
      start: lt(show.start),
      place: show.place ?? null,
      cancelled: show.cancelled,
      changes: show.changes.map((c) => ({
        kind: c.kind,
        start: lt(c.start),
        from: lt(c.from),
        reason: c.reason ?? null,
        by: `${c.by.name} (${role(c.by.role)})`,
        at: localTime(c.at, zone),
      })),
      steps: show.steps.map((s) => ({
        offset:
          s.relation === 'briefing'
            ? 'T+0:00'
            : s.offset_ms !== undefined
              ? offsetLabel(s.offset_ms)
              : s.relation === 'after-briefing'
                ? 'after'
                : '—',
        action: s.item.action,
        title: s.item.title,
        owner: role(s.item.owner),
        due: lt(s.item.due),
        state: s.item.named,
        done_at: lt(s.item.completed_at),
      })),
    }));
  const commitments = commitmentItems(state, now).map((c) => ({
    number: c.commitment.number,
    text: c.commitment.text,
    said_by: role(c.commitment.said_by),
    owner: role(c.commitment.owner),
    due: localTime(c.due, zone),
    state: COMMITMENT_WORDS[c.state],
    resolved_at: lt(c.resolved_at),
    note: c.commitment.broken?.reason ?? c.commitment.kept?.note ?? null,
  }));
  if (conferences.length === 0 && commitments.length === 0) return undefined;
  return { press_conferences: conferences, commitments };
}

const wall = (t: string | null) => (t === null ? '—' : `${t.slice(0, 10)} ${t.slice(11, 16)}`);

/** Markdown lines; `cell` escapes table text, `text` running text (the report's own escapers). */
export function pressMarkdown(p: PressReport, cell: (s: string) => string, text: (s: string) => string): string[] {
  const out: string[] = ['## Press conferences and commitments', ''];
  for (const c of p.press_conferences) {
    out.push(`### ${text(c.title)}`, '');
    out.push(
      c.start === null
        ? c.cancelled
          ? 'Cancelled; not scheduled again.'
          : 'Not scheduled.'
        : `Scheduled for ${wall(c.start)}${c.place ? ` at ${text(c.place)}` : ''}.`,
      '',
    );
    for (const ch of c.changes) {
      const what =
        ch.kind === 'scheduled'
          ? `Scheduled for ${wall(ch.start)}`
          : ch.kind === 'moved'
            ? `Moved from ${wall(ch.from)} to ${wall(ch.start)}: ${text(ch.reason ?? '')}`
            : `Cancelled (was ${wall(ch.from)}): ${text(ch.reason ?? '')}`;
      out.push(`- ${wall(ch.at)} ${what} (${text(ch.by)})`);
    }
    out.push('', '#### Run of show', '', '| T± | Step | Owner | Due | State | Done |', '|---|---|---|---|---|---|');
    for (const s of c.steps)
      out.push(
        `| ${s.offset} | ${cell(s.title)} | ${cell(s.owner)} | ${wall(s.due)} | ${s.state} | ${wall(s.done_at)} |`,
      );
    out.push('');
  }
  out.push('### Commitments made in public', '');
  if (p.commitments.length === 0) out.push('None were recorded.');
  else {
    out.push('| # | Commitment | Said by | Owner | By | State | When | Note |', '|---|---|---|---|---|---|---|---|');
    for (const c of p.commitments)
      out.push(
        `| ${c.number} | ${cell(c.text)} | ${cell(c.said_by)} | ${cell(c.owner)} | ${wall(c.due)} | ${c.state} | ${wall(c.resolved_at)} | ${cell(c.note ?? '')} |`,
      );
  }
  return out;
}

export function pressHtml(p: PressReport, e: (s: string) => string): string {
  const parts: string[] = ['<section id="press"><h2>Press conferences and commitments</h2>'];
  for (const c of p.press_conferences) {
    parts.push(`<h3>${e(c.title)}</h3>`);
    parts.push(
      `<p>${c.start === null ? (c.cancelled ? 'Cancelled; not scheduled again.' : 'Not scheduled.') : `Scheduled for ${e(wall(c.start))}${c.place ? ` at ${e(c.place)}` : ''}.`}</p>`,
    );
    parts.push(
      `<ul>${c.changes
        .map(
          (ch) =>
            `<li>${e(wall(ch.at))} ${ch.kind === 'scheduled' ? `Scheduled for ${e(wall(ch.start))}` : ch.kind === 'moved' ? `Moved from ${e(wall(ch.from))} to ${e(wall(ch.start))}: ${e(ch.reason ?? '')}` : `Cancelled (was ${e(wall(ch.from))}): ${e(ch.reason ?? '')}`} (${e(ch.by)})</li>`,
        )
        .join('')}</ul>`,
    );
    parts.push(
      `<table><caption>Run of show</caption><thead><tr><th>T±</th><th>Step</th><th>Owner</th><th>Due</th><th>State</th><th>Done</th></tr></thead><tbody>${c.steps
        .map(
          (s) =>
            `<tr><td>${e(s.offset)}</td><td>${e(s.title)}</td><td>${e(s.owner)}</td><td>${e(wall(s.due))}</td><td>${e(s.state)}</td><td>${e(wall(s.done_at))}</td></tr>`,
        )
        .join('')}</tbody></table>`,
    );
  }
  parts.push('<h3>Commitments made in public</h3>');
  parts.push(
    p.commitments.length === 0
      ? '<p>None were recorded.</p>'
      : `<table><thead><tr><th>#</th><th>Commitment</th><th>Said by</th><th>Owner</th><th>By</th><th>State</th><th>When</th><th>Note</th></tr></thead><tbody>${p.commitments
          .map(
            (c) =>
              `<tr><td>${c.number}</td><td>${e(c.text)}</td><td>${e(c.said_by)}</td><td>${e(c.owner)}</td><td>${e(wall(c.due))}</td><td>${e(c.state)}</td><td>${e(wall(c.resolved_at))}</td><td>${e(c.note ?? '')}</td></tr>`,
          )
          .join('')}</tbody></table>`,
  );
  parts.push('</section>');
  return parts.join('\n');
}
