/**
 * Checking one line of a log on its own: canonical JSON, the envelope's fields, the link to the
 * previous entry and the entry's own hash. Used for every line by the verifier, for the last line
 * by the tail reader, and on every freshly built entry before it is written.
 *
 * Speed matters (a million lines must verify within 3× `sha256sum`): the line is checked in place
 * by the canonical scanner and never parsed into an object; the results of the last successful
 * check are left in module variables rather than returned in a fresh object per line.
 */
import { hash } from 'node:crypto';
import { members, scanCanonicalObject } from './scan.js';

/** Domain separation: an entry's hash can never be mistaken for another kind of digest. */
export const HASH_PREFIX = 'cic-log-v1\n';
export const GENESIS_PREFIX = 'cic-genesis-v1\n';
/**
 * The largest line (without its newline) the store writes or accepts. A `statement.drafted` entry
 * holds the draft's whole text (at most STATEMENT_TEXT_MAX characters, src/core/statements/text.ts):
 * even escaped at 6 bytes a character it fits with its facts. Bounded, so that a reader never
 * holds more than this of one damaged line.
 */
export const MAX_LINE_BYTES = 262144;

// Envelope keys in canonical (sorted) order; `clock` and `stated_at` are optional.
const KEYS = ['actor', 'at', 'clock', 'data', 'hash', 'incident', 'prev', 'seq', 'stated_at', 'type', 'v'] as const;
const QUOTED = KEYS.map((k) => `"${k}"`);
const K = Object.fromEntries(KEYS.map((k, n) => [k, n])) as Record<(typeof KEYS)[number], number>;

/** `prev` of entry 0: binds the incident id and the SHA-256 of its frozen playbook. */
export function genesisOf(incident: string, playbookSha256: string): string {
  return hash('sha256', `${GENESIS_PREFIX}${incident}\n${playbookSha256}`, 'hex');
}

/** Where each envelope member's value is in the line just scanned (-1 = absent). */
const at = new Int32Array(KEYS.length * 2);

/** After a successful `checkLine`: the line's own hash, seq and whether it is simulated. */
export let lastHash = '';
export let lastSeq = -1;
export let lastSimulated = false;

