/**
 * Verifying a whole log on a second thread while this one parses it: `cic report` needs both the
 * chain verified (canonical form, seq, hashes: about half its reading time) and every entry
 * parsed into an object (the other half), and the two do not depend on each other until the end.
 *
 * Both threads read the same bytes: one read of the file into shared memory, so what is verified
 * is exactly what is parsed, whatever is appended meanwhile. Where the worker's script is not
 * there (cic run from its TypeScript sources, as the unit tests do), the chain is verified on this
 * thread instead: same function, same answer, only not in parallel.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { readInto, type FsSeam } from './fs-seam.js';
import type { VerifyReport } from '../../core/log/envelope.js';
import { verifyBytes, type VerifyOptions } from '../../core/log/verify.js';

/**
 * The whole file as it is now, in memory a worker thread can read too. (Shortened under us, which
 * only a repair does and only under the lock, it is what was read: that is what gets verified.)
 */
export function readShared(seam: FsSeam, fd: number): Buffer {
  return readInto(seam, fd, 0, Buffer.from(new SharedArrayBuffer(seam.size(fd))));
}

/** Whether verifying really runs on a second thread here (false when run from the sources). */
export const runsInParallel = (): boolean => workerScript() !== undefined;

/** The worker script beside this module (dist/log/ or dist/bundle/), if it was built. */
function workerScript(): URL | undefined {
  const url = new URL('./chain-worker.js', import.meta.url);
  return existsSync(fileURLToPath(url)) ? url : undefined;
}

/**
 * Start verifying `bytes` (from `readShared`); the promise settles with the same report
 * `verifyBytes` gives. An error in the worker rejects it: that is a bug, not a verdict on the log.
 */
export function verifyInBackground(bytes: Buffer, options: VerifyOptions): Promise<VerifyReport> {
  const script = workerScript();
  const { onEntry: _unused, ...plain } = options; // a function cannot cross to another thread
  if (!script || !(bytes.buffer instanceof SharedArrayBuffer)) return Promise.resolve(verifyBytes(bytes, plain));
  return new Promise((resolve, reject) => {
    const worker = new Worker(script, {
      workerData: { bytes: bytes.buffer, offset: bytes.byteOffset, length: bytes.length, options: plain },
    });
    worker.once('message', (report: VerifyReport) => resolve(report));
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the log verifier thread stopped (exit ${code}) without a result`)));
  });
}
