/**
 * The report's formats, as data: `cic report --format md,html` looks names up here and writes
 * `<incident>.<ext>` with each renderer's output. Adding a format is one row.
 *
 * Each renderer is also in parts (`ReportParts`), so that a report of a long log is written as a
 * stream: what comes before the activity rows, each row, and what comes after, with whatever the
 * format must know of all the rows before it writes the first one measured a row at a time
 * (docs/report-streaming.md). `render` is those parts joined: one text, byte for byte the same.
 */
import type { Report } from './model.js';
import { renderWhole, type ReportParts } from './parts.js';
import { csvParts } from './render-csv.js';
import { htmlParts } from './render-html.js';
import { jsonParts } from './render-json.js';
import { markdownParts } from './render-md.js';

export interface ReportFormat {
  /** File name extension, without the dot. */
  ext: string;
  /** Media type, for anyone serving the file. */
  mediaType: string;
  render(report: Report): string;
  parts: ReportParts;
}

const format = <M>(ext: string, mediaType: string, parts: ReportParts<M>): ReportFormat => ({
  ext,
  mediaType,
  render: (report) => renderWhole(parts, report),
  parts: parts as ReportParts,
});

export const reportFormats = {
  md: format('md', 'text/markdown; charset=utf-8', markdownParts),
  html: format('html', 'text/html; charset=utf-8', htmlParts),
  csv: format('csv', 'text/csv; charset=utf-8; header=present', csvParts),
  json: format('json', 'application/json', jsonParts),
} satisfies Record<string, ReportFormat>;

export type ReportFormatName = keyof typeof reportFormats;

export const REPORT_FORMAT_NAMES = Object.keys(reportFormats) as ReportFormatName[];

export function isReportFormat(name: string): name is ReportFormatName {
  return Object.hasOwn(reportFormats, name);
}
