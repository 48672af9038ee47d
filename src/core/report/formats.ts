/**
 * The report's formats, as data: `cic report --format md,html` looks names up here and writes
 * `<incident>.<ext>` with each renderer's output. Adding a format is one row.
 */
import type { Report } from './model.js';
import { renderCsv } from './render-csv.js';
import { renderHtml } from './render-html.js';
import { renderJson } from './render-json.js';
import { renderMarkdown } from './render-md.js';

export interface ReportFormat {
  /** File name extension, without the dot. */
  ext: string;
  /** Media type, for anyone serving the file. */
  mediaType: string;
  render(report: Report): string;
}

export const reportFormats = {
  md: { ext: 'md', mediaType: 'text/markdown; charset=utf-8', render: renderMarkdown },
  html: { ext: 'html', mediaType: 'text/html; charset=utf-8', render: renderHtml },
  csv: { ext: 'csv', mediaType: 'text/csv; charset=utf-8; header=present', render: renderCsv },
  json: { ext: 'json', mediaType: 'application/json', render: renderJson },
} satisfies Record<string, ReportFormat>;

export type ReportFormatName = keyof typeof reportFormats;

export const REPORT_FORMAT_NAMES = Object.keys(reportFormats) as ReportFormatName[];

export function isReportFormat(name: string): name is ReportFormatName {
  return Object.hasOwn(reportFormats, name);
}
