/**
 * The report's formats, as data: `cic report --format md,html` looks names up here and writes
 * `<incident>.<ext>` with each renderer's output. Adding a format is one row.
 */
import type { Report } from './model.js';
import { renderCsv } from './render-csv.js';
import { htmlParts } from './render-html.js';
import { jsonParts } from './render-json.js';
import { markdownParts } from './render-md.js';

export interface ReportFormat {
  /** File name extension, without the dot. */
  ext: string;
  /** Media type, for anyone serving the file. */
  mediaType: string;
  /** The text in parts, in order: how a file is written (StagedFile, parts.ts say why). */
  parts(report: Report): string[];
  /** The whole text, for reading it here (the parts joined). */
  render(report: Report): string;
}

const format = (ext: string, mediaType: string, parts: (report: Report) => string[]): ReportFormat => ({
  ext,
  mediaType,
  parts,
  render: (report) => parts(report).join(''),
});

export const reportFormats = {
  md: format('md', 'text/markdown; charset=utf-8', markdownParts),
  html: format('html', 'text/html; charset=utf-8', htmlParts),
  // One compliance row per item: a few hundred rows at most, one part.
  csv: format('csv', 'text/csv; charset=utf-8; header=present', (r) => [renderCsv(r)]),
  json: format('json', 'application/json', (r) => jsonParts(r)),
} satisfies Record<string, ReportFormat>;

export type ReportFormatName = keyof typeof reportFormats;

export const REPORT_FORMAT_NAMES = Object.keys(reportFormats) as ReportFormatName[];

export function isReportFormat(name: string): name is ReportFormatName {
  return Object.hasOwn(reportFormats, name);
}
