/**
 * Text that came from a playbook, a fact or a log entry is shown with every control, format and
 * bidi character escaped visibly. "approved: NO\rapproved: YES" must not print as "approved: YES",
 * and a right-to-left override must not reorder what a clerk reads.
 *
 * The escaping is unambiguous: a backslash in the text is shown as `\\`, so every backslash on
 * screen begins an escape, and a note that says `\e[31m` (shown `\\e[31m`) never prints like one
 * holding a real ESC (shown `\e[31m`). `readVisible` undoes it exactly. The price is that it must
 * be applied exactly once, where text is put into a line for a person; docs/escaping.md says
 * which layer does it for each output.
 */

// C0 (except \n and \t when allowed), DEL, C1, and the Unicode format characters that reorder or
// hide text: ALM, LRM/RLM, LRE..RLO, LRI..PDI, zero-width joiners/spaces, BOM, line/para separators.
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/gu;
const UNSAFE_OR_BACKSLASH =
  /[\\\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/gu;
const UNSAFE_LINE_OR_BACKSLASH = /[\\\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/gu;

/** The characters `visible` escapes (newlines, tabs and backslashes aside), each with where it is. */
export function unsafeCharacters(text: string): { index: number; char: string }[] {
  return [...text.matchAll(UNSAFE)].map((m) => ({ index: m.index, char: m[0] }));
}

/** True when one line of text has no control, format or bidi character (a backslash is fine). */
export function isPlainLine(text: string): boolean {
  return !/[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/u.test(text);
}

/** `U+202E`: how a character is named in messages. */
export const codePoint = (ch: string) => `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

const NAMED: Record<string, string> = {
  '\\': '\\\\',
  '\r': '\\r',
  '\x1b': '\\e',
  '\b': '\\b',
  '\0': '\\0',
  '\n': '\\n',
  '\t': '\\t',
};

function escapeChar(ch: string): string {
  const named = NAMED[ch];
  if (named !== undefined) return named;
  const code = ch.codePointAt(0)!;
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u{${code.toString(16)}}`;
}

/**
 * Escape for display, once. By default newlines and tabs are kept (a note may have paragraphs);
 * `singleLine` escapes them too, for table cells and one-line summaries.
 */
export function visible(text: string, options: { singleLine?: boolean } = {}): string {
  return text.replace(options.singleLine ? UNSAFE_LINE_OR_BACKSLASH : UNSAFE_OR_BACKSLASH, escapeChar);
}

/** Text from a playbook, a fact or the log, escaped and on one line: for table cells and one-line summaries. */
export function oneLine(text: string): string {
  return visible(text, { singleLine: true });
}

const UNNAMED: Record<string, string> = { '\\': '\\', r: '\r', e: '\x1b', b: '\b', '0': '\0', n: '\n', t: '\t' };

/**
 * The text `visible` was given, from what it showed: the proof that the escaping is unambiguous
 * (a property test holds the two to it), and a way for a reader's tool to get the original back.
 */
export function readVisible(shown: string): string {
  return shown.replace(
    /\\(?:x([0-9a-f]{2})|u\{([0-9a-f]{1,6})\}|(.))/gsu,
    (all, hex?: string, uni?: string, ch?: string) => {
      if (hex !== undefined || uni !== undefined) return String.fromCodePoint(parseInt((hex ?? uni)!, 16));
      return UNNAMED[ch!] ?? all;
    },
  );
}
