/**
 * The report as Markdown that reads as plain text: no HTML, tables padded into columns (up to a
 * width, so one long note does not widen every row), every value escaped so that nothing a fact,
 * a note, a name or the playbook says can become markup, a link, or break a table.
 */
import { pressMarkdown } from '../press/report.js';
import { visible, oneLine } from '../text/visible.js';
import { appendixEntries, type AppendixEntry } from './appendix.js';
import type { ActivityRow, ComplianceRow, Report, StatementReport } from './model.js';
import { renderWhole, type ReportParts } from './parts.js';
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

// Inline markup anywhere in a line: emphasis, code, links, raw HTML and autolinks, table pipes,
// strikethrough, math; and what GFM's extended autolinks (and markdown-it's linkify) would turn
// into a link: the `:` of `scheme://`, the `.` after `www`, any `@`. Backslash first so escapes are not doubled. Characters that only matter in
// a position (`#` opening or closing a heading, `&` starting an entity) are escaped only there,
// so "public-update#2" and "Q&A" stay readable as plain text.
const INLINE = /[\\`*_[\]<|~$@]|(?<=^|\s)#|&(?=#?\w+;)|:(?=\/\/)|(?<=\b[Ww]{3})\./g;
// Block markup that only counts at the start of a line: list items, quotes, setext underlines.
const LEADING = /^(\s*)([+\-*](?=\s|$)|>|=+\s*$|\d{1,9}[.)](?=\s|$))/;

// Most cells (names, role titles, times) need nothing: one test instead of four replacements,
// which matters across a 100,000-row activity log. It must cover every character `visible()`
// escapes; a test walks every code point to hold it to that.
const QUIET =
  /^(?!\s*(?:[+\-*>=]|\d{1,9}[.)]))(?![^]*(?::\/\/|\b[Ww]{3}\.))[^\\`*_[\]<|~$#&@\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]*$/;

/** Escape one value for Markdown, on one line, with control and bidi characters made visible. */
export function mdText(text: string): string {
  if (QUIET.test(text)) return text;
  // Shown as the terminal shows it first, then that made inert for Markdown: each layer once.
  return oneLine(text)
    .replace(INLINE, '\\$&')
    .replace(LEADING, (_m, space: string, mark: string) => {
      const at = /^\d/.test(mark) ? mark.search(/[.)]/) : 0;
      return `${space}${mark.slice(0, at)}\\${mark.slice(at)}`;
    });
}

const MAX_PAD = 40;

/** A pipe table. Cells are escaped here; `raw` marks columns that hold already-safe text. */
export function mdTable(head: string[], rows: string[][], raw: ReadonlySet<number> = new Set()): string {
  return mdTableLines(head, rows, raw).join('\n');
}

/** `mdTable`, a line each (a table as long as the log is written a line a chunk). */
function mdTableLines(head: string[], rows: string[][], raw: ReadonlySet<number> = new Set()): string[] {
  const widths = head.map((h) => Math.max(3, h.length));
  const cells: string[][] = rows.map((row) =>
    row.map((text, i) => {
      const c = raw.has(i) ? text : mdText(text);
      if (c.length > widths[i]! && widths[i]! < MAX_PAD) widths[i] = Math.min(MAX_PAD, c.length);
      return c;
    }),
  );
  const lines = tableHead(head, widths) as string[];
  for (const row of cells) lines.push(tableLine(row, widths));
  return lines;
}

/** A table's header line and the rule under it. */
const tableHead = (head: string[], widths: readonly number[]): [string, string] => [
  tableLine(head, widths),
  `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`,
];

/** One line of a table, its cells padded to their column's width. */
function tableLine(cells: readonly string[], widths: readonly number[]): string {
  let line = '|';
  for (let i = 0; i < cells.length; i++) line += ` ${cells[i]!.padEnd(widths[i]!)} |`;
  return line;
}

const orNone = (v: string | null | undefined): string => (v === null || v === undefined || v === '' ? NONE : v);

function headerSection(report: Report): string[] {
  const h = report.header;
  const out = [`# After-action report: ${mdText(h.incident)}, ${mdText(h.title)}`, ''];
  for (const [label, value] of headerLines(report)) out.push(`- ${label}: ${mdText(value)}`);
  return out;
}

function summarySection(report: Report): string[] {
  return ['## Summary', '', ...summaryLines(report).map(([label, value]) => `- ${label}: ${mdText(value)}`)];
}

