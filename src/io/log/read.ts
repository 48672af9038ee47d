/**
 * Reading a whole log from disk through the seam, in large chunks, into the streaming verifier:
 * one buffer for the whole scan, never the whole file in memory.
 */
import type { FsSeam } from './fs-seam.js';
import { readAt, sha256Of } from './fs-seam.js';
import type { VerifyReport } from '../../core/log/envelope.js';
import { ChainVerifier, feedLines, MAX_LINE_BYTES, type VerifyOptions } from '../../core/log/verify.js';

const CHUNK = 4 << 20;

/** Verify the open log `fd` (its current size) from its first byte (or `options.from`) to its last. */
export function verifyOpenLog(seam: FsSeam, fd: number, options: VerifyOptions): VerifyReport {
  const size = seam.size(fd);
  const verifier = new ChainVerifier(options, size);
  // A chunk goes in after the unterminated remainder of the one before.
  const buf = Buffer.allocUnsafe(CHUNK + MAX_LINE_BYTES + 2);
  let carry = 0;
  let pos = options.from?.offset ?? 0;
  while (pos < size) {
    const want = Math.min(CHUNK, size - pos);
    let got = 0;
    while (got < want) {
      const n = seam.read(fd, buf, carry + got, want - got, pos + got);
      if (n === 0) break;
      got += n;
    }
    if (got === 0) break;
    pos += got;
    const filled = carry + got;
    const rest = feedLines(verifier, buf, 0, filled, pos >= size);
    if (rest < 0) break;
    carry = filled - rest;
    if (carry > MAX_LINE_BYTES + 1) {
      // A line longer than any entry: find where it ends without holding it, then report it.
      let length = carry;
      let terminated = false;
      while (pos < size && !terminated) {
        const more = readAt(seam, fd, pos, Math.min(CHUNK, size - pos));
        const nl = more.indexOf(10);
        length += nl >= 0 ? nl : more.length;
        terminated = nl >= 0;
        pos += more.length;
      }
      verifier.line('', length, terminated);
      break;
    }
    buf.copyWithin(0, rest, filled);
  }
  return verifier.report((offset, length) => sha256Of(seam, fd, offset, length));
}
