/**
 * A briefing packet for the governing body: what a member may know and repeat at a given time —
 * the confirmed facts (a sensitive fact never before its release time: only that it is held and
 * until when), the released statements' and the approved talking points' exact words, the
 * upcoming public events and deadlines, the commitments made in public, the reminders the
 * playbook gives the role (the Sunshine Law's) — and, after the first, what changed since the
 * one before. A model, then Markdown and HTML. Pure: the packet is made again from the log's
 * prefix, so the one before is compared as it was sent.
 */
import { schedule } from '../incident/schedule.js';
import type { IncidentState } from '../incident/state.js';
import type { Playbook, Reminder, Role } from '../playbook/model.js';
import { esc } from '../report/html-escape.js';
import { mdQuote, mdText } from '../report/render-md.js';
import { formatInZone } from '../time/format.js';
import { COMMITMENT_WORDS, commitmentItems } from './commitments.js';
import { pressConferences } from './run-of-show.js';
import { scheduleAt } from './state.js';
import { factsAt, isPublicStatement, isTalkingPoints, releasedWords, type ReleasedWords } from './shareable.js';

export interface PacketWords {
  title: string;
  version: number;
  sha256: string;
  text: string;
  released: string;
  approved_by: string;
}

export interface Packet {
  number: number;
  body: string;
  incident: string;
  incident_title: string;
  tier: string;
  as_of: string;
  reminders: Reminder[];
  facts: { id: string; prompt: string; text: string }[];
  held: string[];
  statements: PacketWords[];
  talking_points: PacketWords[];
  upcoming: string[];
  commitments: string[];
  /** Since the packet before; undefined for the first. */
  changes: { since: number; lines: string[] } | undefined;
}

export interface PacketInput {
  number: number;
  state: IncidentState;
  playbook: Playbook;
  at: Date;
  texts: (sha256: string) => string | undefined;
  role: Role;
  /** The packet before, as it was made then. */
  before?: Packet;
}

const PUBLIC_KINDS = new Set(['statement', 'press-conference', 'records']);
const time = (d: Date, zone: string) => formatInZone(d, zone, 'EEE dd MMM yyyy HH:mm', { abbreviation: true });

export function buildPacket(input: PacketInput): Packet {
  const { state, playbook, at, texts, role } = input;
  const zone = playbook.time_zone;
  const { shared, held } = factsAt(state, playbook, at);
  const words = (w: ReleasedWords): PacketWords => ({
    title: w.action.title,
    version: w.version,
    sha256: w.sha256,
    text: w.text ?? `(the text of this version is not available here; its SHA-256 is ${w.sha256})`,
    released: `${time(w.released_at, zone)} on ${w.channels.join(', ')}`,
    approved_by:
      w.approvals.map((a) => `${a.by.name} (${roleTitle(playbook, a.by.role)})`).join(', ') || 'no approval recorded',
  });
  const upcoming: string[] = [];
  for (const p of pressConferences(playbook)) {
    const change = scheduleAt(state.press, p.id, state.last_seq + 1);
    const held = state.actions[p.id]?.[0]?.completed !== undefined;
    if (change?.start !== undefined && !held)
      upcoming.push(`${p.title}: ${time(new Date(change.start), zone)}${change.place ? ` at ${change.place}` : ''}`);
  }
  for (const item of schedule(state, playbook, at)) {
    if ((item.state !== 'upcoming' && item.state !== 'overdue') || item.due === undefined) continue;
    // Public events only: what the public will see or hear, not the city's internal steps.
    const action = playbook.actions.find((a) => a.id === item.action);
    if (action === undefined || !PUBLIC_KINDS.has(action.kind) || isTalkingPoints(action)) continue;
    upcoming.push(`${item.state === 'overdue' ? 'OVERDUE since' : 'By'} ${time(item.due, zone)}: ${item.title}`);
  }
  const tier = playbook.classification.tiers.find((t) => t.id === state.tier);
  const packet: Packet = {
    number: input.number,
    body: role.title,
    incident: state.id,
    incident_title: state.title,
    tier: tier?.name ?? state.tier ?? '',
    as_of: time(at, zone),
    reminders: role.reminders ?? [],
    facts: shared.map((f) => ({ id: f.fact.id, prompt: f.fact.prompt, text: f.text })),
    held: held.map(
      (h) =>
        `${h.fact.id}: held back ${h.until === undefined ? 'until it is cleared for release' : `until ${time(h.until, zone)}`}${h.reason ? ` (${h.reason})` : ''}`,
    ),
    statements: releasedWords(state, playbook, at, texts, isPublicStatement).map(words),
    talking_points: releasedWords(state, playbook, at, texts, isTalkingPoints).map(words),
    upcoming,
    commitments: commitmentItems(state, at).map(
      (c) =>
        `${c.commitment.number}. “${c.commitment.text}”, by ${time(c.due, zone)}: ${COMMITMENT_WORDS[c.state]} (said by ${roleTitle(playbook, c.commitment.said_by)}, owner ${roleTitle(playbook, c.commitment.owner)})`,
    ),
    changes: undefined,
  };
  if (input.before !== undefined)
    packet.changes = { since: input.before.number, lines: changesSince(input.before, packet) };
  return packet;
}