function tiersSection(report: Report): string[] {
  const h = report.header;
  const out = ['## Tier history', ''];
  out.push(
    mdTable(
      ['Time', 'Tier', 'From', 'How', 'By', 'Reason'],
      h.tier_history.map((t) => [
        wallDateTime(t.at),
        t.tier.name,
        t.from ? t.from.name : NONE,
        t.method,
        personLabel(t.by),
        t.reason,
      ]),
    ),
  );
  if (h.lifecycle.length) {
    out.push('', '### Closings and reopenings', '');
    out.push(
      mdTable(
        ['Time', 'What', 'By', 'Reason', 'Left open'],
        h.lifecycle.map((l) => [
          wallDateTime(l.at),
          l.type === 'closed' && l.forced ? 'closed (forced)' : l.type,
          personLabel(l.by),
          orNone(l.reason),
          l.left_open.length ? l.left_open.join(', ') : NONE,
        ]),
      ),
    );
  }
  return out;
}

function integritySection(report: Report): string[] {
  const i = report.integrity;
  const out = ['## Integrity', ''];
  out.push(`- Verified: ${i.ok ? 'yes, the hash chain checks out' : 'NO, the log does not verify'}`);
  if (i.problem)
    out.push(`- Problem: ${i.problem.seq === null ? '' : `entry ${i.problem.seq}: `}${mdText(i.problem.message)}`);
  out.push(`- Entries: ${i.entries}`);
  out.push(`- Head digest (seq:hash): ${i.head === null ? NONE : '`' + i.head + '`'}`);
  out.push(
    `- Written under a simulated clock: ${i.simulated.count ? `${i.simulated.count} (seq ${seqRanges(i.simulated.seqs)})` : 'none'}`,
  );
  out.push(`- Backfilled entries: ${i.backfilled.length || 'none'}`);
  out.push(`- Repairs: ${i.repairs.length || 'none'}`);
  if (i.backfilled.length) {
    out.push('', '### Backfilled entries', '');
    const table = mdTableLines(
      ['Seq', 'Event', 'By', 'Stated', 'Recorded', 'Gap'],
      i.backfilled.map((b) => [
        String(b.seq),
        b.type,
        personLabel(b.by),
        wallDateTime(b.stated_at),
        wallDateTime(b.recorded_at),
        `${b.gap_minutes} min`,
      ]),
    );
    for (const line of table) out.push(line);
  }
  if (i.repairs.length) {
    out.push('', '### Repairs', '');
    out.push(
      mdTable(
        ['Seq', 'Time', 'Offset', 'Length', 'Quarantine', 'SHA-256'],
        i.repairs.map((r) => [
          String(r.seq),
          wallDateTime(r.at),
          String(r.offset),
          String(r.length),
          r.quarantine,
          r.sha256,
        ]),
      ),
    );
  }
  return out;
}

function complianceSection(rows: readonly ComplianceRow[]): string[] {
  const out = ['## Compliance', ''];
  if (!rows.length) return [...out, 'No actions applied.'];
  out.push(
    mdTable(
      ['Item', 'Title', 'Owner', 'Due', 'Outcome', 'Done', 'By', 'Reason'],
      rows.map((r) => [
        itemId(r) + (r.required ? '' : ' (advisory)'),
        rowTitle(r),
        roleLabel(r.owner) + (r.outside ? ' (outside the city)' : ''),
        r.due === null ? NONE : wallDateTime(r.due),
        outcomeText(r),
        r.completed_at === null
          ? NONE
          : r.due === null
            ? wallDateTime(r.completed_at)
            : timeBeside(r.completed_at, r.due),
        rowBy(r) ?? NONE,
        orNone(r.reason),
      ]),
    ),
  );
  const extended = rows.filter((r) => r.extensions.length);
  if (extended.length) {
    out.push('', '### Extensions', '');
    for (const r of extended) {
      for (const e of r.extensions) {
        out.push(
          `- ${mdText(itemId(r))}: ${wallDateTime(e.from)} → ${wallDateTime(e.to)}, by ${mdText(personLabel(e.by))} at ${wallDateTime(e.at)}: ${mdText(e.reason)}`,
        );
      }
    }
  }
  const paused = rows.filter((r) => r.pauses?.length);
  if (paused.length) {
    out.push('', '### Pauses', '');
    for (const r of paused) {
      for (const p of r.pauses!) {
        const until = p.to === null ? 'still paused' : wallDateTime(p.to);
        const reassessed = p.reassessments
          ? `; reassessed ${p.reassessments === 1 ? 'once' : `${p.reassessments} times`}`
          : '';
        out.push(
          `- ${mdText(itemId(r))}: paused ${wallDateTime(p.from)} → ${until}, by ${mdText(personLabel(p.by))}${p.written ? ', in writing' : ''}${reassessed}: ${mdText(p.reason)}`,
        );
      }
    }
  }
  const promised = rows.filter((r) => r.promise !== undefined);
  if (promised.length) {
    out.push('', '### Promised updates', '');
    for (const r of promised) out.push(`- ${mdText(itemId(r))}: ${mdText(promiseText(r.promise!))}`);
  }
  const notes = rows.filter((r) => r.note);
  if (notes.length) {
    out.push('', '### Completion notes', '');
    for (const r of notes) out.push(`- ${mdText(itemId(r))}: ${mdText(r.note!)}`);
  }
  const seen = new Set<string>();
  const refs: string[] = [];
  for (const r of rows) {
    if (seen.has(r.action) || !r.references.length) continue;
    seen.add(r.action);
    const texts = r.references.map((ref) =>
      [ref.citation, ref.note, ref.url]
        .filter(Boolean)
        .map((t) => mdText(t!))
        .join(', '),
    );
    refs.push(`- ${mdText(r.action)}: ${texts.join('; ')}`);
  }
  if (refs.length) out.push('', '### References', '', ...refs);
  return out;
}

