/**
 * Escaping for the HTML report and its inline SVG: control and bidi characters made visible
 * first (a right-to-left override must not reorder what a clerk reads), then the five characters
 * that matter in text and in quoted attribute values.
 */
import { visible, oneLine } from '../text/visible.js';

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

// Most values need nothing; one test is cheaper than two replacements over a 100,000-row log.
// They must cover every character `visible()` escapes, the backslash included (a test walks every
// code point).
const QUIET = /^[^&<>"'\\\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]*$/;
const QUIET_LINE = /^[^&<>"'\\\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]*$/;

/** Text or a double-quoted attribute value. Newlines are kept (CSS decides how they show). */
export function esc(value: string | number): string {
  const text = String(value);
  return QUIET.test(text) ? text : visible(text).replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

/** The same, on one line (newlines and tabs shown as `\n`, `\t`): for titles and attributes. */
export function escLine(value: string | number): string {
  const text = String(value);
  return QUIET_LINE.test(text) ? text : oneLine(text).replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}