// Small helpers over the member positions, as top-level functions. Comparisons slice and use ===,
// which V8 does several times faster than startsWith at an offset.
function span(line: string, k: number): string {
  return line.slice(at[2 * k]!, at[2 * k + 1]!);
}
function spanIs(line: string, k: number, expected: string): boolean {
  const a = at[2 * k]!;
  return at[2 * k + 1]! - a === expected.length && line.slice(a, a + expected.length) === expected;
}
/** The member is the string `"<expected>"` (expected has no characters that need escaping). */
function spanIsString(line: string, k: number, expected: string): boolean {
  const a = at[2 * k]!;
  return (
    at[2 * k + 1]! - a === expected.length + 2 &&
    line.charCodeAt(a) === 0x22 &&
    line.slice(a + 1, a + 1 + expected.length) === expected
  );
}
function kind(line: string, k: number): number {
  return line.charCodeAt(at[2 * k]!);
}
/** The member as a non-negative integer (canonical digits), or -1. */
function spanInt(line: string, k: number): number {
  const a = at[2 * k]!;
  const b = at[2 * k + 1]!;
  if (b - a > 16 || b === a) return -1;
  let n = 0;
  for (let p = a; p < b; p++) {
    const d = line.charCodeAt(p) - 0x30;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return Number.isSafeInteger(n) ? n : -1;
}

/**
 * Check one line's envelope, chain link and hash; the problem in words, or undefined. `seq` and
 * `prev` are what the chain expects; left undefined (reading only the tail), seq is read from the
 * line and only the entry's own hash is checked.
 */
export function checkLine(
  line: string,
  incident: string,
  seq: number | undefined,
  prev: string | undefined,
  plain = false,
): string | undefined {
  // locateMembers below holds the top-level keys to KEYS, in order: the scanner need not.
  const bad = scanCanonicalObject(line, plain, true);
  if (bad) return `not canonical JSON (${bad})`;
  const wrong = locateMembers(line);
  if (wrong) return wrong;

  if (!spanIs(line, K.v, '1')) return `format version v is ${clip(span(line, K.v))}, not 1`;
  if (!spanIsString(line, K.incident, incident))
    return `belongs to incident ${clip(span(line, K.incident))}, not "${incident}"`;
  const n = spanInt(line, K.seq);
  if (seq === undefined ? n < 0 : n !== seq) {
    return seq === undefined
      ? `seq is ${clip(span(line, K.seq))}, not a sequence number`
      : `seq is ${clip(span(line, K.seq))} where ${seq} was expected: an entry is missing, repeated or out of order`;
  }
  if (kind(line, K.actor) !== 0x7b) return 'actor is not an object';
  if (kind(line, K.data) !== 0x7b) return 'data is not an object';
  if (kind(line, K.at) !== 0x22 || kind(line, K.type) !== 0x22) return 'at and type must be strings';
  if (at[2 * K.stated_at]! >= 0 && kind(line, K.stated_at) !== 0x22) return 'stated_at must be a string';
  const simulated = at[2 * K.clock]! >= 0;
  if (simulated && !spanIsString(line, K.clock, 'simulated'))
    return `clock is ${clip(span(line, K.clock))}, not "simulated"`;
  if (prev !== undefined && seq !== undefined && !spanIsString(line, K.prev, prev)) {
    return seq === 0
      ? 'prev is not the genesis value for this incident and its frozen playbook: the log was rewritten, or playbook.yaml is not the one the incident was opened with'
      : `prev does not match the hash of entry #${seq - 1}: the chain is broken (an entry was changed, removed or inserted before this one)`;
  }
  const h0 = at[2 * K.hash]!;
  const h1 = at[2 * K.hash + 1]!;
  if (h1 - h0 !== 66) return 'hash is not a SHA-256 hex digest';
  // The canonical entry without `hash` is the line without that member and one comma: JCS of a
  // subset of the members is the same text minus those members.
  const keyStart = members.keyStart[hashMember]!;
  const without =
    hashMember + 1 < members.count
      ? line.slice(0, keyStart) + line.slice(h1 + 1)
      : line.slice(0, keyStart - 1) + line.slice(h1);
  const digest = hash('sha256', HASH_PREFIX + without, 'hex');
  if (line.slice(h0 + 1, h0 + 65) !== digest)
    return 'hash does not match the entry: it was changed after it was written';
  lastHash = digest;
  lastSeq = n;
  lastSimulated = simulated;
  return undefined;
}

let hashMember = -1;

/** Map the scanned top-level members onto the envelope keys; a problem if one is unknown or missing. */
function locateMembers(line: string): string | undefined {
  at[2 * K.clock] = -1;
  at[2 * K.stated_at] = -1;
  let j = 0;
  for (let m = 0; m < members.count; m++) {
    const ks = members.keyStart[m]!;
    const kl = members.keyEnd[m]! - ks;
    while (j < KEYS.length && !keyIs(line, ks, kl, j)) {
      if (j !== K.clock && j !== K.stated_at) return memberProblem(line, ks, kl, j);
      j++;
    }
    if (j === KEYS.length) return memberProblem(line, ks, kl, j);
    if (j === K.hash) hashMember = m;
    at[2 * j] = members.valueStart[m]!;
    at[2 * j + 1] = members.valueEnd[m]!;
    j++;
  }
  for (; j < KEYS.length; j++) if (j !== K.clock && j !== K.stated_at) return `${KEYS[j]} is missing`;
  return undefined;
}

/** Why the member at `ks` is not envelope key `j` (or later): misplaced, unknown, or `j` missing. */
function memberProblem(line: string, ks: number, kl: number, j: number): string {
  const key = line.slice(ks, ks + kl);
  if (!QUOTED.includes(key)) return `unknown field ${clip(key)}`;
  const present = (k: number) =>
    Array.from({ length: members.count }, (_, m) => m).some((m) =>
      keyIs(line, members.keyStart[m]!, members.keyEnd[m]! - members.keyStart[m]!, k),
    );
  if (j < KEYS.length && !present(j)) return `${KEYS[j]} is missing`;
  return 'not canonical JSON (keys not in canonical order, or repeated)';
}

/** The quoted key at `ks` (length `kl`) is envelope key `j`. */
function keyIs(line: string, ks: number, kl: number, j: number): boolean {
  const q = QUOTED[j]!;
  if (q.length !== kl) return false;
  for (let p = 1; p < kl - 1; p++) if (line.charCodeAt(ks + p) !== q.charCodeAt(p)) return false;
  return true;
}

function clip(text: string): string {
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
