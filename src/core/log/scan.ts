/**
 * A one-pass checker for RFC 8785 canonical JSON text, used by `cic verify` on every line. It
 * accepts a line exactly when `canonicalize(JSON.parse(line)) === line` (property-tested against
 * the `canonicalize` package), but allocates almost nothing and never builds the parsed value, so a
 * million-entry log verifies at close to hashing speed (docs/design.md#budgets). It also records where each
 * top-level member's key and value sit, so the verifier can read `seq`, `prev` and `hash` in place.
 */

/** Where the top-level members of the last scanned line are (parallel arrays, `count` used). */
export interface Members {
  count: number;
  keyStart: number[];
  keyEnd: number[];
  valueStart: number[];
  valueEnd: number[];
}

let s = '';
let i = 0;
let problem = '';
let sawEscape = false;
let depth = 0;
/** The line has no backslash, control character or surrogate: strings end at the next quote. */
let plain = false;
/** The caller matches the top-level keys against a fixed sorted list itself (the log envelope). */
let skipTopOrder = false;
const MAX_DEPTH = 64;
const SPECIAL = /[\u0000-\u001f\\\ud800-\udfff]/;

export const members: Members = { count: 0, keyStart: [], keyEnd: [], valueStart: [], valueEnd: [] };

/**
 * Scan `text` as one canonical JSON object. Returns undefined when it is canonical (the member
 * positions are then in `members`), else a short description of the first problem. `plainHint`:
 * the caller already knows the text has no backslash and no control character (it checked the
 * bytes of a whole chunk at once), so strings need only their closing quote found.
 * `topOrderChecked`: the caller checks the top-level keys against its own sorted list of exactly
 * the keys allowed, which implies their canonical order.
 */
export function scanCanonicalObject(text: string, plainHint = false, topOrderChecked = false): string | undefined {
  s = text;
  i = 0;
  problem = '';
  depth = 0;
  members.count = 0;
  // The common case, checked natively: nothing in any string needs more than finding its end.
  plain = plainHint || !SPECIAL.test(text);
  skipTopOrder = topOrderChecked;
  if (s.charCodeAt(0) !== 0x7b) return 'not a JSON object';
  if (!object(true)) return problem;
  if (i !== s.length) return at('text after the end of the object');
  return undefined;
}

function at(what: string): string {
  problem = `${what} at column ${i + 1}`;
  return problem;
}

function fail(what: string): false {
  at(what);
  return false;
}

function value(): boolean {
  const c = s.charCodeAt(i);
  if (c === 0x22) return string();
  if (c === 0x7b) return object(false);
  if (c === 0x5b) return array();
  if (c === 0x2d || (c >= 0x30 && c <= 0x39)) return number();
  if (c === 0x74) return literal('true');
  if (c === 0x66) return literal('false');
  if (c === 0x6e) return literal('null');
  if (Number.isNaN(c)) return fail('unexpected end');
  if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) return fail('whitespace (not canonical)');
  return fail('unexpected character');
}

function literal(word: string): boolean {
  if (!s.startsWith(word, i)) return fail('unexpected character');
  i += word.length;
  return true;
}

function number(): boolean {
  const start = i;
  if (s.charCodeAt(i) === 0x2d) i++;
  let c = s.charCodeAt(i);
  if (c === 0x30) i++;
  else if (c >= 0x31 && c <= 0x39) while ((c = s.charCodeAt(++i)) >= 0x30 && c <= 0x39);
  else return fail('bad number');
  c = s.charCodeAt(i);
  // A plain integer of at most 15 digits prints as itself (all but -0): the common case, no allocation.
  if (
    c !== 0x2e &&
    c !== 0x65 &&
    c !== 0x45 &&
    i - start <= 15 &&
    !(i - start === 2 && s.charCodeAt(start) === 0x2d && s.charCodeAt(start + 1) === 0x30)
  ) {
    return true;
  }
  if (s.charCodeAt(i) === 0x2e) {
    c = s.charCodeAt(++i);
    if (!(c >= 0x30 && c <= 0x39)) return fail('bad number');
    while ((c = s.charCodeAt(++i)) >= 0x30 && c <= 0x39);
  }
  c = s.charCodeAt(i);
  if (c === 0x65 || c === 0x45) {
    c = s.charCodeAt(++i);
    if (c === 0x2b || c === 0x2d) c = s.charCodeAt(++i);
    if (!(c >= 0x30 && c <= 0x39)) return fail('bad number');
    while ((c = s.charCodeAt(++i)) >= 0x30 && c <= 0x39);
  }
  // Canonical numbers are exactly what ECMAScript prints (RFC 8785 §3.2.2.3); -0 prints as 0.
  const token = s.slice(start, i);
  if (String(Number(token)) !== token) {
    i = start;
    return fail('number not in canonical form');
  }
  return true;
}

function hex(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  return -1; // upper-case hex is not canonical either
}

