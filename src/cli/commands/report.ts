/**
 * `cic report [ID] --format md,html,csv,json [--out DIR]`: the after-action report, a projection
 * of the verified log against the frozen playbook, written as `report-<ID>.<ext>` per format into
 * `--out` (default `incidents/<ID>/reports/`), each file atomically (temp, fsync, rename). A store
 * that keeps reports itself (PostgreSQL) keeps them, all formats in one transaction, unless
 * `--out` asks for files.
 *
 * A log that does not verify still gets a report, because the clerk needs to see what the part
 * that does verify says and exactly where the damage starts: it is built from the entries before
 * the first bad one, its integrity section says "does NOT verify" with the problem, and the
 * command exits 3 after writing it. A log where no entry verifies gets no report (exit 3).
 *
 * The report is checked against `schemas/report.schema.json` before any file of it is written, and
 * its files are put in place together: every one new, or every one as it was (file-set.ts).
 */
import { mkdirSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { InputError, IntegrityError } from '../../core/errors.js';
import { foldInto, initialState } from '../../core/incident/fold.js';
import { schedule } from '../../core/incident/schedule.js';
import type { LogEntry, VerifyReport } from '../../core/log/envelope.js';
import { formatHead } from '../../core/log/verify.js';
import { assertOutAllowed } from '../../io/output/out-guard.js';
import { guardWriteAsync } from '../../io/fault.js';
import { printWarning, stdout } from '../../io/output/terminal.js';
import { scheduleCoverageWarning } from '../../core/incident/coverage.js';
import { visible, oneLine } from '../../core/text/visible.js';
import type { LoadedPlaybook } from '../../core/playbook/model.js';
import { ActivityOrder, ActivityScan, activityKey } from '../../core/report/activity-scan.js';
import { buildOutline } from '../../core/report/build.js';
import { activityRowProblems, invalidReport, reportProblems } from '../../io/report/check.js';
import { memorySource, renderToBytes, writeReportFiles, type ReportSource } from '../../io/report/write.js';
import { getValidator } from '../../io/schemas/validators.js';
import {
  isReportFormat,
  REPORT_FORMAT_NAMES,
  reportFormats,
  type ReportFormatName,
} from '../../core/report/formats.js';
import type { ActivityRow, Report } from '../../core/report/model.js';
import { verifyRoster, type RosterLine } from '../../core/roster/roster.js';
import { frozenPlaybook, incidentDir } from '../../io/workspace/incidents.js';
import { clock, openWorkspace, selectIncident, store, type Workspace } from './incident-access.js';
import type { IncidentId } from '../../core/ids.js';
import type { ReportOptions } from '../options.js';

export interface ReportFile {
  format: ReportFormatName;
  /** Absolute path of the written file, or where the store keeps it (`report-ID.md (in the database)`). */
  path: string;
}

export interface ReportResult {
  incident: string;
  /** The log verified in full. */
  ok: boolean;
  files: ReportFile[];
  /** Every part of the report but its activity rows (`activity` is empty: the rows went straight into the files). */
  report: Report;
}

/** `--format md,html`: known names, each once, in the order given. Unknown → exit 2. */
export function parseFormats(value: string | undefined): ReportFormatName[] {
  const text = value ?? REPORT_FORMAT_NAMES.join(',');
  const names = text
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter((s) => s !== '');
  const valid = `Formats: ${REPORT_FORMAT_NAMES.join(', ')} (comma-separated, e.g. --format md,html).`;
  if (names.length === 0) throw new InputError('--format names no format.', valid);
  const unknown = names.filter((n) => !isReportFormat(n));
  if (unknown.length) {
    throw new InputError(
      `unknown report format${unknown.length === 1 ? '' : 's'}: ${unknown.map((n) => `"${oneLine(n)}"`).join(', ')}.`,
      valid,
    );
  }
  return [...new Set(names)] as ReportFormatName[];
}

/** The report's file name for one format. */
export const reportFileName = (incident: string, format: ReportFormatName) =>
  `report-${incident}.${reportFormats[format].ext}`;

export async function report(options: ReportOptions): Promise<ReportResult> {
  const formats = parseFormats(options.format);
  const ws = await openWorkspace(options);
  const id = await selectIncident(ws, options.incident, { anyState: true, how: 'the ID argument (cic report ID)' });
  const toFiles = options.out !== undefined && options.out !== '';
  // A store that keeps reports itself (PostgreSQL) keeps them unless files are asked for (--out).
  const keep = toFiles ? undefined : store(ws).keepReports?.bind(store(ws));
  let files: ReportFile[];
  let built: Report;
  let verify: VerifyReport;
  if (keep) {
    let source: ReportSource;
    ({ source, verify } = await reportSource(ws, id, formats));
    const bytes = await renderToBytes(source, formats);
    const where = await keep(
      id,
      formats.map((format, k) => ({ name: reportFileName(id, format), body: bytes[k]! })),
    );
    files = formats.map((format, k) => ({ format, path: where[k]! }));
    built = source.outline;
  } else {
    const outDir = outputDir(ws, id, options.out);
    files = formats.map((format) => ({ format, path: join(outDir, reportFileName(id, format)) }));
    assertOutAllowed(
      files.map((f) => ({ path: f.path, kind: f.format })),
      { ws, incident: id, force: options.force, flag: toFiles ? '--out' : 'the report file' },
    );
    let source: ReportSource;
    ({ source, verify } = await reportSource(ws, id, formats));
    // All or nothing: a failed write leaves every report file as it was.
    await guardWriteAsync(`the report files in ${display(outDir)} (none was changed)`, async () => {
      mkdirSync(outDir, { recursive: true });
      await writeReportFiles(source, files);
    });
    built = source.outline;
  }

  const head = verify.entries === 0 ? 'none' : formatHead(verify.head);
  stdout.line(
    verify.ok
      ? `After-action report of incident ${id} (${built.header.status}): ${verify.entries} log ${verify.entries === 1 ? 'entry' : 'entries'}, verified, head ${head}.`
      : `After-action report of incident ${id}, from the ${verify.entries} log ${verify.entries === 1 ? 'entry' : 'entries'} that verify (head ${head}):`,
  );
  for (const f of files) stdout.line(`  ${visible(keep ? f.path : display(f.path))}`);
  if (keep) stdout.line(`Kept in ${visible(store(ws).where)}. For files: cic report ${id} --out DIR`);
  if (!verify.ok) {
    throw new IntegrityError(
      `the log of incident ${id} does NOT verify: ${oneLine(verify.problem ?? 'unknown problem')}. The report covers entries #0–#${verify.entries - 1} only and says so in its integrity section.`,
      verify.torn_tail
        ? `The log ends with a torn write, as a crash leaves it: \`cic verify ${id} --repair\` quarantines it and records the repair; then report again.`
        : `Run \`cic verify ${id}\` for the details; keep the files as they are (they are evidence).`,
    );
  }
  return { incident: id, ok: verify.ok, files, report: built };
}

/**
 * The report as a source of its files (src/io/report/write.ts), made in two passes over the log so
 * that memory does not grow with it (docs/report-streaming.md). The first reads and verifies the
 * log, folds it, and scans each entry's activity row: the integrity lists, what each format
 * measures of the rows, and the few rows out of effective-time order are kept, the rest dropped;
 * then the outline (every part but the rows) is built at `now` and checked against the schema, as
 * each row was. The second pass, as the files are written, reads the log again and makes the rows
 * again; it must find the same entries (the same head at the same seq), or nothing is written.
 *
 * Entries are read as every command reads them: each was held to its schema when it was written
 * and the chain proves it unchanged since, so only its type is checked, and one this version of
 * cic does not know ends the usable prefix just as damage would (LogStore.readEach).
 */
export async function reportSource(
  ws: Workspace,
  id: IncidentId,
  formats: readonly ReportFormatName[],
): Promise<{ source: ReportSource; verify: VerifyReport }> {
  // Audits read the frozen YAML itself, not the derived cache beside it (which no hash covers),
  // and leave that cache as it is (`cic verify` reports on it).
  const loaded: LoadedPlaybook = await store(ws).frozenPlaybook(id, { fresh: true, keepCache: true });
  const playbook = loaded.playbook;
  const state = initialState(id);
  const scan = new ActivityScan(playbook);
  const order = new ActivityOrder();
  const measures = formats.map((f) => reportFormats[f].parts.measure());
  let first: LogEntry | undefined;
  let badRow: ActivityRow | undefined;
  const checkRow = getValidator('report-activity-row', 'quick');
  const verify = await store(ws).readEach(id, (entry) => {
    first ??= entry;
    foldInto(state, entry);
    const row = scan.row(entry);
    if (badRow === undefined && !checkRow(row)) badRow = row;
    order.note(row, activityKey(entry));
    for (const m of measures) m.add(row);
  });
  if (first === undefined || first.type !== 'incident.opened') {
    throw new IntegrityError(
      `incident ${id}: nothing to report, no entry of its log verifies: ${oneLine(verify.problem ?? 'the log is empty')}`,
      `Run \`cic verify ${id}\` for the details.`,
    );
  }
  const recorded = (first as LogEntry<'incident.opened'>).data.playbook.sha256;
  if (loaded.sha256 !== recorded) {
    // The chain binds the playbook's digest at seq 0; a file that differs now changed after the check.
    throw new IntegrityError(
      `the frozen playbook of incident ${id} is not the one its log was opened with (SHA-256 ${loaded.sha256.slice(0, 12)}…, the log says ${visible(recorded.slice(0, 12))}…)`,
      `Run \`cic verify ${id}\`; restore playbook.yaml from a backup.`,
    );
  }
  const c = clock();
  const now = c.now(); // after the log is read: the report is as of a moment the log had reached
  const items = schedule(state, playbook, now);
  const coverage = scheduleCoverageWarning(items, playbook, now);
  if (coverage !== undefined) printWarning(coverage);
  const outline = buildOutline({
    roster: await rosterOf(ws),
    state,
    items,
    verify,
    playbook,
    loaded,
    now,
    simulated: c.simulated,
    scan,
  });
  const problems = reportProblems(outline) ?? (badRow && activityRowProblems(outline, badRow));
  if (problems !== undefined) throw invalidReport(problems);
  const measured = new Map(formats.map((f, k) => [f, measures[k]!.result()]));
  const rows = async (emit: (row: ActivityRow) => void, pace: () => Promise<void>) => {
    const again = new ActivityScan(playbook, { names: scan.names, tally: false });
    let seen = 0;
    let last: string | undefined;
    await store(ws).readEach(
      id,
      (entry) => {
        if (entry.seq >= verify.entries) return; // appended since the first pass
        seen++;
        last = entry.hash;
        const row = again.row(entry); // every entry, in order: a fact's "(was …)" needs the one before
        if (!order.isHeld(entry.seq)) order.place(row, activityKey(entry), emit);
      },
      { pace },
    );
    if (seen !== verify.entries || last !== verify.head.hash)
      throw new IntegrityError(
        `the log of incident ${id} changed while its report was being written: entry #${verify.entries - 1} is not the one read a moment before; no report file was changed`,
        `Run \`cic verify ${id}\`.`,
      );
    order.finish(emit);
  };
  return { source: { outline, measured: (f) => measured.get(f), rows }, verify };
}

/** The workspace roster's changes, checked (the report lists who held each role); [] without one. */
async function rosterOf(ws: Workspace): Promise<RosterLine[]> {
  const checked = verifyRoster(await store(ws).rosterLines());
  if (checked.problem)
    throw new IntegrityError(
      `the roster: ${oneLine(checked.problem)}`,
      'The roster decides who may act; restore it from a backup, then report again.',
    );
  return checked.entries;
}

/**
 * Check a report held whole in memory against its schema, render each format, and put the files
 * in place together (every one new, or every one as it was). The report object holds only JSON
 * values (no undefined), so checking it is checking its JSON text (test/core/report holds the
 * builder to that).
 */
export async function writeReport(built: Report, files: readonly ReportFile[]): Promise<void> {
  const problems = reportProblems(built);
  if (problems !== undefined) throw invalidReport(problems);
  await writeReportFiles(memorySource(built), files);
}

/** `--out DIR` (relative to the current folder), else the incident's `reports/`. */
function outputDir(ws: Workspace, id: IncidentId, out: string | undefined): string {
  if (out === undefined || out === '') return join(incidentDir(ws, id), 'reports');
  const dir = resolve(process.cwd(), out);
  let isDir = true;
  try {
    isDir = statSync(dir).isDirectory();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  if (!isDir)
    throw new InputError(
      `--out ${oneLine(out)} is a file, not a folder`,
      'Give a folder; the report files are named report-ID.md, report-ID.html, …',
    );
  return dir;
}

/** A path as a person in the current folder would type it. */
function display(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}
