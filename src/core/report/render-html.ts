/**
 * The report as ONE self-contained HTML file a clerk can file, open offline and print: an inline
 * stylesheet (allowed by its hash in a Content-Security-Policy that forbids every load, so even
 * text that slipped past escaping could fetch nothing), no scripts, no fonts, no images, no
 * links. Light backgrounds and page breaks between sections for printing. Every value is escaped.
 */
import { createHash } from 'node:crypto';
import { appendixEntries, type AppendixEntry } from './appendix.js';
import type { ActivityRow, ComplianceRow, Report, StatementReport } from './model.js';
import { esc, escLine } from './html-escape.js';
import { NO_MEASURE, renderWhole, type ReportParts } from './parts.js';
import { pressHtml } from '../press/report.js';
import { renderTimeline } from './timeline-svg.js';
import { wallDate, wallDateTime, wallTime } from './times.js';
import {
  count,
  factText,
  headerLines,
  itemId,
  rowBy,
  rowTitle,
  NONE,
  outcomeText,
  promiseText,
  personLabel,
  roleLabel,
  seqRanges,
  summaryLines,
  timeBeside,
} from './words.js';

const CSS = `
:root { color-scheme: light; --ink: #1a1a1a; --muted: #5a5a5a; --rule: #c8c8c8; --band: #f3f3f3;
  --ok: #1b6e2e; --late: #b3141b; --ext: #8a5600; --skip: #6b6b6b; }
* { box-sizing: border-box; }
html { background: #fff; color: var(--ink); }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  margin: 0 auto; max-width: 1180px; padding: 24px 28px 48px; }
h1 { font-size: 24px; margin: 0 0 4px; }
h1 .sub { display: block; font-size: 16px; font-weight: 500; color: var(--muted); }
h2 { font-size: 19px; border-bottom: 2px solid var(--ink); padding-bottom: 3px; margin: 32px 0 12px; }
h3 { font-size: 15px; margin: 20px 0 8px; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 3px 16px; margin: 12px 0; }
dl.facts dt { font-weight: 600; color: var(--muted); }
dl.facts dd { margin: 0; overflow-wrap: anywhere; }
table { border-collapse: collapse; width: 100%; margin: 8px 0 12px; font-size: 12.5px; }
th, td { border: 1px solid var(--rule); padding: 4px 6px; text-align: left; vertical-align: top;
  white-space: pre-line; overflow-wrap: break-word; }
td.any { overflow-wrap: anywhere; }
td.nowrap { white-space: nowrap; }
tbody th { font-weight: 600; }
time { white-space: nowrap; font-variant-numeric: tabular-nums; }
.id { color: var(--muted); font-weight: 400; font-size: 11.5px; font-family: ui-monospace, Menlo, Consolas, monospace; }
thead th { background: var(--band); font-weight: 600; }
tbody tr:nth-child(even) td { background: #fafafa; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
code, .hash { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: 12px; }
.badge { display: inline-block; padding: 1px 7px; border-radius: 3px; border: 1px solid currentColor; font-weight: 600; white-space: nowrap; }
.ok { color: var(--ok); } .fail { color: var(--late); }
td.outcome { font-weight: 600; white-space: nowrap; }
td.outcome.done { color: var(--ok); } td.outcome.extended { color: var(--ext); }
td.outcome.late, td.outcome.missed, td.outcome.overdue { color: var(--late); }
td.outcome.skipped, td.outcome.waiting, td.outcome.upcoming, td.outcome.due, td.outcome.cancelled { color: var(--skip); }
.muted { color: var(--muted); }
.note { color: var(--muted); font-size: 12.5px; }
ul.plain { margin: 6px 0; padding-left: 20px; }
caption { text-align: left; caption-side: top; padding: 2px 0; }
figure { margin: 8px 0 0; }
figcaption { color: var(--muted); font-size: 12.5px; margin-top: 4px; }
svg.timeline { display: block; font: 11px system-ui, Arial, sans-serif; border: 1px solid var(--rule); }
svg.timeline .lane-bg { fill: #fff; }
svg.timeline .lane:nth-of-type(even) .lane-bg { fill: #f6f6f6; }
svg.timeline .lane-label { font-size: 12px; font-weight: 600; fill: var(--ink); }
svg.timeline .grid { stroke: #e2e2e2; stroke-width: 1; }
svg.timeline .tick { fill: var(--muted); }
svg.timeline .tick.day { font-weight: 600; fill: var(--ink); }
svg.timeline .edge { stroke: var(--ink); stroke-width: 1; stroke-dasharray: 3 3; }
svg.timeline .edge-label { fill: var(--ink); font-weight: 600; }
svg.timeline .due { fill: #fff; stroke: var(--ink); stroke-width: 1.5; }
svg.timeline .original-due { fill: #fff; stroke: var(--ext); stroke-width: 1.5; stroke-dasharray: 2 1.5; }
svg.timeline .extension { stroke: var(--ext); stroke-width: 2; stroke-dasharray: 4 3; }
svg.timeline .done { fill: var(--ok); }
svg.timeline .o-extended .done { fill: var(--ext); }
svg.timeline .done-late { fill: var(--late); }
svg.timeline .lateness { stroke: var(--late); stroke-width: 3; }
svg.timeline .missed { stroke: var(--late); stroke-width: 2.5; fill: none; }
svg.timeline .late-label { fill: var(--late); font-weight: 700; }
svg.timeline .skipped { fill: #fff; stroke: var(--skip); stroke-width: 1.5; }
svg.timeline .off-chart { fill: var(--muted); }
svg.timeline .legend-item text { fill: var(--ink); }
table.compliance { table-layout: fixed; }
table.compliance th:nth-child(1) { width: 26%; } table.compliance th:nth-child(2) { width: 13%; }
table.compliance th:nth-child(3) { width: 13%; } table.compliance th:nth-child(4) { width: 11%; }
table.compliance th:nth-child(5) { width: 13%; }
ul.refs { font-size: 12px; overflow-wrap: anywhere; }
pre.words { white-space: pre-wrap; overflow-wrap: anywhere; font: 13px/1.5 Georgia, "Times New Roman", serif;
  border-left: 3px solid var(--rule); padding: 6px 12px; margin: 8px 0 16px; background: #fcfcfc; }
article.text { break-inside: auto; }
footer { margin-top: 40px; color: var(--muted); font-size: 12px; border-top: 1px solid var(--rule); padding-top: 8px; }
@page { margin: 14mm 12mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 11.5px; }
  * { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
  section { break-before: page; }
  section.keep { break-before: auto; }
  h2, h3 { break-after: avoid; }
  tr, figure, svg { break-inside: avoid; }
  table.compliance { font-size: 10.5px; }
  table.compliance th, table.compliance td { padding: 2px 4px; }
  thead { display: table-header-group; }
}
`;

