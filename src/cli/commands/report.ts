/**
 * `cic report [ID] --format md,html,csv,json [--out DIR]`: the after-action report, a projection
 * of the verified log against the frozen playbook, written as `report-<ID>.<ext>` per format into
 * `--out` (default `incidents/<ID>/reports/`), each file atomically (temp, fsync, rename).
 *
 * A log that does not verify still gets a report, because the clerk needs to see what the part
 * that does verify says and exactly where the damage starts: it is built from the entries before
 * the first bad one, its integrity section says "does NOT verify" with the problem, and the
 * command exits 3 after writing it. A log where no entry verifies gets no report (exit 3).
 *
 * The report is checked against `schemas/report.schema.json` before any file of it is put in place.
 */
import { mkdirSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { InputError, IntegrityError } from '../../core/errors.js';
import { fold } from '../../core/incident/fold.js';
import { schedule } from '../../core/incident/schedule.js';
import type { ParsedEntries } from '../../io/log/parse-entries.js';
import type { LogEntry, VerifyReport } from '../../core/log/envelope.js';
import { formatHead } from '../../core/log/verify.js';
import { StagedFile } from '../../io/output/staged-file.js';
import { assertOutAllowed } from '../../io/output/out-guard.js';
import { stdout } from '../../io/output/terminal.js';
import { visible } from '../../core/text/visible.js';
import type { LoadedPlaybook } from '../../core/playbook/model.js';
import { buildReport } from '../../core/report/build.js';
import { invalidReport, reportProblems } from '../../io/report/check.js';
import { startChecker, type Checker } from '../../io/report/check-thread.js';
import {
  isReportFormat,
  REPORT_FORMAT_NAMES,
  reportFormats,
  type ReportFormatName,
} from '../../core/report/formats.js';
import type { Report } from '../../core/report/model.js';
import { frozenPlaybook, incidentDir } from '../../io/workspace/incidents.js';
import { clock, openWorkspace, selectIncident, store, type Workspace } from './incident-access.js';
import type { IncidentId } from '../../core/ids.js';
import type { ReportOptions } from '../options.js';

export interface ReportFile {
  format: ReportFormatName;
  /** Absolute path of the written file. */
  path: string;
}

export interface ReportResult {
  incident: string;
  /** The log verified in full. */
  ok: boolean;
  files: ReportFile[];
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
      `unknown report format${unknown.length === 1 ? '' : 's'}: ${unknown.map((n) => `"${visible(n, { singleLine: true })}"`).join(', ')}.`,
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
  const id = selectIncident(ws, options.incident, { anyState: true, how: 'the ID argument (cic report ID)' });
  const outDir = outputDir(ws, id, options.out);
  const files: ReportFile[] = formats.map((format) => ({ format, path: join(outDir, reportFileName(id, format)) }));
  const flag = options.out !== undefined && options.out !== '' ? '--out' : 'the report file';
  assertOutAllowed(
    files.map((f) => ({ path: f.path, kind: f.format })),
    { ws, incident: id, force: options.force, flag },
  );
  // With JSON and Markdown or HTML asked for, the schema check runs on a second thread from the
  // JSON text (check-thread.ts) while this one renders the others; the thread starts now, to be
  // ready when the report is. (Beside CSV alone, checking here is quicker.)
  const asked = (format: ReportFormatName) => formats.includes(format);
  const checker = asked('json') && (asked('md') || asked('html')) ? startChecker() : undefined;
  let built: Report;
  let verify: VerifyReport;
  try {
    ({ built, verify } = await project(ws, id));
    mkdirSync(outDir, { recursive: true });
    await writeReport(built, files, checker);
  } catch (err) {
    await checker?.cancel();
    throw err;
  }

  const head = verify.entries === 0 ? 'none' : formatHead(verify.head);
  stdout.line(
    verify.ok
      ? `After-action report of incident ${id} (${built.header.status}): ${verify.entries} log ${verify.entries === 1 ? 'entry' : 'entries'}, verified, head ${head}.`
      : `After-action report of incident ${id}, from the ${verify.entries} log ${verify.entries === 1 ? 'entry' : 'entries'} that verify (head ${head}):`,
  );
  for (const f of files) stdout.line(`  ${visible(display(f.path))}`);
  if (!verify.ok) {
    throw new IntegrityError(
      `the log of incident ${id} does NOT verify: ${visible(verify.problem ?? 'unknown problem', { singleLine: true })}. The report covers entries #0–#${verify.entries - 1} only and says so in its integrity section.`,
      verify.torn_tail
        ? `The log ends with a torn write, as a crash leaves it: \`cic verify ${id} --repair\` quarantines it and records the repair; then report again.`
        : `Run \`cic verify ${id}\` for the details; keep the files as they are (they are evidence).`,
    );
  }
  return { incident: id, ok: verify.ok, files, report: built };
}

/**
 * Read and verify the log, load the frozen playbook, fold, schedule at `now`, build the report
 * and check it against its published schema. A function of its own so that the parsed entries
 * and the fold are garbage once it returns: a 100,000-entry log's objects are not carried
 * through the rendering.
 */
async function project(ws: Workspace, id: IncidentId): Promise<{ built: Report; verify: VerifyReport }> {
  // Audits read the frozen YAML itself, not the derived cache beside it (which no hash covers),
  // and leave that cache as it is (`cic verify` reports on it).
  // Started first: it is read and parsed on this thread while the log's chain is verified on
  // another (readVerified), and its errors count only once the log has something to report.
  const loading = settle(frozenPlaybook(ws, id, { fresh: true, keepCache: true }));
  const c = clock();
  const build = async (entries: LogEntry[], verify: Verdict, now: Date): Promise<Report> => {
    if (entries.length === 0 || entries[0]!.type !== 'incident.opened') {
      throw new IntegrityError(
        `incident ${id}: nothing to report, no entry of its log verifies: ${visible(verify.problem ?? 'the log is empty', { singleLine: true })}`,
        `Run \`cic verify ${id}\` for the details.`,
      );
    }
    const loaded: LoadedPlaybook = unsettle(await loading);
    const recorded = (entries[0] as LogEntry<'incident.opened'>).data.playbook.sha256;
    if (loaded.sha256 !== recorded) {
      // The chain binds the playbook's digest at seq 0; a file that differs now changed after the check.
      throw new IntegrityError(
        `the frozen playbook of incident ${id} is not the one its log was opened with (SHA-256 ${loaded.sha256.slice(0, 12)}…, the log says ${visible(recorded.slice(0, 12))}…)`,
        `Run \`cic verify ${id}\`; restore playbook.yaml from a backup.`,
      );
    }
    const playbook = loaded.playbook;
    const state = fold(entries, id);
    return buildReport({
      state,
      items: schedule(state, playbook, now),
      entries,
      verify,
      playbook,
      loaded,
      now,
      simulated: c.simulated,
    });
  };
  // While the chain is verified on the other thread, this one builds the report as if every
  // parsed entry verifies, as a log nearly always does. It is kept only when the verdict is
  // exactly that: the same entries and the same verify result build the same report. Otherwise
  // (damage, a torn tail, an error) it is built again below from what did verify.
  // (The same verdict means the same entries: every one parsed, and no more, verified.)
  const { entries, verify, early } = await readVerified(ws, id, (parsed) => {
    const assumed = allVerify(parsed.entries);
    return assumed && { assumed, report: settle(build(parsed.entries, assumed, c.now())) };
  });
  if (early && sameVerdict(early.assumed, verify)) return { built: unsettle(await early.report), verify };
  return { built: await build(entries, verify, c.now()), verify };
}

/** What the report takes from the verify result. */
type Verdict = Pick<VerifyReport, 'ok' | 'entries' | 'head' | 'first_bad_seq' | 'problem'>;

/** The verdict if every one of `entries` verifies (none: nothing was parsed). */
function allVerify(entries: readonly LogEntry[]): Verdict | undefined {
  const last = entries.at(-1);
  return (
    last && {
      ok: true,
      entries: entries.length,
      head: { seq: last.seq, hash: last.hash },
      first_bad_seq: null,
      problem: null,
    }
  );
}

const sameVerdict = (a: Verdict, b: Verdict): boolean =>
  a.ok === b.ok &&
  a.entries === b.entries &&
  a.head.seq === b.head.seq &&
  a.head.hash === b.head.hash &&
  a.first_bad_seq === b.first_bad_seq &&
  a.problem === b.problem;

/**
 * Render each format into a temporary file beside its place and put them in place once the report
 * has passed its schema check; when the check fails, or anything else does, they are removed and
 * nothing is put in place. Each file goes to the disk as it is rendered, while the next one is.
 * With a second thread (`checker`), the check runs there from the JSON text as it is written;
 * without one, here, before anything is rendered.
 *
 * The report object is checked as it is, or its JSON text as parsed: it holds only JSON values
 * (strings, numbers, booleans, null, arrays, plain objects; no undefined), so the two are the same
 * document (test/report-build holds the builder to that).
 */
export async function writeReport(built: Report, files: readonly ReportFile[], checker?: Checker): Promise<void> {
  const json = checker && files.find((f) => f.format === 'json');
  if (!json) {
    const problems = reportProblems(built);
    if (problems !== undefined) throw invalidReport(problems);
  }
  const staged: StagedFile[] = [];
  const stage = (path: string, parts: readonly string[]) => {
    const file = new StagedFile(path);
    staged.push(file);
    for (const part of parts) file.write(part);
    void file.finish(); // to the disk now; in place once the check has passed
  };
  try {
    // The JSON first, so that the other thread checks it while this one renders the rest.
    const sent = json && checker.send(built);
    if (sent) stage(json.path, sent.json);
    for (const f of files) if (f !== json) stage(f.path, reportFormats[f.format].parts(built));
    const problems = sent ? await sent.checked : undefined;
    if (problems !== undefined) throw invalidReport(problems);
    await allDone(staged.map((file) => file.commit()));
  } catch (err) {
    await Promise.allSettled(staged.map((file) => file.discard()));
    throw err;
  }
}

/** Wait for every one (none is left running unobserved), then throw the first failure. */
async function allDone(work: Promise<void>[]): Promise<void> {
  const failed = (await Promise.allSettled(work)).find((r) => r.status === 'rejected');
  if (failed) throw failed.reason;
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
      `--out ${visible(out, { singleLine: true })} is a file, not a folder`,
      'Give a folder; the report files are named report-ID.md, report-ID.html, …',
    );
  return dir;
}

