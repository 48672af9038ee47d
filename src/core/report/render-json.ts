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
import type { Report } from './model.js';

const INVISIBLE = /[\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g;
const escapeInvisible = (json: string) =>
  json.replace(INVISIBLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/**
 * Stands in for the activity rows in the pretty-printed rest; JSON writes NUL as \u0000, so no real value prints like
 * it.
 */
const ROWS = '\u0000activity rows\u0000';

/**
 * The report as JSON text: the rest of the report pretty-printed around the activity rows, which
 * are one compact line each.
 */
export function renderJson(report: Report): string {
  const outline = JSON.stringify({ ...report, activity: ROWS }, null, 2);
  const [before, after] = outline.split(JSON.stringify(ROWS)) as [string, string];
  const rows = report.activity;
  const table = rows.length ? `[\n${rows.map((r) => `    ${JSON.stringify(r)}`).join(',\n')}\n  ]` : '[]';
  return escapeInvisible(`${before}${table}${after}\n`);
}