// The policy admits exactly this stylesheet; everything else (scripts, fetches, fonts, images,
// frames, form posts, <base>) is refused even if it somehow got into the page.
const CSP = `default-src 'none'; style-src 'sha256-${createHash('sha256').update(CSS).digest('base64')}'; base-uri 'none'; form-action 'none'`;

const t = (value: string) => `<time datetime="${escLine(value)}">${esc(wallDateTime(value))}</time>`;
const tn = (value: string | null) => (value === null ? NONE : t(value));
const hash = (sha: string) => `<span class="hash" title="${escLine(sha)}">${esc(sha.slice(0, 12))}</span>`;

/** Built HTML for a body cell, optionally with a class for the cell itself. */
type Cell = string | { html: string; cls: string };

/** A table: header cells are plain text; body cells are already-built HTML; column 0 heads its row. */
function table(
  caption: string | null,
  head: string[],
  rows: Cell[][],
  numeric: ReadonlySet<number> = new Set(),
): string {
  return `${tableOpen(caption, head, numeric)}${tableRows(rows, numeric).join('\n')}${TABLE_CLOSE}`;
}

/** A table up to its first body row. */
function tableOpen(caption: string | null, head: string[], numeric: ReadonlySet<number>): string {
  const th = head.map((h, i) => `<th scope="col"${numeric.has(i) ? ' class="num"' : ''}>${esc(h)}</th>`).join('');
  return `<table>${caption ? `<caption class="note">${esc(caption)}</caption>` : ''}<thead><tr>${th}</tr></thead><tbody>\n`;
}

