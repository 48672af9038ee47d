/**
 * A renderer in parts, so that a report is written as a stream of chunks rather than built as one
 * text (docs/report-streaming.md): a 2,000,000-entry log makes a report larger than the longest
 * string JavaScript can hold. The rows can come from memory (`reportChunks`, `renderWhole`) or be
 * read from the log as they are written (src/io/report/write.ts).
 */
import type { ActivityRow, Report } from './model.js';

/** What a format learns of the activity rows, a row at a time, before it writes the first. */
export interface RowMeasure<M> {
  add(row: ActivityRow): void;
  result(): M;
}

/**
 * A renderer in parts. `head` and `tail` read every part of the report but its activity rows;
 * `row` renders one row (`index` from 0, in report order); a format without the rows has no `row`.
 */
export interface ReportParts<M = unknown> {
  measure(): RowMeasure<M>;
  head(report: Report, measured: M): Iterable<string>;
  row?(row: ActivityRow, index: number, measured: M): string;
  tail(report: Report, rows: number, measured: M): Iterable<string>;
}

/** A format that needs nothing from the rows before writing them. */
export const NO_MEASURE: RowMeasure<undefined> = { add: () => undefined, result: () => undefined };

/** The report's text in chunks, its activity rows read from `report.activity` (twice when measured). */
export function* reportChunks<M>(parts: ReportParts<M>, report: Report): Generator<string> {
  const measure = parts.measure();
  if (measure !== NO_MEASURE) for (const row of report.activity) measure.add(row);
  const measured = measure.result();
  yield* parts.head(report, measured);
  let index = 0;
  if (parts.row) for (const row of report.activity) yield parts.row(row, index++, measured);
  else index = report.activity.length;
  yield* parts.tail(report, index, measured);
}

/** The report as one text. */
export const renderWhole = <M>(parts: ReportParts<M>, report: Report): string => {
  let text = '';
  for (const chunk of reportChunks(parts, report)) text += chunk;
  return text;
};
