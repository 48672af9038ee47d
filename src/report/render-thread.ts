/**
 * Rendering some of the report's formats on a second thread. A 100,000-entry report takes about
 * as long to render in each format as to build, so `cic report` with several formats hands one
 * to another thread. What crosses is the report's JSON text, which is the report itself
 * (`renderJson` is lossless: test/report holds it to that) and which the JSON file needs anyway:
 * the rest of the report first, then the activity rows in parts as they are written, so the
 * other thread parses them while this one is still writing. No object graph is cloned.
 *
 * The thread renders as soon as it has the report, but writes only when told the report passed
 * its schema check (`commit`), so nothing is written before that, by either thread.
 *
 * Where the worker's script is not there (cic run from its TypeScript sources, as the unit tests
 * do), the same work runs on this thread: same files.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { writeAtomicInBackground } from '../commands/draft-file.js';
import { reportFormats, type ReportFormatName } from './formats.js';
import type { Report } from './model.js';
import { renderJson } from './render-json.js';

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

export interface Renderer {
  /**
   * Hand over the report (as `renderJson` writes it, which this returns): the rows go across in
   * parts as they are written, so the other thread parses while this one is still writing.
   */
  send(report: Report): string;
  /** The report passed its check: write the files. Settles when they are written. */
  commit(): Promise<void>;
  /** Write nothing and stop (this thread failed, or the report did not pass its check). */
  cancel(): Promise<void>;
}

/**
 * Start the thread now, so that it has loaded its code by the time the report is built, and
 * render `files` on it once `send` hands it the report.
 */
export function startRenderer(files: readonly RenderJob[]): Renderer {
  const script = workerScript();
  if (!script) {
    let texts: string[] = [];
    return {
      send(report) {
        const json = renderJson(report);
        const copy = JSON.parse(json) as Report;
        texts = files.map((f) => reportFormats[f.format].render(copy));
        return json;
      },
      commit: () => Promise.all(files.map((f, i) => writeAtomicInBackground(f.path, texts[i]!))).then(() => undefined),
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
  exited.catch(() => undefined); // observed by `commit` once there is work
  return {
    send(report) {
      worker.ref();
      // The report without its rows first, then the rows, then the end of them.
      worker.postMessage({ outline: JSON.stringify({ ...report, activity: [] }) });
      const json = renderJson(report, (rows) => worker.postMessage({ rows }));
      worker.postMessage({ end: true });
      return json;
    },
    commit() {
      worker.postMessage('write');
      return exited.then((code) => {
        if (code !== 0) throw new Error(`the report rendering thread stopped (exit ${code})`);
      });
    },
    cancel: () => worker.terminate().then(() => undefined),
  };
}
