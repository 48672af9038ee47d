/**
 * Text that came from a playbook, a fact or a log entry is shown with every control, format and
 * bidi character escaped visibly. "approved: NO\rapproved: YES" must not print as "approved: YES",
 * and a right-to-left override must not reorder what a clerk reads.
 */

// C0 (except \n and \t when allowed), DEL, C1, and the Unicode format characters that reorder or
// hide text: ALM, LRM/RLM, LRE..RLO, LRI..PDI, zero-width joiners/spaces, BOM, line/para separators.
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/gu;

/** The characters `visible` escapes (newlines and tabs aside), each with where it is. */
export function unsafeCharacters(text: string): { index: number; char: string }[] {
  return [...text.matchAll(UNSAFE)].map((m) => ({ index: m.index, char: m[0] }));
}

/** `U+202E`: how a character is named in messages. */
export const codePoint = (ch: string) => `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

function escapeChar(ch: string): string {
  const code = ch.codePointAt(0)!;
  switch (ch) {
    case '\r':
      return '\\r';
    case '\x1b':
      return '\\e';
    case '\b':
      return '\\b';
    case '\0':
      return '\\0';
    default:
      return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u{${code.toString(16)}}`;
  }
}

/**
 * Escape for display. By default newlines and tabs are kept (a note may have paragraphs);
 * `singleLine` escapes them too, for table cells and one-line summaries.
 */
export function visible(text: string, options: { singleLine?: boolean } = {}): string {
  let out = text.replace(UNSAFE, escapeChar);
  if (options.singleLine) out = out.replace(/\n/g, '\\n').replace(/\t/g, '\\t');
  return out;
}

/** Text from a playbook, a fact or the log, escaped and on one line: for table cells and one-line summaries. */
export function oneLine(text: string): string {
  return visible(text, { singleLine: true });
}
