/**
 * Rendering some of the report's formats on a second thread. A 100,000-entry report takes about
 * as long to render in each format as to build, so `cic report` with several formats hands one
 * of them to another thread. What crosses is the report's JSON text, which is the report itself
 * (`renderJson` is lossless: test/report holds it to that) and which the JSON file needs anyway:
 * one string copied, no object graph cloned.
 *
 * Where the worker's script is not there (cic run from its TypeScript sources, as the unit tests
 * do), the formats are rendered on this thread from the same text: same files.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { writeAtomicInBackground } from '../commands/draft-file.js';
import { reportFormats, type ReportFormatName } from './formats.js';
import type { Report } from './model.js';

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

export interface Rendering {
  /** Settles when every file is written; rejects with the first error. */
  done: Promise<void>;
  /** Stop early (this thread failed; the files not yet written stay unwritten). */
  cancel(): Promise<void>;
}

/** Start rendering `files` from the report's JSON text (`renderJson` of the report). */
export function renderInBackground(json: string, files: readonly RenderJob[]): Rendering {
  const script = workerScript();
  if (!script) {
    const report = JSON.parse(json) as Report;
    const done = Promise.all(files.map((f) => writeAtomicInBackground(f.path, reportFormats[f.format].render(report)))).then(() => undefined);
    return { done, cancel: () => done.catch(() => undefined) };
  }
  const worker = new Worker(script, { workerData: { json, files } });
  const done = new Promise<void>((resolve, reject) => {
    worker.once('error', reject);
    worker.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`the report rendering thread stopped (exit ${code})`))));
  });
  return { done, cancel: () => worker.terminate().then(() => undefined) };
}
