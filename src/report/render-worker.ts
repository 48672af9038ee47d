/**
 * Worker-thread entry: take the report's JSON text as it comes, render the formats asked for,
 * then wait for the verdict of the report's schema check on the other thread: write the files on
 * "write", nothing on anything else. See `render-thread.ts`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { writeAtomicInBackground } from '../commands/draft-file.js';
import { reportFormats, type ReportFormatName } from './formats.js';
import type { Report } from './model.js';

const { files } = workerData as { files: { format: ReportFormatName; path: string }[] };
type Message = { outline: string } | { rows: string } | { end: true } | 'write';
const queue: Message[] = [];
let waiting: ((m: Message) => void) | undefined;
parentPort!.on('message', (m: Message) => (waiting ? (waiting(m), (waiting = undefined)) : queue.push(m)));
const next = () => (queue.length ? Promise.resolve(queue.shift()!) : new Promise<Message>((resolve) => (waiting = resolve)));

// Started before the report is built: the report without its rows comes first, then the rows
// in parts (each a JSON array) as the other thread writes them, then the end, then the verdict.
const report = JSON.parse(((await next()) as { outline: string }).outline) as Report;
for (let m = await next(); typeof m === 'object' && 'rows' in m; m = await next()) {
  for (const row of JSON.parse(m.rows) as Report['activity']) report.activity.push(row);
}
const texts = files.map((f) => reportFormats[f.format].render(report));
if ((await next()) === 'write') await Promise.all(files.map((f, i) => writeAtomicInBackground(f.path, texts[i]!)));
parentPort!.close();
