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
import { NO_MEASURE, renderWhole, type ReportParts } from './parts.js';

const INVISIBLE = /[\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g;
const escapeInvisible = (json: string) =>
  json.replace(INVISIBLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/** A value as `JSON.stringify(value, null, 2)` writes it one level down, in an object at the top. */
const nested = (value: unknown) => JSON.stringify(value, null, 2).replace(/\n/g, '\n  ');

/**
 * The report as JSON text, in parts: the rest of the report pretty-printed around the activity
 * rows, which are one compact line each. The top-level members are written one by one as
 * `JSON.stringify(report, null, 2)` writes them (every newline in its output is layout, never text,
 * which JSON escapes), so no chunk is larger than one member.
 */
export const jsonParts: ReportParts<undefined> = {
  measure: () => NO_MEASURE,
  *head(report) {
    const keys = members(report);
    const at = keys.indexOf('activity');
    for (let i = 0; i < at; i++) yield member(report, keys[i]!, i);
    yield escapeInvisible(`${at === 0 ? '{\n' : ',\n'}  "activity": [`);
  },
  row: (row, index) => escapeInvisible(`${index === 0 ? '\n' : ',\n'}    ${JSON.stringify(row)}`),
  *tail(report, rows) {
    yield rows ? '\n  ]' : ']';
    const keys = members(report);
    for (let i = keys.indexOf('activity') + 1; i < keys.length; i++) yield member(report, keys[i]!, i);
    yield '\n}\n';
  },
};

/** The members JSON.stringify writes: those whose value is not undefined. */
const members = (report: Report): string[] =>
  Object.keys(report).filter((k) => (report as unknown as Record<string, unknown>)[k] !== undefined);

const member = (report: Report, key: string, index: number): string =>
  escapeInvisible(
    `${index === 0 ? '{\n' : ',\n'}  ${JSON.stringify(key)}: ${nested((report as unknown as Record<string, unknown>)[key])}`,
  );

export const renderJson = (report: Report): string => renderWhole(jsonParts, report);
