/**
 * Worker-thread entry: wait for the report's JSON text (UTF-8 in shared memory), render the
 * formats asked for, then wait for the verdict of the report's schema check on the other thread:
 * write the files on "write", nothing on anything else. See `render-thread.ts`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { writeAtomicInBackground } from '../commands/draft-file.js';
import { reportFormats, type ReportFormatName } from './formats.js';
import type { Report } from './model.js';

const { files } = workerData as { files: { format: ReportFormatName; path: string }[] };
const next = () => new Promise<unknown>((resolve) => parentPort!.once('message', resolve));
// Started before the report is built: its JSON text arrives first, the verdict after it.
const json = (await next()) as SharedArrayBuffer;
const report = JSON.parse(Buffer.from(json).toString('utf8')) as Report;
const texts = files.map((f) => reportFormats[f.format].render(report));
if ((await next()) === 'write') await Promise.all(files.map((f, i) => writeAtomicInBackground(f.path, texts[i]!)));
