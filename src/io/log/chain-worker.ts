/**
 * Worker-thread entry: verify a log's bytes (shared with the thread that started it, not copied)
 * and post the VerifyReport back. See `background-verify.ts`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { VerifyOptions } from '../../core/log/verify.js';
import { verifyBytes } from '../../core/log/verify.js';

const { bytes, offset, length, options } = workerData as {
  bytes: SharedArrayBuffer;
  offset: number;
  length: number;
  options: VerifyOptions;
};
parentPort!.postMessage(verifyBytes(Buffer.from(bytes, offset, length), options));
