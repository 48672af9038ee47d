/**
 * Worker-thread entry: take the report's JSON text as it comes, check it against the report
 * schema as it comes, and say what the check found (the other thread writes nothing before it
 * hears). See `check-thread.ts`.
 */
import { parentPort } from 'node:worker_threads';
import { ReportCheck } from './check.js';
import type { Report } from '../../core/report/model.js';
import { parseRows } from '../../core/report/render-json.js';

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

// Started before the report is built: the report without its rows comes first, then the rows in
// parts (see parseRows) as the other thread writes them, then the end. Each part is checked as
// it comes, while the other thread is still writing the rest, and then dropped.
const check = new ReportCheck(JSON.parse(((await next()) as { outline: string }).outline) as Report);
for (let m = await next(); typeof m === 'object' && 'rows' in m; m = await next()) check.add(parseRows(m.rows));
parentPort!.postMessage({ problems: check.problems() });
parentPort!.close(); // nothing more will come: let the thread end
