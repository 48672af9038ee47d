/**
 * One entry of a log found by its seq without reading the log: entries are in seq order, one a
 * line, so a binary search over byte offsets finds it in about log2(entries) small positioned
 * reads. What a statement version's words cost a recording command (statement-texts.ts): the
 * same on a ten-entry log as on a million-entry one.
 *
 * Each line looked at is checked on its own (canonical, its own hash): a damaged line on the way
 * is IntegrityError, and the chain as a whole is `cic verify`'s to check.
 */
import { isUtf8 } from 'node:buffer';
import { IntegrityError } from '../../core/errors.js';
import { checkLine, lastSeq, MAX_LINE_BYTES } from '../../core/log/line.js';
import { readAt, type FsSeam } from './fs-seam.js';

const PROBE = 4096;

export interface LogLine {
  /** The line, without its newline. */
  text: string;
  seq: number;
  /** Its first byte, and the byte after its newline. */
  start: number;
  end: number;
}

/** The entry `seq` of the open log (of `size` bytes); IntegrityError if the log does not have it. */
export function entryLineAt(seam: FsSeam, fd: number, size: number, incident: string, seq: number): LogLine {
  // Invariant: the wanted line, if the log has it, starts in [lo, hi); lo is always a line start.
  let lo = 0;
  let hi = size;
  while (lo < hi) {
    const mid = lo + Math.floor((hi - lo) / 2);
    const start = lineStartFrom(seam, fd, size, mid);
    if (start >= hi) {
      // No line starts in [mid, hi): the lines from lo on are few, so read them in turn.
      for (let at = lo; at < hi;) {
        const line = lineAt(seam, fd, size, at, incident);
        if (line.seq === seq) return line;
        if (line.seq > seq) break;
        at = line.end;
      }
      break;
    }
    const line = lineAt(seam, fd, size, start, incident);
    if (line.seq === seq) return line;
    if (line.seq < seq) lo = line.end;
    else hi = start;
  }
  throw new IntegrityError(
    `the log of incident ${incident} has no entry #${seq}, which its kept state names`,
    `Run \`cic verify ${incident}\`.`,
  );
}

/** The first line start at or after `pos`: `pos` itself when it is 0 or follows a newline. */
function lineStartFrom(seam: FsSeam, fd: number, size: number, pos: number): number {
  if (pos === 0) return 0;
  for (let p = pos - 1; p < size;) {
    const buf = readAt(seam, fd, p, Math.min(PROBE, size - p));
    if (buf.length === 0) break;
    const nl = buf.indexOf(10);
    if (nl >= 0) return p + nl + 1;
    p += buf.length;
  }
  return size;
}

/** The line that starts at `start`, checked on its own. */
function lineAt(seam: FsSeam, fd: number, size: number, start: number, incident: string): LogLine {
  const damaged = (why: string) =>
    new IntegrityError(
      `the log of incident ${incident} is damaged at byte ${start}: ${why}`,
      `Run \`cic verify ${incident}\` for details.`,
    );
  for (let want = Math.min(PROBE, size - start); ; want = Math.min(size - start, want * 8, MAX_LINE_BYTES + 1)) {
    const buf = readAt(seam, fd, start, want);
    const nl = buf.indexOf(10);
    if (nl >= 0) {
      const bytes = buf.subarray(0, nl);
      if (!isUtf8(bytes)) throw damaged('the line is not valid UTF-8');
      const text = bytes.toString('utf8');
      const problem = checkLine(text, incident, undefined, undefined);
      if (problem !== undefined) throw damaged(problem);
      return { text, seq: lastSeq, start, end: start + nl + 1 };
    }
    if (buf.length < want || want >= size - start || want > MAX_LINE_BYTES) throw damaged('a line without its newline');
  }
}
