/**
 * Reading the chain head from the end of the log with positioned reads: the cost is one small read
 * (more only for a long last line), whatever the log's length, so appending a note to a
 * million-entry log costs what it costs on a ten-entry one.
 */
import type { FsSeam } from './fs-seam.js';
import { readAt } from './fs-seam.js';
import { checkLine, lastHash, lastSeq, MAX_LINE_BYTES } from '../../core/log/line.js';
import { isUtf8 } from 'node:buffer';

export type Tail =
  | { kind: 'empty' }
  | { kind: 'entry'; seq: number; hash: string; /** where the last line starts */ offset: number }
  /** The last line is not a complete entry: what a crash leaves. */
  | { kind: 'torn'; reason: string }
  /** The last line is a complete line but not a valid entry: damage, not a crash. */
  | { kind: 'bad'; reason: string };

const FIRST_READ = 4096;

/** The last line of a log of `size` bytes, checked on its own (its hash, not the whole chain). */
export function readTail(seam: FsSeam, fd: number, size: number, incident: string): Tail {
  if (size === 0) return { kind: 'empty' };
  let block = Math.min(size, FIRST_READ);
  for (;;) {
    const buf = readAt(seam, fd, size - block, block);
    if (buf.length !== block) return { kind: 'torn', reason: 'the log changed size while it was read' };
    if (buf[block - 1] !== 10) return { kind: 'torn', reason: 'the last line has no newline at its end' };
    const nl = buf.lastIndexOf(10, block - 2);
    if (nl >= 0 || block === size) {
      const start = nl + 1;
      const offset = size - block + start;
      // The line has its newline: whatever is wrong with it, it is no crash's torn write (one
      // entry is one write that ends with its newline), so it is damage.
      if (block - 1 - start > MAX_LINE_BYTES)
        return { kind: 'bad', reason: `the last line is over the ${MAX_LINE_BYTES}-byte limit` };
      const bytes = buf.subarray(start, block - 1);
      if (!isUtf8(bytes)) return { kind: 'bad', reason: 'the last line is not valid UTF-8' };
      const line = bytes.toString('utf8');
      const problem = checkLine(line, incident, undefined, undefined);
      if (problem === undefined) return { kind: 'entry', seq: lastSeq, hash: lastHash, offset };
      return { kind: 'bad', reason: `the last entry does not verify: ${problem}` };
    }
    if (block > MAX_LINE_BYTES)
      return { kind: 'bad', reason: `the last line is over the ${MAX_LINE_BYTES}-byte limit` };
    block = Math.min(size, block * 8, MAX_LINE_BYTES + 2);
  }
}