const TABLE_CLOSE = '\n</tbody></table>';

/** A table's body rows, one `<tr>` each. */
function tableRows(rows: Cell[][], numeric: ReadonlySet<number>): string[] {
  // Loops, no per-cell objects: the compliance table can have hundreds of rows.
  const body: string[] = new Array(rows.length);
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r]!;
    const cells: string[] = new Array(row.length);
    for (let i = 0; i < row.length; i++) {
      const c = row[i]!;
      const html = typeof c === 'string' ? c : c.html;
      const cls = typeof c === 'string' ? (numeric.has(i) ? 'num' : '') : c.cls;
      const attr = cls ? ` class="${cls}"` : '';
      cells[i] = i === 0 ? `<th scope="row"${attr}>${html}</th>` : `<td${attr}>${html}</td>`;
    }
    body[r] = `<tr>${cells.join('')}</tr>`;
  }
  return body;
}

const dl = (pairs: [string, string][]) =>
  `<dl class="facts">${pairs.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${v}</dd>`).join('')}</dl>`;

function header(report: Report): string {
  const h = report.header;
  const pairs = headerLines(report).map(([k, v]): [string, string] => [
    k,
    k === 'Playbook SHA-256' ? `<code>${esc(v)}</code>` : esc(v),
  ]);
  return `<header><h1>After-action report <span class="sub">${esc(h.incident)}: ${esc(h.title)}</span></h1>${dl(pairs)}</header>`;
}

function summary(report: Report): string {
  return `<section id="summary" class="keep"><h2>Summary</h2>${dl(summaryLines(report).map(([k, v]) => [k, esc(v)]))}</section>`;
}

const BACKFILLED_HEAD = ['Seq', 'Event', 'By', 'Stated', 'Recorded', 'Gap (min)'];
const BACKFILLED_NUMERIC: ReadonlySet<number> = new Set([0, 5]);

/** The integrity section, its backfilled entries a row a chunk (a long log can have tens of thousands). */
function* integrity(report: Report): Generator<string> {
  const i = report.integrity;
  const verdict = i.ok
    ? '<span class="badge ok">VERIFIED</span> the hash chain checks out'
    : `<span class="badge fail">FAILED</span> the log does not verify${i.problem ? `: ${i.problem.seq === null ? '' : `entry ${i.problem.seq}: `}${esc(i.problem.message)}` : ''}`;
  const pairs: [string, string][] = [
    ['Verify', verdict],
    ['Entries', String(i.entries)],
    ['Head digest (seq:hash)', i.head === null ? NONE : `<code>${esc(i.head)}</code>`],
    [
      'Simulated clock',
      i.simulated.count
        ? `${count(i.simulated.count, 'entry', 'entries')} (seq ${esc(seqRanges(i.simulated.seqs))})`
        : 'none',
    ],
    ['Backfilled', i.backfilled.length ? count(i.backfilled.length, 'entry', 'entries') : 'none'],
    ['Repairs', i.repairs.length ? `${i.repairs.length}` : 'none'],
  ];
  let out = `<section id="integrity" class="keep"><h2>Integrity</h2>${dl(pairs)}`;
  if (i.backfilled.length) {
    yield `${out}<h3>Backfilled entries</h3>${tableOpen(null, BACKFILLED_HEAD, BACKFILLED_NUMERIC)}`;
    for (let k = 0; k < i.backfilled.length; k++) {
      const b = i.backfilled[k]!;
      const cells: Cell[] = [
        String(b.seq),
        esc(b.type),
        esc(personLabel(b.by)),
        t(b.stated_at),
        t(b.recorded_at),
        String(b.gap_minutes),
      ];
      yield `${k === 0 ? '' : '\n'}${tableRows([cells], BACKFILLED_NUMERIC)[0]!}`;
    }
    out = TABLE_CLOSE;
  }
  if (i.repairs.length) {
    out += `<h3>Repairs</h3>${table(
      null,
      ['Seq', 'Time', 'Offset', 'Length', 'Quarantine', 'SHA-256'],
      i.repairs.map((r) => [
        String(r.seq),
        t(r.at),
        String(r.offset),
        String(r.length),
        esc(r.quarantine),
        `<code>${esc(r.sha256)}</code>`,
      ]),
      new Set([0, 2, 3]),
    )}`;
  }
  yield out + '</section>';
}

function tiers(report: Report): string {
  const h = report.header;
  let out = `<section id="tiers" class="keep"><h2>Tier history</h2>${table(
    null,
    ['Time', 'Tier', 'From', 'How', 'By', 'Reason'],
    h.tier_history.map((x) => [
      t(x.at),
      esc(x.tier.name),
      x.from ? esc(x.from.name) : NONE,
      esc(x.method),
      esc(personLabel(x.by)),
      esc(x.reason),
    ]),
  )}`;
  if (h.lifecycle.length) {
    out += `<h3>Closings and reopenings</h3>${table(
      null,
      ['Time', 'What', 'By', 'Reason', 'Left open'],
      h.lifecycle.map((l) => [
        t(l.at),
        esc(l.type === 'closed' && l.forced ? 'closed (forced)' : l.type),
        esc(personLabel(l.by)),
        l.reason === null ? NONE : esc(l.reason),
        l.left_open.length ? esc(l.left_open.join(', ')) : NONE,
      ]),
    )}`;
  }
  return out + '</section>';
}

function timeline(report: Report): string {
  return `<section id="timeline"><h2>Timeline</h2><figure>${renderTimeline(report)}<figcaption>Deadlines (diamonds) against completions, one lane per owning role, in ${esc(report.time_zone)} 24-hour time. Late and missed items are red squares and crosses with the time late beside them; extended deadlines show the original deadline joined by a dashed line. The compliance table below lists every item.</figcaption></figure></section>`;
}

/**
 * One row of the compliance table. References are cited by their short citation only, and given in
 * full once below the table: a column of notes and URLs squeezed each citation to a few letters a
 * line, and the demo's fourteen rows took ten printed pages.
 */
function complianceRow(r: ComplianceRow): Cell[] {
  const ext = r.extensions.map(
    (e) => `extended ${t(e.from)} → ${t(e.to)} by ${esc(personLabel(e.by))}: ${esc(e.reason)}`,
  );
  const paused = (r.pauses ?? []).map(
    (p) =>
      `paused ${t(p.from)} → ${p.to === null ? 'still paused' : t(p.to)} by ${esc(personLabel(p.by))}${p.written ? ', in writing' : ''}${p.reassessments ? `, reassessed ${p.reassessments}×` : ''}: ${esc(p.reason)}`,
  );
  const why = [...(r.reason !== null && !r.extensions.length ? [esc(r.reason)] : []), ...ext, ...paused];
  const cites = r.references.length
    ? [`<span class="muted">${esc(r.references.map((x) => x.citation).join('; '))}</span>`]
    : [];
  const done =
    r.completed_at === null
      ? NONE
      : `<time datetime="${escLine(r.completed_at)}">${esc(r.due === null ? wallDateTime(r.completed_at) : timeBeside(r.completed_at, r.due))}</time>` +
        (r.completed_by ? `<br>${esc(rowBy(r)!)}` : '');
  return [
    `${esc(rowTitle(r))}<br><span class="id">${esc(itemId(r))}${r.required ? '' : ' (advisory)'}</span>`,
    esc(roleLabel(r.owner) + (r.outside ? ' (outside the city)' : '')),
    tn(r.due),
    { html: esc(outcomeText(r)), cls: `outcome ${r.outcome}` },
    done,
    { html: [...why, ...cites].join('<br>') || NONE, cls: 'any' },
  ];
}

/** Each action's references in full, once (the table cites them). */
function referenceList(report: Report): string {
  const seen = new Set<string>();
  const items: string[] = [];
  for (const r of report.compliance) {
    if (seen.has(r.action) || r.references.length === 0) continue;
    seen.add(r.action);
    const refs = r.references.map((x) => esc([x.citation, x.note, x.url].filter(Boolean).join(', ')));
    items.push(`<li><span class="id">${esc(r.action)}</span>: ${refs.join('; ')}</li>`);
  }
  return items.length ? `<h3>References</h3><ul class="plain refs">${items.join('')}</ul>` : '';
}

function compliance(report: Report): string {
  const rows = report.compliance.map(complianceRow);
  const head = ['Action', 'Owner', 'Due', 'State', 'Done', 'Reason, extensions, references'];
  const html = table(null, head, rows).replace('<table>', '<table class="compliance">');
  const notes = report.compliance.filter((r) => r.note);
  const notesHtml = notes.length
    ? `<h3>Completion notes</h3><ul class="plain">${notes.map((r) => `<li>${esc(itemId(r))}: ${esc(r.note!)}</li>`).join('')}</ul>`
    : '';
  // Below the table, as the notes are: the table's page count is a budget (docs/clerk.md).
  const promised = report.compliance.filter((r) => r.promise !== undefined);
  const promisedHtml = promised.length
    ? `<h3>Promised updates</h3><ul class="plain">${promised.map((r) => `<li>${esc(itemId(r))}: ${esc(promiseText(r.promise!))}</li>`).join('')}</ul>`
    : '';
  return `<section id="compliance"><h2>Compliance</h2>${report.compliance.length ? html : '<p>No actions applied.</p>'}${promisedHtml}${notesHtml}${referenceList(report)}</section>`;
}

function statement(s: StatementReport): string {
  const versions = table(
    'Versions',
    ['Version', 'Drafted', 'By', 'Source', 'Checks', 'Text SHA-256'],
    s.versions.map((v) => [
      `v${v.version}`,
      t(v.drafted_at),
      esc(personLabel(v.by)),
      esc(v.source),
      v.checks.length ? v.checks.map((c) => `line ${c.line}, ${esc(c.level)}: ${esc(c.message)}`).join('<br>') : 'none',
      hash(v.sha256),
    ]),
  );
  const events = [
    ...s.approvals.map((a) => [
      a.at,
      `approved v${a.version} as ${esc(roleLabel(a.role))}`,
      esc(personLabel(a.by)),
      a.warnings.length ? `accepted warnings: ${esc(a.warnings.join('; '))}` : NONE,
      hash(a.sha256),
    ]),
    ...s.rejections.map((r) => [r.at, `rejected v${r.version}`, esc(personLabel(r.by)), esc(r.reason), hash(r.sha256)]),
    ...s.releases.map((r) => [
      r.at,
      `released v${r.version}`,
      esc(personLabel(r.by)),
      `channels: ${esc(r.channels.join(', '))}`,
      hash(r.sha256),
    ]),
  ].sort((a, b) => Date.parse(a[0]!) - Date.parse(b[0]!));
  const chain = events.length
    ? table(
        'Approvals, rejections and releases',
        ['Time', 'What', 'By', 'Detail', 'Text SHA-256'],
        events.map(([at, ...rest]) => [t(at!), ...rest]),
      )
    : '<p class="muted">Not approved or released.</p>';
  return `<h3>${esc(s.title)} <span class="muted">(${esc(s.statement)})</span></h3>${versions}${chain}`;
}

function statements(report: Report): string {
  const changes = report.fact_changes.length
    ? table(
        null,
        ['Fact', 'Before', 'After', 'Said in', 'Changed in'],
        report.fact_changes.map((c) => [
          esc(c.fact),
          esc(factText(c.before)),
          esc(factText(c.after)),
          `${esc(c.from.statement)} v${c.from.version}, ${t(c.from.at)}`,
          `${esc(c.to.statement)} v${c.to.version}, ${t(c.to.at)}`,
        ]),
      )
    : '<p>None.</p>';
  const body = report.statements.length
    ? report.statements.map(statement).join('')
    : '<p>No statements were drafted.</p>';
  return `<section id="statements"><h2>Statements</h2>${body}<h3>Facts that changed between statements</h3>${changes}</section>`;
}

function appendixEntryHtml(e: AppendixEntry): string {
  return `<article class="text" id="${escLine(e.anchor)}"><h3>${esc(e.title)} <span class="muted">(${esc(e.statement)})</span> v${e.version}</h3>${dl(e.details.map(([k, v]) => [k, esc(v)]))}<pre class="words">${esc(e.text)}</pre></article>`;
}

/** The statement texts, an article a chunk. */
function* statementTexts(report: Report): Generator<string> {
  const { released, unreleased } = appendixEntries(report);
  yield `<section id="statement-texts"><h2>Statement texts</h2>${
    released.length
      ? '<p class="note">Every released statement, in the order it first went out, with its exact words as the log holds them.</p>'
      : '<p>No statement was released.</p>'
  }`;
  for (const e of released) yield appendixEntryHtml(e);
  if (unreleased.length) {
    yield '<h3>Drafts not released</h3><p class="note">Versions drafted but never released, with their words.</p>';
    for (const e of unreleased) yield appendixEntryHtml(e);
  }
  yield '</section>';
}

/** The activity section up to its first row. */
const activityOpen = (report: Report): string =>
  `<section id="activity"><h2>Activity log (ICS 214)</h2><p class="note">Times are 24-hour, ${esc(report.time_zone)}. Backfilled entries show when they were recorded.</p>${tableOpen(
    null,
    ['Seq', 'Date', 'Time', 'Recorded', 'Role', 'Person', 'Activity'],
    new Set([0]),
  )}`;

/**
 * One row of the activity table, as `tableRows` would make it, written out directly: this table can
 * have millions of rows, and cells as arrays and objects first cost more than the rest of the page.
 * Plain text times here (no <time> elements), for the same reason. Dates, times and seqs are
 * digits and separators.
 */
function activityRow(a: ActivityRow): string {
  const recorded = a.stated_at === null ? '' : timeBeside(a.recorded_at, a.at);
  return (
    `<tr><th scope="row" class="num">${a.seq}</th><td class="nowrap">${wallDate(a.at)}</td><td>${wallTime(a.at)}</td><td>${recorded}</td>` +
    `<td>${esc(roleLabel(a.by.role))}</td><td>${esc(a.by.name)}</td><td class="any">${esc(a.activity)}</td></tr>`
  );
}

function rolesHeld(rows: NonNullable<Report['roles_held']>): string {
  return `<section id="roles-held" class="keep"><h2>Who held each role</h2><p>From the roster, at any moment of the period.</p>${table(
    null,
    ['Role', 'Held by'],
    rows.map((r) => [
      esc(r.role.title),
      r.people.length ? esc(r.people.map((p) => `${p.name} (${p.login})`).join(', ')) : 'nobody on the roster',
    ]),
  )}</section>`;
}

/**
 * The report as one HTML document, in parts: the page up to the activity table's first row (a
 * section a chunk), the rows one per line, and the rest of the page.
 */
export const htmlParts: ReportParts<undefined> = {
  measure: () => NO_MEASURE,
  *head(report) {
    const h = report.header;
    yield [
      '<!DOCTYPE html>',
      '<html lang="en">',
      '<head>',
      '<meta charset="utf-8">',
      `<meta http-equiv="Content-Security-Policy" content="${CSP}">`,
      '<meta name="referrer" content="no-referrer">',
      '<meta name="viewport" content="width=device-width, initial-scale=1">',
      `<title>After-action report ${esc(h.incident)}: ${escLine(h.title)}</title>`,
      `<style>${CSS}</style>`,
      '</head>',
      '<body>',
      header(report),
      '<main>',
    ].join('\n');
    for (const section of [summary, integrity, tiers, timeline, compliance, statements, statementTexts]) {
      const html = section(report);
      if (typeof html === 'string') yield `\n${html}`;
      else {
        yield '\n';
        yield* html;
      }
    }
    if (report.press !== undefined) yield `\n${pressHtml(report.press, (s) => esc(s))}`;
    if (report.roles_held !== undefined) yield `\n${rolesHeld(report.roles_held)}`;
    yield `\n${activityOpen(report)}`;
  },
  row: (row, index) => (index === 0 ? activityRow(row) : `\n${activityRow(row)}`),
  *tail(report) {
    const h = report.header;
    yield `${TABLE_CLOSE}</section>\n`;
    yield [
      '</main>',
      `<footer>Made by cic from the incident log of ${esc(h.incident)} and its frozen playbook (SHA-256 <code>${esc(h.playbook.sha256)}</code>). Head digest <code>${esc(report.integrity.head ?? NONE)}</code>.</footer>`,
      '</body>',
      '</html>',
      '',
    ].join('\n');
  },
};

export const renderHtml = (report: Report): string => renderWhole(htmlParts, report);
