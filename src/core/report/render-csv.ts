/**
 * The compliance table as CSV, one row per deadline, for a clerk's spreadsheet.
 *
 * Decisions:
 * - RFC 4180: CRLF between records (and after the last), a header row, every text field quoted
 *   with `"` doubled inside; numbers bare so spreadsheets sum them.
 * - UTF-8 with a byte-order mark: without it Excel reads the file as the machine's ANSI code page
 *   and mangles names like "Zoë"; LibreOffice, Google Sheets, Python's `utf-8-sig` and csv-parse's
 *   `bom` option all accept it.
 * - A text cell a spreadsheet would run as a formula (first character `=`, `+`, `-`, `@`, tab, CR,
 *   or their full-width forms) gets a leading `'`, the OWASP "CSV injection" defence, which every
 *   spreadsheet shows as text. The check is on the raw value, before anything else.
 * - Control and bidi characters are then made visible, as in every other format (a clerk must not
 *   read "NO\rYES" as "YES"); newlines inside a cell are kept (quoted, as RFC 4180 allows).
 * - Times stay RFC 3339 with the zone's offset: exact, sortable, and unambiguous across DST.
 * Written by hand rather than with csv-stringify: the three rules above are the whole job.
 */
import { visible } from '../text/visible.js';
import type { ComplianceRow, Report, StatementVersionRecord } from './model.js';
import { NO_MEASURE, renderWhole, type ReportParts } from './parts.js';

export const BOM = '\ufeff';
const FORMULA = /^[=+\-@\t\r\uff1d\uff0b\uff0d\uff20]/;

type Value = string | number | boolean | null;

/** One field: numbers bare, text neutralised, made visible and quoted; null empty. */
export function csvField(value: Value): string {
  if (value === null) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  const safe = visible(FORMULA.test(value) ? `'${value}` : value);
  return `"${safe.replace(/"/g, '""')}"`;
}

export const csvRecord = (values: Value[]): string => values.map(csvField).join(',') + '\r\n';

/**
 * The statement version whose release completed a statement row (released in the same append as
 * the completion, so at the same time). The CSV carries its digest and where its words are; the
 * words themselves are in the Markdown, HTML and JSON reports and in the log.
 */
function releasedVersion(r: ComplianceRow, report: Report): StatementVersionRecord | undefined {
  if (r.completed_at === null) return undefined;
  const s = report.statements.find((x) => x.statement === r.action);
  const release = s?.releases.find((x) => x.at === r.completed_at);
  return release && s!.versions.find((v) => v.version === release.version);
}

/** The columns, as data: header name and how to read it from a row. */
const COLUMNS: [string, (r: ComplianceRow, report: Report) => Value][] = [
  ['incident', (_r, report) => report.header.incident],
  ['action', (r) => r.action],
  ['occurrence', (r) => r.occurrence],
  ['title', (r) => r.title],
  ['kind', (r) => r.kind],
  ['required', (r) => r.required],
  ['owner_role', (r) => r.owner.id],
  ['owner_title', (r) => r.owner.title],
  ['due', (r) => r.due],
  ['original_due', (r) => r.original_due],
  ['outcome', (r) => r.outcome],
  ['completed_at', (r) => r.completed_at],
  ['completed_by_name', (r) => r.completed_by?.name ?? null],
  ['completed_by_role', (r) => r.completed_by?.role.id ?? null],
  ['late_by_minutes', (r) => r.late_by_minutes],
  ['reason', (r) => r.reason],
  ['extensions', (r) => r.extensions.length],
  ['extension_reasons', (r) => (r.extensions.length ? r.extensions.map((e) => e.reason).join(' | ') : null)],
  ['extended_by', (r) => (r.extensions.length ? r.extensions.map((e) => e.by.name).join(' | ') : null)],
  ['note', (r) => r.note],
  ['references', (r) => (r.references.length ? r.references.map((x) => x.citation).join(' | ') : null)],
  ['statement_version', (r, report) => releasedVersion(r, report)?.version ?? null],
  ['statement_sha256', (r, report) => releasedVersion(r, report)?.sha256 ?? null],
  [
    'statement_text',
    (r, report) => {
      const v = releasedVersion(r, report);
      return v
        ? `report, Statement texts: ${r.action} v${v.version}; log entry #${v.seq}; cic statements ${r.action} --show ${v.version}`
        : null;
    },
  ],
  // Added after the columns spreadsheets already read by position.
  ['pauses', (r) => r.pauses?.length ?? 0],
  ['pause_reasons', (r) => (r.pauses?.length ? r.pauses.map((p) => p.reason).join(' | ') : null)],
  ['owner_outside', (r) => r.outside],
  ['source', (r) => r.source],
  ['request_kind', (r) => r.request?.kind ?? null],
  ['request_from', (r) => r.request?.from ?? null],
  ['request_received_at', (r) => r.request?.received_at ?? null],
  ['promised_at', (r) => r.promise?.at ?? null],
  ['promised_in', (r) => (r.promise === undefined ? null : `${r.promise.statement} v${r.promise.version}`)],
  [
    'promise_superseded',
    (r) => (r.promise?.superseded.length ? r.promise.superseded.map((p) => p.at).join(' | ') : null),
  ],
];

export const CSV_HEADER = COLUMNS.map(([name]) => name);

/** The CSV in parts: it has no activity rows, so it is all head (a record a chunk). */
export const csvParts: ReportParts<undefined> = {
  measure: () => NO_MEASURE,
  *head(report) {
    yield BOM + csvRecord(CSV_HEADER);
    for (const row of report.compliance) yield csvRecord(COLUMNS.map(([, read]) => read(row, report)));
  },
  tail: () => [],
};

export const renderCsv = (report: Report): string => renderWhole(csvParts, report);