function statementSection(s: StatementReport): string[] {
  const out = [`### ${mdText(s.title)} (${mdText(s.statement)})`, ''];
  const short = (sha: string) => '`' + sha.slice(0, 12) + '`';
  const hash = new Set([5]);
  out.push(
    mdTable(
      ['Version', 'Drafted', 'By', 'Source', 'Checks', 'SHA-256'],
      s.versions.map((v) => {
        const errors = v.checks.filter((c) => c.level === 'error').length;
        return [
          `v${v.version}`,
          wallDateTime(v.drafted_at),
          personLabel(v.by),
          v.source,
          `${count(errors, 'error')}, ${count(v.checks.length - errors, 'warning')}`,
          short(v.sha256),
        ];
      }),
      hash,
    ),
  );
  const checks = s.versions.flatMap((v) =>
    v.checks.map((c) => `- v${v.version} line ${c.line}, ${c.level}: ${mdText(c.message)}`),
  );
  if (checks.length) out.push('', 'Checks:', '', ...checks);
  const events = [
    ...s.approvals.map((a) => [
      wallDateTime(a.at),
      `approved v${a.version} as ${roleLabel(a.role)}`,
      personLabel(a.by),
      a.warnings.length ? `accepted warnings: ${a.warnings.join('; ')}` : NONE,
      short(a.sha256),
    ]),
    ...s.rejections.map((r) => [
      wallDateTime(r.at),
      `rejected v${r.version}`,
      personLabel(r.by),
      r.reason,
      short(r.sha256),
    ]),
    ...s.releases.map((r) => [
      wallDateTime(r.at),
      `released v${r.version}`,
      personLabel(r.by),
      `channels: ${r.channels.join(', ')}`,
      short(r.sha256),
    ]),
  ].sort((a, b) => (a[0]! < b[0]! ? -1 : a[0]! > b[0]! ? 1 : 0));
  out.push(
    '',
    events.length
      ? mdTable(['Time', 'What', 'By', 'Detail', 'Text SHA-256'], events, new Set([4]))
      : 'Not approved or released.',
  );
  return out;
}

function statementsSection(report: Report): string[] {
  const out = ['## Statements', ''];
  if (!report.statements.length) out.push('No statements were drafted.');
  for (const s of report.statements) out.push(...statementSection(s), '');
  out.push('### Facts that changed between statements', '');
  out.push(
    report.fact_changes.length
      ? mdTable(
          ['Fact', 'Before', 'After', 'Said in', 'Changed in'],
          report.fact_changes.map((c) => [
            c.fact,
            factText(c.before),
            factText(c.after),
            `${c.from.statement} v${c.from.version}, ${wallDateTime(c.from.at)}`,
            `${c.to.statement} v${c.to.version}, ${wallDateTime(c.to.at)}`,
          ]),
        )
      : 'None.',
  );
  return out;
}

/**
 * A statement's words as an indented code block: in GFM, markdown-it and Python-Markdown alike
 * nothing inside one is markup, a link or HTML, so the words print exactly (control and bidi
 * characters made visible, as everywhere). Indented rather than fenced: Python-Markdown has no
 * fences without an extension, and no fence length is needed.
 */
export function mdVerbatim(text: string): string {
  const lines = visible(text.endsWith('\n') ? text.slice(0, -1) : text).split('\n');
  return lines.map((l) => (l === '' ? '' : `    ${l}`)).join('\n');
}

/**
 * Words quoted exactly as a block quote, every line kept and escaped as `mdText` escapes a value
 * (markup, raw HTML, autolinks, list and quote markers, control characters): for the run sheet and
 * the briefing packet, where the quote reads better than a code block.
 */
export function mdQuote(text: string): string[] {
  return text
    .replace(/\n+$/, '')
    .split('\n')
    .map((l) => (l.trim() === '' ? '>' : `> ${mdText(l)}`));
}

