/**
 * `cic report` writes its files as a stream, two passes over the log (docs/report-streaming.md).
 * On a generated 20,000-entry incident (bench/generate-log.mjs: statements, late and skipped
 * updates, and a backfilled note every 37th entry, so rows are out of log order) every file is
 * byte for byte the report built whole in memory from every entry and rendered whole. The second
 * pass must find the entries the first read: entries appended between them are left out, a log cut
 * back between them writes nothing (negative control).
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { reportSource } from '../../../src/cli/commands/report.js';
import { openWorkspace } from '../../../src/cli/commands/incident-access.js';
import { fold } from '../../../src/core/incident/fold.js';
import { schedule } from '../../../src/core/incident/schedule.js';
import { parseIncidentId } from '../../../src/core/ids.js';
import type { LogEntry } from '../../../src/core/log/envelope.js';
import { buildReport } from '../../../src/core/report/build.js';
import { REPORT_FORMAT_NAMES, reportFormats } from '../../../src/core/report/formats.js';
import { loadPlaybook } from '../../../src/io/playbook/load.js';
import { writeReportFiles } from '../../../src/io/report/write.js';
import { runCic } from '../../helpers/run-cic.js';

const ENTRIES = 20_000;
let dir: string;
let root: string;
let id: string;
let now: string;
let log: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cic-streamed-'));
  root = join(dir, 'ws');
  const generator = new URL('../../../bench/generate-log.mjs', import.meta.url).href;
  const { generateIncident } = (await import(generator)) as {
    generateIncident(root: string, entries: number): Promise<{ id: string; now: string }>;
  };
  ({ id, now } = await generateIncident(root, ENTRIES));
  log = join(root, 'incidents', id, 'log.jsonl');
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The report as it was made before streaming: every entry in memory, the report built and rendered whole. */
async function wholeReport(): Promise<Map<string, string>> {
  const entries = readFileSync(log, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as LogEntry);
  const loaded = await loadPlaybook(join(root, 'incidents', id, 'playbook.yaml'));
  const at = new Date(now);
  const state = fold(entries, id);
  const last = entries.at(-1)!;
  const report = buildReport({
    state,
    items: schedule(state, loaded.playbook, at),
    entries,
    verify: {
      ok: true,
      entries: entries.length,
      head: { seq: last.seq, hash: last.hash },
      first_bad_seq: null,
      problem: null,
    },
    playbook: loaded.playbook,
    loaded,
    now: at,
    simulated: true,
  });
  // The rows are not in log order: the backfilled ones were moved (what the merge must get right).
  expect(report.activity.some((r, i) => r.seq !== i)).toBe(true);
  return new Map(REPORT_FORMAT_NAMES.map((f) => [f, reportFormats[f].render(report)]));
}

const fileOf = (out: string, f: string) => join(out, `report-${id}.${reportFormats[f as 'md'].ext}`);

test('every format, streamed by cic report, is byte for byte the report made whole', async () => {
  const whole = await wholeReport();
  const out = mkdtempSync(join(dir, 'out-'));
  const r = await runCic(['report', id, '--out', out], { env: { CIC_WORKSPACE: root, CIC_NOW: now } });
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  for (const f of REPORT_FORMAT_NAMES) {
    const written = readFileSync(fileOf(out, f));
    expect(written.equals(Buffer.from(whole.get(f)!, 'utf8'))).toBe(true);
  }
}, 120_000);

/** The report's source (first pass done), with CIC_NOW set as the command would have it. */
async function firstPass() {
  const saved = process.env.CIC_NOW;
  process.env.CIC_NOW = now;
  try {
    const ws = await openWorkspace({ workspace: root });
    return await reportSource(ws, parseIncidentId(id), REPORT_FORMAT_NAMES);
  } finally {
    if (saved === undefined) delete process.env.CIC_NOW;
    else process.env.CIC_NOW = saved;
  }
}

const files = (out: string) => REPORT_FORMAT_NAMES.map((format) => ({ format, path: fileOf(out, format) }));

test('an entry appended between the two passes is left out: the files are those of the log the first pass read', async () => {
  const whole = await wholeReport();
  const { source } = await firstPass();
  const size = statSync(log).size;
  const noted = await runCic(['note', 'Appended while the report was written', '-i', id], {
    env: { CIC_WORKSPACE: root, CIC_NOW: now },
  });
  expect(noted.code).toBe(0);
  expect(statSync(log).size).toBeGreaterThan(size);
  const out = mkdtempSync(join(dir, 'appended-'));
  try {
    await writeReportFiles(source, files(out));
    for (const f of REPORT_FORMAT_NAMES) expect(readFileSync(fileOf(out, f), 'utf8')).toBe(whole.get(f));
  } finally {
    truncateSync(log, size);
  }
}, 120_000);

test('a log cut back between the two passes writes no file at all (negative control)', async () => {
  const { source } = await firstPass();
  const text = readFileSync(log, 'utf8');
  const out = mkdtempSync(join(dir, 'cut-'));
  try {
    truncateSync(log, text.lastIndexOf('\n', text.length - 2) + 1);
    await expect(writeReportFiles(source, files(out))).rejects.toThrow(/changed while its report was being written/);
    expect(readdirSync(out)).toEqual([]);
  } finally {
    writeFileSync(log, text);
  }
}, 120_000);
