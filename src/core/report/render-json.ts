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

/**
 * `JSON.stringify(value, null, 2)` at `depth` levels of indentation, in chunks: the lists and
 * objects of the first levels (the report's parts, their lists such as the integrity section's
 * backfilled entries and the statements' versions) element by element, each element whole. So no
 * chunk grows with the log, and the text is the same: every newline JSON.stringify writes is
 * layout (JSON escapes those in text), so a value written one level down is its own text with
 * each newline indented two more spaces.
 */
function* pretty(value: unknown, depth: number): Generator<string> {
  const pad = '\n' + '  '.repeat(depth);
  if (depth >= SPLIT_DEPTH || value === null || typeof value !== 'object') {
    const text = JSON.stringify(value, null, 2) ?? 'null';
    yield depth === 0 ? text : text.replace(/\n/g, pad);
  } else if (Array.isArray(value)) {
    if (value.length === 0) return yield '[]';
    for (let i = 0; i < value.length; i++) {
      yield `${i === 0 ? '[' : ','}${pad}  `;
      // As JSON.stringify writes them: what has no JSON value is null in a list.
      yield* pretty(value[i] === undefined || typeof value[i] === 'function' ? null : value[i], depth + 1);
    }
    yield `${pad}]`;
  } else {
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record).filter((k) => record[k] !== undefined && typeof record[k] !== 'function');
    if (keys.length === 0) return yield '{}';
    for (let i = 0; i < keys.length; i++) {
      yield `${i === 0 ? '{' : ','}${pad}  ${JSON.stringify(keys[i])}: `;
      yield* pretty(record[keys[i]!], depth + 1);
    }
    yield `${pad}}`;
  }
}

/** Lists and objects this deep and deeper are written whole (a compliance row, a statement version). */
const SPLIT_DEPTH = 3;

/**
 * The report as JSON text, in parts: the rest of the report pretty-printed around the activity
 * rows, which are one compact line each. The rest is written as `JSON.stringify(report, null, 2)`
 * writes it, in chunks (`pretty`).
 */
export const jsonParts: ReportParts<undefined> = {
  measure: () => NO_MEASURE,
  *head(report) {
    const keys = members(report);
    const at = keys.indexOf('activity');
    for (let i = 0; i < at; i++) yield* member(report, keys[i]!, i);
    yield escapeInvisible(`${at === 0 ? '{\n' : ',\n'}  "activity": [`);
  },
  row: (row, index) => escapeInvisible(`${index === 0 ? '\n' : ',\n'}    ${JSON.stringify(row)}`),
  *tail(report, rows) {
    yield rows ? '\n  ]' : ']';
    const keys = members(report);
    for (let i = keys.indexOf('activity') + 1; i < keys.length; i++) yield* member(report, keys[i]!, i);
    yield '\n}\n';
  },
};

/** The members JSON.stringify writes: those whose value is not undefined. */
const members = (report: Report): string[] =>
  Object.keys(report).filter((k) => (report as unknown as Record<string, unknown>)[k] !== undefined);

function* member(report: Report, key: string, index: number): Generator<string> {
  yield escapeInvisible(`${index === 0 ? '{\n' : ',\n'}  ${JSON.stringify(key)}: `);
  for (const chunk of pretty((report as unknown as Record<string, unknown>)[key], 1)) yield escapeInvisible(chunk);
}

export const renderJson = (report: Report): string => renderWhole(jsonParts, report);
