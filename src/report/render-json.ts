/**
 * The report as JSON: the `Report` itself, pretty-printed, valid against
 * `schemas/report.schema.json`. JSON's own escaping covers C0 controls; the invisible and
 * reordering characters it leaves raw (DEL, C1, bidi overrides, zero-width and line/paragraph
 * separators, BOM) are written as `\uXXXX` too, so the file reads honestly in a terminal or an
 * editor while `JSON.parse` gives back exactly the same text.
 */
import type { Report } from './model.js';

const INVISIBLE = /[\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g;

export function renderJson(report: Report): string {
  const text = JSON.stringify(report, null, 2).replace(INVISIBLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return text + '\n';
}
