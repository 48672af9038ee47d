/**
 * Rendering some of the report's formats on a second thread. A 100,000-entry report takes about
 * as long to render in each format as to build, so `cic report` with several formats hands one
 * to another thread. What crosses is the report's JSON text, which is the report itself
 * (`renderJson` is lossless: test/report holds it to that) and which the JSON file needs anyway:
 * the rest of the report first, then the activity rows in parts as they are written, so the
 * other thread parses them while this one is still writing. No object graph is cloned.
 *
 * The thread also checks the report against its schema, from the JSON text (so what is checked
 * is what is filed), and says so before it renders; it writes nothing when the check fails, and
 * neither does this thread.
 *
 * Where the worker's script is not there (cic run from its TypeScript sources, as the unit tests
 * do), the same work runs on this thread: same files.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { writeAtomicInBackground } from '../output/staged-file.js';
import { reportProblems } from './check.js';
import { reportFormats, type ReportFormatName } from './formats.js';
import type { Report } from './model.js';
import { jsonParts } from './render-json.js';

export interface RenderJob {
  format: ReportFormatName;
  /** Where to write it (atomically). */
  path: string;
}

function workerScript(): URL | undefined {
  const url = new URL('./render-worker.js', import.meta.url);
  return existsSync(fileURLToPath(url)) ? url : undefined;
}

/** Whether rendering really runs on a second thread here (false when run from the sources). */
export const rendersInParallel = (): boolean => workerScript() !== undefined;

export interface Sent {
  /** The report as JSON, in the parts `jsonParts` gives (the JSON file is written from them). */
  json: string[];
  /**
   * The report's schema problems (undefined: none), once the other thread has checked it. It
   * writes its files only when there are none; this thread must wait for the same answer.
   */
  checked: Promise<string | undefined>;
  /** Settles when the other thread's files are written (or, with problems, not); rejects with its error. */
  done: Promise<void>;
}

export interface Renderer {
  /**
   * Hand over the report: the rest of it first, then its activity rows in parts as `renderJson`
   * writes them, so the other thread parses while this one is still writing.
   */
  send(report: Report): Sent;
  /** Stop (this thread failed, or never got as far as a report); files not yet written stay unwritten. */
  cancel(): Promise<void>;
}

/**
 * Start the thread now, so that it has loaded its code by the time the report is built; it
 * checks the report and renders `files` once `send` hands it over.
 */
export function startRenderer(files: readonly RenderJob[]): Renderer {
  const script = workerScript();
  if (!script) {
    return {
      send(report) {
        const json = jsonParts(report);
        const copy = JSON.parse(json.join('')) as Report;
        const problems = reportProblems(copy);
        const writes = problems === undefined ? files.map((f) => writeAtomicInBackground(f.path, reportFormats[f.format].parts(copy))) : [];
        const done = Promise.all(writes).then(() => undefined);
        return { json, checked: Promise.resolve(problems), done };
      },
      cancel: () => Promise.resolve(),
    };
  }
  const worker = new Worker(script, { workerData: { files } });
  // Until it has work, the waiting thread must not keep the process alive (an error before the report is built).
  worker.unref();
  const exited = new Promise<number>((resolve, reject) => {
    worker.once('error', reject);
    worker.once('exit', resolve);
  });
  exited.catch(() => undefined); // observed through `checked` and `done` once there is work
  return {
    send(report) {
      worker.ref();
      const checked = new Promise<string | undefined>((resolve, reject) => {
        worker.once('message', (m: { problems?: string }) => resolve(m.problems));
        exited.then((code) => reject(new Error(`the report rendering thread stopped (exit ${code}) before checking the report`)), reject);
      });
      // The report without its rows first, then the rows, then the end of them.
      worker.postMessage({ outline: JSON.stringify({ ...report, activity: [] }) });
      const json = jsonParts(report, (rows) => worker.postMessage({ rows }));
      worker.postMessage({ end: true });
      const done = exited.then((code) => {
        if (code !== 0) throw new Error(`the report rendering thread stopped (exit ${code})`);
      });
      return { json, checked, done };
    },
    cancel: () => worker.terminate().then(() => undefined),
  };
}
