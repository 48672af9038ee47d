/**
 * Verifying a log (DESIGN §4): every line must be the canonical form of an entry whose `seq` is
 * its line index, whose `prev` is the previous entry's hash (the genesis value for seq 0) and whose
 * `hash` matches its content. Pure and streaming: lines go in one at a time, the report comes out.
 *
 * A crash can only leave a torn *last* line (unterminated, or not JSON at all); that is named as a
 * torn tail, which `cic verify --repair` may quarantine. Anything else is damage: reported at the
 * first bad seq, never repaired.
 *
 * Speed (≤ 3× `sha256sum` for a million entries): lines are checked in place by the canonical
 * scanner, never parsed into objects, and hashed with one-shot `crypto.hash`.
 */
import { isAscii, isUtf8 } from 'node:buffer';
import { hash } from 'node:crypto';
import type { Head, TornTail, VerifyReport } from './envelope.js';
import { checkLine, genesisOf, lastHash, lastSimulated, MAX_LINE_BYTES } from './line.js';

export { checkLine, genesisOf, GENESIS_PREFIX, HASH_PREFIX, MAX_LINE_BYTES } from './line.js';

/** `seq:hash`, the digest a clerk records. */
export function formatHead(head: Head): string {
  return `${head.seq}:${head.hash}`;
}

/** Parse a recorded digest `SEQ:HASH`; undefined when it is not one. */
export function parseAnchor(text: string): Head | undefined {
  const m = /^(-1|0|[1-9]\d{0,15}):([0-9a-f]{64})$/.exec(text.trim().toLowerCase());
  return m ? { seq: Number(m[1]), hash: m[2]! } : undefined;
}

export interface VerifyOptions {
  incident: string;
  /** SHA-256 of the frozen playbook.yaml, bound into the genesis value. */
  playbookSha256: string;
  /** A digest recorded earlier that the log must still extend. */
  anchor?: Head;
  /** Called with each verified line and its seq (readAll parses them). */
  onEntry?: (line: string, seq: number) => void;
  /**
   * Start after entries already verified (a scan continued under the lock, or a checkpoint): the
   * lines from byte `offset` on are checked to extend `head`; `simulated` counts those before.
   */
  from?: Resume;
}

/** Where a verification continues: after entry `head.seq`, whose line ends just before `offset`. */
export interface Resume {
  offset: number;
  head: Head;
  simulated: number;
}

/** Where a report's verified entries end, to continue from there (a torn tail seen without the lock). */
export function resumeAfter(report: VerifyReport): Resume {
  return { offset: report.torn_tail?.offset ?? 0, head: report.head, simulated: report.simulated };
}

/**
 * The streaming verifier. Feed every line in order with its byte length, then ask for the report.
 * `totalBytes` (the file size) tells it whether a bad line is the last one.
 */
export class ChainVerifier {
  private readonly genesis: string;
  private seq = 0;
  private prev: string;
  private offset = 0;
  private simulated = 0;
  private bad: { seq: number; problem: string; offset: number; torn: boolean } | undefined;

  constructor(
    private readonly options: VerifyOptions,
    private readonly totalBytes: number,
  ) {
    this.genesis = genesisOf(options.incident, options.playbookSha256);
    this.prev = this.genesis;
    if (options.from) {
      this.seq = options.from.head.seq + 1;
      this.prev = options.from.head.hash;
      this.offset = options.from.offset;
      this.simulated = options.from.simulated;
    }
  }

  /** One line (without its newline). Returns false once the outcome is settled: stop feeding. */
  line(text: string, bytes: number, terminated: boolean, validUtf8 = true, plain = false): boolean {
    const start = this.offset;
    this.offset += bytes + (terminated ? 1 : 0);
    if (!terminated) return this.fail(start, 'the last line has no newline at its end', true);
    if (bytes > MAX_LINE_BYTES)
      return this.fail(start, `the line is ${bytes} bytes, over the ${MAX_LINE_BYTES}-byte limit`, true);
    if (!validUtf8) return this.fail(start, 'the line is not valid UTF-8', true);
    const problem = checkLine(text, this.options.incident, this.seq, this.prev, plain);
    // A crash leaves a prefix of a line: never valid JSON. A whole line that is JSON is no crash.
    if (problem) return this.fail(start, problem, !isJson(text));
    const anchor = this.options.anchor;
    if (anchor && anchor.seq === this.seq && anchor.hash !== lastHash) {
      return this.fail(
        start,
        `the hash differs from the anchor ${anchor.seq}:${anchor.hash.slice(0, 12)}…: the log was rewritten from here on (or the anchor is from another incident)`,
        false,
      );
    }
    if (lastSimulated) this.simulated++;
    this.options.onEntry?.(text, this.seq);
    this.prev = lastHash;
    this.seq++;
    return true;
  }

  /** Record the first bad line; it is a torn tail only if it is the last line and could be a crash's. */
  private fail(offset: number, problem: string, crashLike: boolean): false {
    this.bad = { seq: this.seq, problem, offset, torn: crashLike && this.offset >= this.totalBytes };
    return false;
  }