/** A path as a person in the current folder would type it. */
function display(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}

/**
 * Every entry that verifies, parsed, and the verify result. The log is read once; its chain
 * (canonical form, seq, hashes) is verified on a second thread while this one parses the same
 * bytes (FileStore.readParsed), and `meanwhile` runs on what was parsed before the chain's verdict
 * is in (its result is `early`).
 *
 * Entries are read as every command reads them: each was held to its schema when it was written
 * and the chain proves it unchanged since, so only its type is checked, and one this version of
 * cic does not know ends the usable prefix just as damage would. (A schema pass here would also
 * refuse logs that `cic verify` accepts, and old logs whenever an entry's schema grows.)
 */
async function readVerified<T>(
  ws: Workspace,
  id: IncidentId,
  meanwhile: (parsed: ParsedEntries) => T,
): Promise<{ entries: LogEntry[]; verify: VerifyReport; early?: T }> {
  const { entries, unknown, verify, meanwhile: early } = await store(ws).readParsed(id, meanwhile);
  // Damage the chain finds before the first entry of an unknown type ends the prefix there.
  if (!unknown || unknown.seq >= verify.entries) {
    entries.length = Math.min(entries.length, verify.entries);
    return { entries, verify, early };
  }
  const last = entries.at(-1);
  return {
    entries,
    early,
    verify: {
      ...verify,
      ok: false,
      entries: entries.length,
      head: last ? { seq: last.seq, hash: last.hash } : verify.head,
      first_bad_seq: unknown.seq,
      problem: `entry #${unknown.seq} has a type this version of cic does not know ("${visible(String(unknown.type), { singleLine: true })}")`,
    },
  };
}

type Settled<T> = { value: T } | { error: unknown };
const settle = <T>(promise: Promise<T>): Promise<Settled<T>> =>
  promise.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
function unsettle<T>(settled: Settled<T>): T {
  if ('error' in settled) throw settled.error;
  return settled.value;
}
