/**
 * Checking the report against its schema on a second thread, from its JSON text, while this
 * thread renders the other formats. What is checked is what is filed: the activity rows are the
 * JSON file's own text, parsed back, and the rest of the report is the same value as JSON (the
 * file has it pretty-printed). It crosses as it is written: the rest of the report first, then
 * the rows in parts, so the other thread parses and checks them while this one is still writing
 * (a 100,000-row check takes about as long as rendering a format). No object graph is cloned.
 *
 * The thread only checks: rendering there would need the rows as objects, which it would have
 * to parse back from the text, and that costs more than rendering them here (measured:
 * bench/report.mjs).
 *
 * Where the worker's script is not there (cic run from its TypeScript sources, as the unit tests
 * do), the same check runs on this thread: same answer.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { ReportCheck } from './check.js';
import type { Report } from '../../core/report/model.js';
import { jsonParts, parseRows } from '../../core/report/render-json.js';

function workerScript(): URL | undefined {
  const url = new URL('./check-worker.js', import.meta.url);
  return existsSync(fileURLToPath(url)) ? url : undefined;
}

/** Whether the check really runs on a second thread here (false when run from the sources). */
export const checksInParallel = (): boolean => workerScript() !== undefined;

export interface Sent {
  /** The report as JSON, in the parts `jsonParts` gives (the JSON file is written from them). */
  json: string[];
  /** The report's schema problems (undefined: none), once the other thread has checked it; rejects with its error. */
  checked: Promise<string | undefined>;
}

export interface Checker {
  /** Render the report as JSON, handing it over as it is written; the check follows. */
  send(report: Report): Sent;
  /** Stop (this thread failed, or never got as far as a report). */
  cancel(): Promise<void>;
}

/** Start the thread now, so that it has loaded its code by the time the report is built. */
export function startChecker(): Checker {
  const script = workerScript();
  if (!script) {
    return {
      send(report) {
        const check = new ReportCheck(JSON.parse(JSON.stringify({ ...report, activity: [] })) as Report);
        const json = jsonParts(report, (rows) => check.add(parseRows(rows)));
        return { json, checked: Promise.resolve(check.problems()) };
      },
      cancel: () => Promise.resolve(),
    };
  }
  const worker = new Worker(script);
  // Until it has work, the waiting thread must not keep the process alive (an error before the report is built).
  worker.unref();
  const exited = new Promise<number>((resolve, reject) => {
    worker.once('error', reject);
    worker.once('exit', resolve);
  });
  exited.catch(() => undefined); // observed through `checked` once there is work
  return {
    send(report) {
      worker.ref();
      const checked = new Promise<string | undefined>((resolve, reject) => {
        worker.once('message', (m: { problems?: string }) => resolve(m.problems));
        exited.then(
          (code) => reject(new Error(`the report checking thread stopped (exit ${code}) before checking the report`)),
          reject,
        );
      });
      checked.catch(() => undefined); // when this thread fails first and cancels, nobody waits for the verdict
      // The report without its rows first, then the rows, then the end of them.
      worker.postMessage({ outline: JSON.stringify({ ...report, activity: [] }) });
      const json = jsonParts(report, (rows) => worker.postMessage({ rows }));
      worker.postMessage({ end: true });
      return { json, checked };
    },
    cancel: () => worker.terminate().then(() => undefined),
  };
}