const roleTitle = (playbook: Playbook, id: string) => playbook.roles.find((r) => r.id === id)?.title ?? id;

/** What a member who read the packet before needs to know now, line by line. */
export function changesSince(before: Packet, now: Packet): string[] {
  const lines: string[] = [];
  const old = new Map(before.facts.map((f) => [f.id, f.text]));
  for (const f of now.facts) {
    if (!old.has(f.id)) lines.push(`New fact: ${f.id}: ${f.text}`);
    else if (old.get(f.id) !== f.text) lines.push(`Changed: ${f.id}: ${f.text} (was ${old.get(f.id)})`);
  }
  const seen = new Set([...before.statements, ...before.talking_points].map((s) => s.sha256));
  for (const s of now.statements)
    if (!seen.has(s.sha256)) lines.push(`Released: ${s.title} (v${s.version}), ${s.released}`);
  for (const s of now.talking_points)
    if (!seen.has(s.sha256)) lines.push(`New talking points: ${s.title} (v${s.version})`);
  const oldUpcoming = new Set(before.upcoming);
  for (const u of now.upcoming) if (!oldUpcoming.has(u)) lines.push(`Upcoming: ${u}`);
  const oldCommitments = new Set(before.commitments);
  for (const c of now.commitments) if (!oldCommitments.has(c)) lines.push(`Commitment: ${c}`);
  if (before.tier !== now.tier) lines.push(`Tier: ${now.tier} (was ${before.tier})`);
  return lines.length ? lines : ['Nothing has changed.'];
}

// ---- Markdown ------------------------------------------------------------------------------

