/**
 * Checks on a playbook's bytes and characters, before any YAML parsing: size, UTF-8, and
 * characters that have no business in a plan a clerk must be able to read.
 *
 * - A leading byte order mark is accepted and dropped (Windows editors write one; YAML 1.2 allows
 *   it), so positions and the frozen copy are the same with or without it. One anywhere else is
 *   an error.
 * - CRLF line endings are accepted; a bare CR (old Mac line endings) is not, because positions
 *   would then disagree between editors.
 * - C0/C1 control characters other than tab, LF and CR, DEL, noncharacters and lone surrogates
 *   are errors (YAML 1.2 excludes them). So are the bidirectional controls that can make text
 *   read differently from how it parses ("Trojan Source").
 */
import { LineIndex, type Finding } from './locate.js';

/** Playbooks (and template files) are at most this big. The bundled one is ~30 kB. */
export const MAX_BYTES = 1024 * 1024;

/** After this many character problems the rest are counted, not listed. */
const MAX_LISTED = 20;

export interface Decoded {
  text?: string;
  problems: Finding[];
}

export function tooLarge(size: number, what = 'a playbook'): Finding {
  return {
    line: 1,
    col: 1,
    message: `the file is ${size.toLocaleString('en-US')} bytes; ${what} may be at most 1 MiB (${MAX_BYTES.toLocaleString('en-US')} bytes)`,
  };
}

/** Decode UTF-8 bytes, refusing oversized files and invalid UTF-8 with a position. */
export function decodeBytes(bytes: Uint8Array, what = 'a playbook'): Decoded {
  if (bytes.length > MAX_BYTES) return { problems: [tooLarge(bytes.length, what)] };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes), problems: [] };
  } catch {
    if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
      return { problems: [{ line: 1, col: 1, message: 'the file is UTF-16; save it as UTF-8' }] };
    }
    const at = firstInvalidUtf8(bytes);
    const before = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes.subarray(0, at));
    const pos = new LineIndex(before).at(before.length);
    const byte = bytes[at]!.toString(16).padStart(2, '0');
    return {
      problems: [{ ...pos, message: `invalid UTF-8 (byte 0x${byte} at byte offset ${at}); save the file as UTF-8` }],
    };
  }
}

/** The offset of the first byte that does not belong to a well-formed UTF-8 sequence. */
export function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const x = b[i]!;
    if (x < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (x >= 0xc2 && x <= 0xdf) need = 1;
    else if (x === 0xe0) ((need = 2), (lo = 0xa0));
    else if ((x >= 0xe1 && x <= 0xec) || x === 0xee || x === 0xef) need = 2;
    else if (x === 0xed) ((need = 2), (hi = 0x9f));
    else if (x === 0xf0) ((need = 3), (lo = 0x90));
    else if (x >= 0xf1 && x <= 0xf3) need = 3;
    else if (x === 0xf4) ((need = 3), (hi = 0x8f));
    else return i;
    for (let k = 1; k <= need; k++) {
      const y = b[i + k];
      const [min, max] = k === 1 ? [lo, hi] : [0x80, 0xbf];
      if (y === undefined || y < min || y > max) return i;
    }
    i += need + 1;
  }
  return b.length;
}

// Everything YAML 1.2 does not call printable, plus the bidi controls. Tab, LF and CR are allowed
// here (a bare CR is caught separately).
const FORBIDDEN =
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\ufeff\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]|\r(?!\n)/gu;

function describe(ch: string, what: string): string {
  if (ch === '\0') return `a NUL byte (U+0000) is not allowed in ${what}; is this a text file?`;
  if (ch === '\r')
    return 'a carriage return without a line feed is not allowed (old Mac line endings); save the file with LF or CRLF line endings';
  if (ch === '\ufeff') return 'a byte order mark (U+FEFF) is allowed only at the start of the file';
  const code = ch.codePointAt(0)!;
  const hex = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  let kind = `a control character (${hex})`;
  if ((code >= 0x202a && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069)) {
    kind = `an invisible bidirectional control character (${hex}), which can make text read differently from how it parses,`;
  } else if (code >= 0xd800 && code <= 0xdfff) kind = `a lone surrogate (${hex})`;
  else if (code === 0xfffe || code === 0xffff) kind = `a noncharacter (${hex})`;
  return `${kind} is not allowed in ${what}`;
}

/**
 * Drop a leading BOM and report every forbidden character with its position. Returns the text to
 * parse (BOM removed).
 */
export function checkCharacters(input: string, what = 'a playbook'): { text: string; problems: Finding[] } {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  if (text.length > MAX_BYTES) {
    return {
      text,
      problems: [
        {
          line: 1,
          col: 1,
          message: `the text is ${text.length.toLocaleString('en-US')} characters; ${what} may be at most 1 MiB`,
        },
      ],
    };
  }
  const problems: Finding[] = [];
  let lines: LineIndex | undefined;
  let count = 0;
  for (const m of text.matchAll(FORBIDDEN)) {
    if (++count > MAX_LISTED) continue;
    lines ??= new LineIndex(text);
    problems.push({ ...lines.at(m.index), message: describe(m[0], what) });
  }
  if (count > MAX_LISTED) {
    const last = problems[problems.length - 1]!;
    problems.push({
      line: last.line,
      col: last.col,
      message: `… and ${count - MAX_LISTED} more characters like these; is this a text file?`,
    });
  }
  return { text, problems };
}