/** A string as JSON.stringify writes it: only the short escapes, \u00xx for other controls. */
function string(): boolean {
  if (plain) {
    const end = s.indexOf('"', i + 1);
    if (end < 0) {
      i = s.length;
      return fail('unterminated string');
    }
    i = end + 1;
    return true;
  }
  i++;
  for (;;) {
    const c = s.charCodeAt(i);
    if (c === 0x22) {
      i++;
      return true;
    }
    if (c === 0x5c) {
      sawEscape = true;
      const e = s.charCodeAt(i + 1);
      if (e === 0x22 || e === 0x5c || e === 0x62 || e === 0x66 || e === 0x6e || e === 0x72 || e === 0x74) {
        i += 2;
        continue;
      }
      if (e === 0x75) {
        const code =
          (hex(s.charCodeAt(i + 2)) << 12) |
          (hex(s.charCodeAt(i + 3)) << 8) |
          (hex(s.charCodeAt(i + 4)) << 4) |
          hex(s.charCodeAt(i + 5));
        const ok =
          s.charCodeAt(i + 2) === 0x30 &&
          s.charCodeAt(i + 3) === 0x30 &&
          hex(s.charCodeAt(i + 4)) >= 0 &&
          hex(s.charCodeAt(i + 5)) >= 0 &&
          code < 0x20 &&
          code !== 0x08 &&
          code !== 0x09 &&
          code !== 0x0a &&
          code !== 0x0c &&
          code !== 0x0d;
        if (!ok) return fail('escape not in canonical form');
        i += 6;
        continue;
      }
      return fail('escape not in canonical form');
    }
    if (Number.isNaN(c)) return fail('unterminated string');
    if (c < 0x20) return fail('raw control character in a string');
    if (c >= 0xd800 && c <= 0xdfff) {
      const d = s.charCodeAt(i + 1);
      if (c > 0xdbff || !(d >= 0xdc00 && d <= 0xdfff)) return fail('lone surrogate');
      i += 2;
      continue;
    }
    i++;
  }
}

/** Compare two keys (as written, with their quotes) by UTF-16 code units of their decoded text. */
function compareKeys(a0: number, a1: number, b0: number, b1: number, escaped: boolean): number {
  if (escaped) {
    const a = JSON.parse(s.slice(a0, a1)) as string;
    const b = JSON.parse(s.slice(b0, b1)) as string;
    return a < b ? -1 : a > b ? 1 : 0;
  }
  const la = a1 - a0;
  const lb = b1 - b0;
  const n = la < lb ? la : lb;
  for (let k = 1; k < n - 1; k++) {
    const d = s.charCodeAt(a0 + k) - s.charCodeAt(b0 + k);
    if (d !== 0) return d;
  }
  return la - lb;
}

function object(top: boolean): boolean {
  if (++depth > MAX_DEPTH) return fail('nested too deeply');
  i++;
  if (s.charCodeAt(i) === 0x7d) {
    i++;
    depth--;
    return true;
  }
  let prevStart = -1;
  let prevEnd = -1;
  let prevEscaped = false;
  for (;;) {
    if (s.charCodeAt(i) !== 0x22)
      return fail(s.charCodeAt(i) === 0x20 ? 'whitespace (not canonical)' : 'expected a key');
    const keyStart = i;
    sawEscape = false;
    if (!string()) return false;
    const keyEnd = i;
    const escaped = sawEscape;
    if (
      prevStart >= 0 &&
      !(top && skipTopOrder) &&
      compareKeys(prevStart, prevEnd, keyStart, keyEnd, escaped || prevEscaped) >= 0
    ) {
      i = keyStart;
      return fail('keys not in canonical order (or repeated)');
    }
    if (s.charCodeAt(i) !== 0x3a) return fail('expected ":"');
    i++;
    const valueStart = i;
    if (!value()) return false;
    if (top) {
      const n = members.count++;
      members.keyStart[n] = keyStart;
      members.keyEnd[n] = keyEnd;
      members.valueStart[n] = valueStart;
      members.valueEnd[n] = i;
    }
    prevStart = keyStart;
    prevEnd = keyEnd;
    prevEscaped = escaped;
    const c = s.charCodeAt(i);
    if (c === 0x2c) {
      i++;
      continue;
    }
    if (c === 0x7d) {
      i++;
      depth--;
      return true;
    }
    return fail(Number.isNaN(c) ? 'unexpected end' : 'expected "," or "}"');
  }
}

function array(): boolean {
  if (++depth > MAX_DEPTH) return fail('nested too deeply');
  i++;
  if (s.charCodeAt(i) === 0x5d) {
    i++;
    depth--;
    return true;
  }
  for (;;) {
    if (!value()) return false;
    const c = s.charCodeAt(i);
    if (c === 0x2c) {
      i++;
      continue;
    }
    if (c === 0x5d) {
      i++;
      depth--;
      return true;
    }
    return fail(Number.isNaN(c) ? 'unexpected end' : 'expected "," or "]"');
  }
}