function appendixEntryMd(e: AppendixEntry): string[] {
  return [
    `### ${mdText(e.title)} (${mdText(e.statement)}) v${e.version}`,
    '',
    ...e.details.map(([label, value]) => `- ${label}: ${mdText(value)}`),
    '',
    'Text, exactly as the log holds it:',
    '',
    mdVerbatim(e.text),
  ];
}

function statementTextsSection(report: Report): string[] {
  const { released, unreleased } = appendixEntries(report);
  const out = ['## Statement texts', ''];
  out.push(
    released.length ? 'Every released statement, in the order it first went out.' : 'No statement was released.',
  );
  for (const e of released) out.push('', ...appendixEntryMd(e));
  if (unreleased.length) {
    out.push('', '## Drafts not released', '');
    out.push('Versions drafted but never released, with their words.');
    for (const e of unreleased) out.push('', ...appendixEntryMd(e));
  }
  return out;
}

const ACTIVITY_HEAD = ['Date', 'Time', 'Recorded', 'Role', 'Person', 'Activity', 'Seq'];

const recorded = (a: ActivityRow) => (a.stated_at === null ? '' : timeBeside(a.recorded_at, a.at));

/**
 * The activity table's column widths, what `mdTable` would find, a row at a time (the table is
 * written after them, a row at a time). Escaping only ever lengthens a text, so one of MAX_PAD
 * characters or more fills its column without being escaped to find out.
 */
class ActivityWidths {
  private readonly widths = ACTIVITY_HEAD.map((h) => Math.max(3, h.length));

  add(a: ActivityRow): void {
    this.grow(0, wallDate(a.at).length);
    this.grow(1, wallTime(a.at).length);
    this.grow(2, recorded(a).length);
    this.grow(3, mdText(roleLabel(a.by.role)).length);
    this.grow(4, mdText(a.by.name).length);
    if (this.widths[5]! < MAX_PAD) this.grow(5, a.activity.length >= MAX_PAD ? MAX_PAD : mdText(a.activity).length);
    this.grow(6, String(a.seq).length);
  }

  result(): readonly number[] {
    return this.widths;
  }

  private grow(i: number, length: number): void {
    if (length > this.widths[i]! && this.widths[i]! < MAX_PAD) this.widths[i] = Math.min(MAX_PAD, length);
  }
}

/** The activity section up to its first row. */
const activityOpen = (report: Report, widths: readonly number[]): string =>
  [
    '## Activity log (ICS 214)',
    '',
    `Times are 24-hour, ${mdText(report.time_zone)}. Backfilled entries show when they were recorded.`,
    '',
    ...tableHead(ACTIVITY_HEAD, widths),
  ].join('\n');

/**
 * One line of the activity table, as `mdTable` makes it, written out directly: the table can have
 * millions of rows. Dates, times and seqs are digits and separators, which need no escaping.
 */
const activityLine = (a: ActivityRow, widths: readonly number[]): string =>
  tableLine(
    [
      wallDate(a.at),
      wallTime(a.at),
      recorded(a),
      mdText(roleLabel(a.by.role)),
      mdText(a.by.name),
      mdText(a.activity),
      String(a.seq),
    ],
    widths,
  );

function rolesHeldSection(report: Report): string[] {
  if (report.roles_held === undefined) return [];
  return [
    '## Who held each role',
    '',
    'From the roster, at any moment of the period.',
    '',
    mdTable(
      ['Role', 'Held by'],
      report.roles_held.map((r) => [
        r.role.title,
        r.people.length ? r.people.map((p) => `${p.name} (${p.login})`).join(', ') : 'nobody on the roster',
      ]),
    ),
  ];
}

/**
 * The report as Markdown, in parts: the sections before the activity log (a section a chunk), the
 * activity table's lines (its column widths measured over every row first), and the final newline.
 */
export const markdownParts: ReportParts<readonly number[]> = {
  measure: () => new ActivityWidths(),
  *head(report, widths) {
    const sections = [
      headerSection,
      summarySection,
      tiersSection,
      integritySection,
      (r: Report) => complianceSection(r.compliance),
      statementsSection,
      statementTextsSection,
      (r: Report) => (r.press === undefined ? [] : pressMarkdown(r.press, mdText, mdText)),
      rolesHeldSection,
    ];
    // A line a chunk: a section can be as long as the log (the integrity section's backfilled entries).
    for (const section of sections) {
      const lines = section(report);
      for (let i = 0; i < lines.length; i++) yield i === 0 ? lines[i]! : `\n${lines[i]!}`;
      if (lines.length > 0) yield '\n\n';
    }
    yield activityOpen(report, widths);
  },
  row: (row, _index, widths) => `\n${activityLine(row, widths)}`,
  tail: () => ['\n'],
};

export const renderMarkdown = (report: Report): string => renderWhole(markdownParts, report);