export function packetMarkdown(p: Packet): string {
  const out: string[] = [];
  const list = (xs: string[], none: string) => (xs.length ? xs.map((x) => `- ${mdText(x)}`) : [none]);
  out.push(`# Briefing packet ${p.number} for the ${mdText(p.body)}`, '');
  out.push(`**Incident ${p.incident}**: ${mdText(p.incident_title)} (${mdText(p.tier)})  `);
  out.push(`**As of:** ${p.as_of}`, '');
  out.push('Only what may be shared is here. Do not forward it to other members, and do not reply to all.', '');
  if (p.reminders.length) {
    out.push('## Reminders', '');
    for (const r of p.reminders) out.push(`- ${mdText(r.text)}${r.citation ? ` (${mdText(r.citation)})` : ''}`);
    out.push('');
  }
  if (p.changes) {
    out.push(`## What changed since packet ${p.changes.since}`, '', ...list(p.changes.lines, ''), '');
  }
  out.push(
    '## Confirmed facts',
    '',
    ...list(
      p.facts.map((f) => `${f.id}: ${f.text}`),
      'None recorded yet.',
    ),
    '',
  );
  if (p.held.length) out.push('Held back until their release time:', '', ...list(p.held, ''), '');
  out.push('## Talking points you may repeat', '');
  if (p.talking_points.length === 0) out.push('None approved yet.', '');
  for (const w of p.talking_points) out.push(...wordsMd(w));
  out.push('## Released statements (exact words)', '');
  if (p.statements.length === 0) out.push('None released yet.', '');
  for (const w of p.statements) out.push(...wordsMd(w));
  out.push('## Upcoming public events and deadlines', '', ...list(p.upcoming, 'None.'), '');
  out.push('## Commitments made in public', '', ...list(p.commitments, 'None yet.'));
  return `${out.join('\n')}\n`;
}

function wordsMd(w: PacketWords): string[] {
  return [
    `### ${mdText(w.title)} (v${w.version})`,
    '',
    `Released ${mdText(w.released)}; approved by ${mdText(w.approved_by)}.`,
    '',
    ...mdQuote(w.text),
    '',
  ];
}

// ---- HTML ----------------------------------------------------------------------------------

export function packetHtml(p: Packet): string {
  const e = esc;
  const list = (xs: string[], none: string) =>
    xs.length ? `<ul>${xs.map((x) => `<li>${e(x)}</li>`).join('')}</ul>` : `<p>${none}</p>`;
  const words = (ws: PacketWords[], none: string) =>
    ws.length
      ? ws
          .map(
            (w) =>
              `<h3>${e(w.title)} (v${w.version})</h3><p>Released ${e(w.released)}; approved by ${e(w.approved_by)}.</p><blockquote><pre>${e(w.text)}</pre></blockquote>`,
          )
          .join('\n')
      : `<p>${none}</p>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Briefing packet ${p.number}: ${e(p.incident)}</title>
<style>
@page { size: letter; margin: 0.75in; }
body { font: 11pt/1.4 Georgia, serif; max-width: 7in; margin: 0 auto; }
h1 { font-size: 16pt; } h2 { font-size: 13pt; margin-top: 14pt; } h3 { font-size: 11pt; }
pre { white-space: pre-wrap; font: inherit; margin: 0; } blockquote { border-left: 3px solid #999; margin: 4pt 0; padding-left: 8pt; }
.note { font-style: italic; }
</style></head><body>
<h1>Briefing packet ${p.number} for the ${e(p.body)}</h1>
<p><strong>Incident ${e(p.incident)}</strong>: ${e(p.incident_title)} (${e(p.tier)})<br><strong>As of:</strong> ${e(p.as_of)}</p>
<p class="note">Only what may be shared is here. Do not forward it to other members, and do not reply to all.</p>
${
  p.reminders.length
    ? `<h2>Reminders</h2>${list(
        p.reminders.map((r) => `${r.text}${r.citation ? ` (${r.citation})` : ''}`),
        '',
      )}`
    : ''
}
${p.changes ? `<h2>What changed since packet ${p.changes.since}</h2>${list(p.changes.lines, '')}` : ''}
<h2>Confirmed facts</h2>
${list(
  p.facts.map((f) => `${f.id}: ${f.text}`),
  'None recorded yet.',
)}
${p.held.length ? `<p>Held back until their release time:</p>${list(p.held, '')}` : ''}
<h2>Talking points you may repeat</h2>
${words(p.talking_points, 'None approved yet.')}
<h2>Released statements (exact words)</h2>
${words(p.statements, 'None released yet.')}
<h2>Upcoming public events and deadlines</h2>
${list(p.upcoming, 'None.')}
<h2>Commitments made in public</h2>
${list(p.commitments, 'None yet.')}
</body></html>
`;
}
