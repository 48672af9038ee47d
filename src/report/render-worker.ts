/**
 * Worker-thread entry: take the report's JSON text as it comes, check it against the report
 * schema and say so (the other thread writes nothing before it hears), then, when it matches,
 * render the formats asked for and write each file. See `render-thread.ts`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { writeAtomicInBackground } from '../output/staged-file.js';
import { ReportCheck } from './check.js';
import { reportFormats, type ReportFormatName } from './formats.js';
import type { Report } from './model.js';
import { parseRows } from './render-json.js';

const { files } = workerData as { files: { format: ReportFormatName; path: string }[] };
type Message = { outline: string } | { rows: string } | { end: true };

// Messages in arrival order: each one is taken by `next()`, whether it came before or after the ask.
const queue: Message[] = [];
let waiting: ((m: Message) => void) | undefined;
parentPort!.on('message', (m: Message) => {
  if (!waiting) return void queue.push(m);
  const take = waiting;
  waiting = undefined;
  take(m);
});
const next = (): Promise<Message> => {
  const m = queue.shift();
  return m ? Promise.resolve(m) : new Promise((resolve) => (waiting = resolve));
};

// Started before the report is built: the report without its rows comes first, then the rows
// in parts (see parseRows) as the other thread writes them, then the end. The rows are
// checked as they come, while the other thread is still writing the rest.
const report = JSON.parse(((await next()) as { outline: string }).outline) as Report;
const check = new ReportCheck({ ...report, activity: [] });
for (let m = await next(); typeof m === 'object' && 'rows' in m; m = await next()) {
  const rows = parseRows(m.rows);
  for (const row of rows) report.activity.push(row);
  check.add(rows);
}
const problems = check.problems(report);
parentPort!.postMessage({ problems });
if (problems === undefined) await Promise.all(files.map((f) => writeAtomicInBackground(f.path, reportFormats[f.format].parts(report))));
parentPort!.close(); // nothing more will come: let the thread end