  report(tornSha256: (offset: number, length: number) => string): VerifyReport {
    const head: Head = { seq: this.seq - 1, hash: this.prev };
    const base = { incident: this.options.incident, entries: this.seq, head, simulated: this.simulated };
    const anchor = this.options.anchor;
    const anchorResult = anchor ? { anchor: { ...anchor, ok: anchorHolds(anchor, head, this.genesis) } } : {};
    if (this.bad) {
      const { seq, offset, torn } = this.bad;
      if (torn) {
        const length = this.totalBytes - offset;
        const tail: TornTail = { offset, length, sha256: tornSha256(offset, length) };
        const after = seq === 0 ? 'at the start of the log' : `after entry #${seq - 1}`;
        return {
          ok: false,
          ...base,
          first_bad_seq: seq,
          ...anchorResult,
          torn_tail: tail,
          problem: `torn tail: the last ${length} bytes (offset ${offset}, ${after}) are not a complete entry (${this.bad.problem}): what a crash during a write leaves, not an altered entry`,
        };
      }
      return { ok: false, ...base, first_bad_seq: seq, ...anchorResult, problem: `entry #${seq}: ${this.bad.problem}` };
    }
    if (anchor && !anchorHolds(anchor, head, this.genesis)) {
      const problem =
        anchor.seq > head.seq
          ? `the log ends at entry #${head.seq} but the anchor is at #${anchor.seq}: entries were removed from the end (the log was truncated)`
          : `the log does not start from the anchor's genesis value: it was rewritten (or the anchor is from another incident)`;
      return { ok: false, ...base, first_bad_seq: Math.min(anchor.seq, head.seq + 1), ...anchorResult, problem };
    }
    return { ok: true, ...base, first_bad_seq: null, problem: null, ...anchorResult };
  }
}

function anchorHolds(anchor: Head, head: Head, genesis: string): boolean {
  if (anchor.seq === -1) return anchor.hash === genesis;
  return anchor.seq <= head.seq; // the hash at anchor.seq was compared as it went by
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** Verify a whole log held in memory (bytes, text, or lines that each end with a newline). */
export function verifyLog(input: Uint8Array | string | readonly string[], options: VerifyOptions): VerifyReport {
  const bytes =
    typeof input === 'string'
      ? Buffer.from(input)
      : Array.isArray(input)
        ? Buffer.from(input.map((l) => `${l}\n`).join(''))
        : Buffer.from(input as Uint8Array);
  return verifyBytes(bytes, options);
}

/** Verify a whole log's bytes in place. */
export function verifyBytes(bytes: Buffer, options: VerifyOptions): VerifyReport {
  const verifier = new ChainVerifier(options, bytes.length);
  feedLines(verifier, bytes, 0, bytes.length, true);
  return verifier.report((offset, length) => hash('sha256', bytes.subarray(offset, offset + length), 'hex'));
}

/**
 * Feed the lines of `buf[start, end)` to the verifier. Returns the offset where an unterminated
 * remainder starts (to carry into the next chunk), or -1 when the verifier has stopped. With
 * `final`, the remainder is fed as an unterminated last line.
 */
export function feedLines(verifier: ChainVerifier, buf: Buffer, start: number, end: number, final: boolean): number {
  let pos = start;
  const lastNl = buf.lastIndexOf(10, end - 1);
  if (lastNl >= start) {
    const region = buf.subarray(start, lastNl);
    const plain = isPlain(region);
    if (isAscii(region)) {
      // The common case: decode the whole chunk once; a character is a byte, so offsets agree.
      const text = buf.toString('latin1', start, lastNl + 1);
      let p = 0;
      for (;;) {
        const nl = text.indexOf('\n', p);
        if (nl < 0) break;
        if (!verifier.line(text.slice(p, nl), nl - p, true, true, plain)) return -1;
        p = nl + 1;
      }
      pos = start + p;
    } else {
      const allValid = isUtf8(region);
      while (pos < end) {
        const nl = buf.indexOf(10, pos);
        if (nl < 0 || nl >= end) break;
        const ok = allValid || isUtf8(buf.subarray(pos, nl));
        if (!verifier.line(buf.toString('utf8', pos, nl), nl - pos, true, ok, plain)) return -1;
        pos = nl + 1;
      }
    }
  }
  if (final && pos < end) {
    verifier.line(buf.toString('utf8', pos, end), end - pos, false, isUtf8(buf.subarray(pos, end)));
    return -1;
  }
  return pos;
}

/**
 * No control byte other than newline and no backslash anywhere in `bytes`: then no string in
 * these lines has an escape. One native byte search per value beats a character loop.
 */
function isPlain(bytes: Buffer): boolean {
  if (bytes.indexOf(0x5c) >= 0) return false;
  for (let b = 0; b < 0x20; b++) if (b !== 10 && bytes.indexOf(b) >= 0) return false;
  return true;
}
