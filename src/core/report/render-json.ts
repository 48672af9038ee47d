/**
 * The report as JSON: the `Report` itself, valid against `schemas/report.schema.json`,
 * pretty-printed with two spaces except the activity log, which has one row per line (a row
 * would take sixteen lines indented, and the log can have 100,000 rows: one line each keeps the
 * file greppable and a third smaller, and compact JSON.stringify is several times faster).
 *
 * JSON's own escaping covers C0 controls; the invisible and reordering characters it leaves raw
 * (DEL, C1, bidi overrides, zero-width and line/paragraph separators, BOM) are written as `\uXXXX`
 * too, so the file reads honestly in a terminal or an editor while `JSON.parse` gives back exactly
 * the same text.
 */
import type { ActivityRow, Report } from './model.js';
import { linesInParts } from './parts.js';

const INVISIBLE = /[\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g;
const escapeInvisible = (json: string) =>
  json.replace(INVISIBLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/**
 * Stands in for the activity rows in the pretty-printed rest; JSON writes NUL as \u0000, so no real value prints like
 * it.
 */
const ROWS = '\u0000activity rows\u0000';

/** Rows per part handed to `onRows`: parts small enough to be parsed elsewhere while the next is made. */
const ROWS_PER_PART = 5_000;

/** Between two rows, in a part and between parts: each row is one line. */
const ROW_SEPARATOR = ',\n';

/**
 * The report as JSON text, in parts (their concatenation is the text; see StagedFile for why).
 * `onRows`, when given, also receives the activity rows as they are written, in order, in parts
 * (check-thread.ts parses them on another thread meanwhile, with `parseRows`).
 */
export function jsonParts(report: Report, onRows?: (rows: string) => void): string[] {
  const outline = JSON.stringify({ ...report, activity: ROWS }, null, 2);
  const [before, after] = outline.split(JSON.stringify(ROWS)) as [string, string];
  const rows = report.activity;
  const parts = linesInParts(rows.length, (r) => `    ${JSON.stringify(rows[r])}`, {
    separator: ROW_SEPARATOR,
    size: ROWS_PER_PART,
    each: (part) => {
      const escaped = escapeInvisible(part);
      onRows?.(escaped);
      return escaped;
    },
  });
  return [
    escapeInvisible(before),
    rows.length ? '[\n' : '[]',
    ...parts,
    rows.length ? '\n  ]' : '',
    escapeInvisible(after),
    '\n',
  ];
}

/** The report as JSON text. */
export const renderJson = (report: Report): string => jsonParts(report).join('');

/**
 * The rows of a part `onRows` received: one row per line (JSON escapes every line break in a
 * string), lines joined by ",\n". Parsed a line at a time, so the part is never copied into a
 * new string (as `JSON.parse('[' + part + ']')` would).
 */
export function parseRows(part: string): ActivityRow[] {
  const rows: ActivityRow[] = [];
  for (let start = 0; start < part.length;) {
    const next = part.indexOf(ROW_SEPARATOR, start);
    const end = next < 0 ? part.length : next;
    rows.push(JSON.parse(part.slice(start, end)) as ActivityRow);
    start = end + ROW_SEPARATOR.length;
  }
  return rows;
}
