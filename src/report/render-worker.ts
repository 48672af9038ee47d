/**
 * Worker-thread entry: render report formats from the report's JSON text and write each file
 * (atomically, as the report command does). See `render-thread.ts`.
 */
import { workerData } from 'node:worker_threads';
import { writeAtomicInBackground } from '../commands/draft-file.js';
import { reportFormats, type ReportFormatName } from './formats.js';
import type { Report } from './model.js';

const { json, files } = workerData as { json: string; files: { format: ReportFormatName; path: string }[] };
const report = JSON.parse(json) as Report;
const writes: Promise<void>[] = [];
for (const f of files) writes.push(writeAtomicInBackground(f.path, reportFormats[f.format].render(report)));
await Promise.all(writes);
