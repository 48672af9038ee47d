/**
 * `cic verify [ID] [--anchor SEQ:HASH] [--repair] [--json]`: the clerk's integrity check.
 *
 * Clean: the entry count and the head digest `seq:hash` to write into the minutes (exit 0).
 * Damaged: the first bad entry by seq and what is wrong (exit 3). A torn tail left by a crash is
 * named as such; `--repair` quarantines it and records the repair (a PostgreSQL log has no torn
 * tail: docs/postgres.md), and rebuilds a playbook model that differs from the frozen YAML.
 * `--anchor` proves the log still extends a digest recorded earlier, which catches truncation and
 * whole-log rewrites. The copies beside the log are checked against it too: draft files, briefing
 * packets (src/cli/commands/packet-files.ts), the playbook model, the saved state.
 */
import { relative } from 'node:path';
import type { EventData } from '../../core/incident/events.js';
import type { LogEntry } from '../../core/log/envelope.js';
import { textSha256 } from '../../core/statements/rules.js';
import { InputError, IntegrityError, PermissionError } from '../../core/errors.js';
import { repairLog, type RepairOutcome } from '../../io/log/repair.js';
import type { Head, VerifyReport } from '../../core/log/envelope.js';
import { formatHead, parseAnchor } from '../../core/log/verify.js';
import { stdout } from '../../io/output/terminal.js';
import { oneLine } from '../../core/text/visible.js';
import { checkPlaybookCache, incidentDir, PLAYBOOK_CACHE, type CacheState } from '../../io/workspace/incidents.js';
import { clock, openWorkspace, selectIncident, store, systemActor } from './incident-access.js';
import type { VerifyOptions } from '../options.js';
import { FileStore } from '../../io/log/file-store.js';
import type { LogStore } from '../../io/log/store.js';
import { isPgStore } from '../../io/store/open-store.js';
import { keptPacketFiles, packetProblems, packetProblemText, type PacketFileProblem } from './packet-files.js';
import type { SavedStateCheck } from '../../io/log/state-check.js';
import { removeStateFile, STATE_FILE } from '../../io/log/state-file.js';
import { canonicalJson } from '../../core/log/canonical.js';
import { rosterProblems, type RosterProblem } from '../../core/roster/check-entries.js';
import { verifyRoster } from '../../core/roster/roster.js';
import type { IncidentId } from '../../core/ids.js';

/** A draft copy that is not the words its version logged: a warning, not damage. */
export interface DraftFileWarning {
  file: string;
  problem: 'differs' | 'not logged';
}

export interface VerifyResult extends VerifyReport {
  /** Draft files that differ from their logged words (the log is the record; files are copies). */
  draft_files?: DraftFileWarning[];
  repairs?: RepairOutcome['repairs'];
  /**
   * The frozen playbook's JSON cache: 'ok', 'missing' (rebuilt when next read), 'differs', 'rebuilt', or 'unloadable'.
   */
  playbook_cache: CacheState;
  /**
   * The state a store keeps beside the log (the folder's .state.json, PostgreSQL's cic.states)
   * against the log: 'ok', 'differs', 'removed' (by --repair, folder only), 'none', 'unused' (the
   * log no longer has its entry) or 'unchecked'.
   */
  saved_state?: SavedStateCheck;
  /** Entries whose writer was not on the roster, in that role, when they were written. */
  roster_problems?: RosterProblem[];
  /** Briefing packets kept that are not the ones their entries record as sent. */
  packet_files?: PacketFileProblem[];
}

/** Every entry against the roster as it stood when written (only when there is a roster). */
async function checkRoster(logStore: LogStore, id: IncidentId): Promise<RosterProblem[]> {
  const lines = await logStore.rosterLines();
  if (lines.length === 0) return [];
  const checked = verifyRoster(lines);
  if (checked.problem) return [{ seq: -1, problem: `the roster's own log does not verify: ${checked.problem}` }];
  return rosterProblems(await logStore.readAll(id), checked.entries);
}

/**
 * The database's copy of the playbook model against the frozen YAML, loaded and checked afresh;
 * with `rebuild`, one that differs is replaced by the fresh one (the YAML is the record, the model a
 * cache), as `--repair` rebuilds the folder store's `.playbook.json`. The database lets only a
 * keeper of the roster or the DBA do that (src/io/pg/migrations/005-packets-model-repair.ts).
 */
async function checkStoredModel(logStore: LogStore, id: IncidentId, rebuild: boolean): Promise<CacheState> {
  const stored = await logStore.frozenPlaybook(id);
  let fresh;
  try {
    fresh = await logStore.frozenPlaybook(id, { fresh: true });
  } catch (err) {
    if (err instanceof IntegrityError) throw err;
    return 'unloadable';
  }
  const same = (x: unknown) => canonicalJson(JSON.parse(JSON.stringify(x)));
  if (same(stored.playbook) === same(fresh.playbook)) return 'ok';
  if (!rebuild || !logStore.rebuildPlaybookModel) return 'differs';
  try {
    await logStore.rebuildPlaybookModel(id, fresh.playbook);
  } catch (err) {
    if (!(err instanceof PermissionError)) throw err;
    throw new PermissionError(
      `${err.message.replace(/\.$/, '')}; the model was left as it is`,
      `The log itself verifies. Ask a keeper of the roster (\`cic roster show\`) or the DBA to run \`cic verify ${id} --repair\`.`,
    );
  }
  return 'rebuilt';
}

export async function verify(opts: VerifyOptions): Promise<VerifyResult> {
  const anchor = anchorOption(opts.anchor);
  const ws = await openWorkspace(opts);
  const id = await selectIncident(ws, opts.incident, { anyState: true, how: 'the ID argument (cic verify ID)' });
  const logStore = store(ws);

  let repairs: RepairOutcome['repairs'] | undefined;
  if (opts.repair && logStore instanceof FileStore) {
    const time = clock();
    const outcome = await repairLog(logStore, id, {
      actor: systemActor(ws.settings),
      at: time.now(),
      simulated: time.simulated,
    });
    repairs = outcome.repairs;
  }
  let log: VerifyReport;
  let savedState: SavedStateCheck | undefined;
  let keptBy: string | undefined;
  if (logStore instanceof FileStore) ({ report: log, savedState } = await logStore.verifyWithState(id, { anchor }));
  else if (isPgStore(logStore))
    ({ report: log, savedState, by: keptBy } = await logStore.verifyWithState(id, anchor ? { anchor } : {}));
  else log = await logStore.verify(id, anchor ? { anchor } : {});
  if (savedState === 'differs' && opts.repair && logStore instanceof FileStore) {
    removeStateFile(incidentDir(ws, id));
    savedState = 'removed';
  }
  if (opts.repair && !(logStore instanceof FileStore)) repairs = []; // a database has no torn tails
  const folder = logStore instanceof FileStore;
  const cache =
    logStore instanceof FileStore
      ? await checkPlaybookCache(ws, id, opts.repair)
      : await checkStoredModel(logStore, id, opts.repair);
  const cacheProblem =
    cache === 'differs'
      ? folder
        ? `${PLAYBOOK_CACHE} (the copy of the frozen playbook that commands read) does not match playbook.yaml: it was changed`
        : `the database's model of the frozen playbook (cic.playbook_models, what commands read) does not match its YAML: it was changed`
      : undefined;
  const packets = log.ok ? await packetProblems(logStore, await keptPacketFiles(ws, logStore, id), id) : [];
  const packetProblem = packets[0] && packetProblemText(packets[0]);
  const stateProblem =
    savedState !== 'differs'
      ? undefined
      : folder
        ? `${STATE_FILE} (the state recording commands start from) is not the fold of the log up to the entry it is marked with: it was changed`
        : `the state kept in cic.states (what status and recording start from), kept by the login ${oneLine(keptBy ?? '')}, is not the fold of the log up to its entry`;
  const drafts = log.ok ? await draftFileWarnings(logStore, id) : undefined;
  const roster = log.ok ? await checkRoster(logStore, id) : [];
  const rosterProblem = roster[0]?.problem;
  const problem = drafts?.inconsistent ?? packetProblem ?? cacheProblem ?? stateProblem ?? rosterProblem;
  const report: VerifyReport =
    log.ok && problem
      ? { ...log, ok: false, problem, ...(problem === rosterProblem ? { first_bad_seq: roster[0]?.seq ?? null } : {}) }
      : log;
  const result: VerifyResult = {
    ...report,
    playbook_cache: cache,
    ...(savedState ? { saved_state: savedState } : {}),
    ...(repairs ? { repairs } : {}),
    ...(roster.length ? { roster_problems: roster } : {}),
    ...(drafts ? { draft_files: drafts.warnings } : {}),
    ...(packets.length ? { packet_files: packets } : {}),
  };

  if (opts.json) {
    stdout.json({ ...result, head: formatHead(report.head) });
  } else {
    printRepairs(repairs, incidentDir(ws, id), ws.root);
    if (cache === 'rebuilt')
      stdout.line(
        folder
          ? `Rebuilt ${PLAYBOOK_CACHE} from the frozen playbook.yaml.`
          : `Rebuilt the database's model of the frozen playbook (cic.playbook_models) from its YAML.`,
      );
    if (savedState === 'removed')
      stdout.line(`Removed ${STATE_FILE}: it was not the log's fold (the next command folds the log again).`);
    if (cache === 'unloadable')
      stdout.line('Note: this version of cic does not accept the frozen playbook.yaml; commands use its cached copy.');
    printReport(log);
    for (const r of roster) stdout.line(`Not on the roster: ${oneLine(r.problem)}`);
    for (const p of packets) stdout.line(`Briefing packet: ${packetProblemText(p)}.`);
    if (drafts?.inconsistent) stdout.line(`Incident ${id}: ${drafts.inconsistent}.`);
    for (const w of drafts?.warnings ?? []) stdout.line(draftWarningLine(w));
  }
  if (!report.ok)
    throw new IntegrityError(
      `incident ${id}: ${oneLine(report.problem ?? 'the log does not verify')}`,
      packetProblem && problem === packetProblem
        ? `The log itself verifies; the packet kept is not the one it records as sent. Keep it as it is (it is evidence) and find out who changed it; the digest in the log is what the governing body's copies can be checked against.`
        : nextStep(id, log, cacheProblem, rosterProblem, stateProblem, folder),
    );
  return result;
}

/**
 * Compare the draft copies the store holds (the folder's drafts/; on PostgreSQL, any an earlier cic
 * left in the database) with the words the log holds for them. Reading the entries costs a second
 * pass over the log, so it is done only when there are copies to compare. The same pass checks
 * that each logged text hashes to the SHA-256 its approvals bind to (a chain rebuilt by hand could
 * hold a text and a digest that disagree): that is an integrity failure.
 */
async function draftFileWarnings(
  logStore: Pick<LogStore, 'readAll' | 'draftCopies'>,
  id: IncidentId,
): Promise<{ warnings: DraftFileWarning[]; inconsistent?: string } | undefined> {
  const copies = await logStore.draftCopies(id);
  if (copies.length === 0) return undefined;
  const logged = new Map<string, string>();
  for (const e of await logStore.readAll(id)) {
    if (e.type !== 'statement.drafted') continue;
    const d = e.data as EventData['statement.drafted'];
    if (textSha256(d.text ?? '') !== d.sha256)
      return { warnings: [], inconsistent: `entry #${e.seq}: the text of ${d.file} does not hash to its sha256` };
    logged.set(d.file, d.sha256);
  }
  const warnings: DraftFileWarning[] = [];
  for (const { file, sha256 } of copies) {
    const sha = logged.get(file);
    if (sha === undefined) warnings.push({ file, problem: 'not logged' });
    else if (sha256 !== sha) warnings.push({ file, problem: 'differs' });
  }
  return { warnings };
}

function draftWarningLine(w: DraftFileWarning): string {
  const file = oneLine(w.file);
  return w.problem === 'differs'
    ? `warning: ${file} differs from the words the log holds for it (the log is the record; the file is a copy)`
    : `warning: ${file} is not a version the log holds (an edit not yet registered: cic draft STATEMENT --register)`;
}

function nextStep(
  id: string,
  log: VerifyReport,
  cacheProblem: string | undefined,
  rosterProblem?: string,
  stateProblem?: string,
  folder = true,
): string {
  if (log.ok && !cacheProblem && !stateProblem && rosterProblem)
    return 'The chain itself verifies: these entries were written by accounts the roster did not give that role. On the folder store anyone who can write the folder can record (docs/postgres.md); find out who did.';
  if (log.torn_tail)
    return `Run \`cic verify ${id} --repair\` to move those bytes to a quarantine file beside the log and record the repair (nothing is deleted).`;
  if (log.ok && cacheProblem && !folder)
    return `The log itself verifies. A keeper of the roster or the DBA runs \`cic verify ${id} --repair\` to rebuild the model from the frozen YAML; find out who changed it.`;
  if (log.ok && cacheProblem)
    return `The log itself verifies. Run \`cic verify ${id} --repair\` to rebuild ${PLAYBOOK_CACHE} from playbook.yaml.`;
  if (log.ok && stateProblem && !folder)
    return `The log itself verifies. A DBA removes the kept state (DELETE FROM cic.states WHERE incident = '${id}'): the next recording folds the log again and keeps a new one. Find out who kept this one.`;
  if (log.ok && stateProblem)
    return `The log itself verifies. Run \`cic verify ${id} --repair\` to remove ${STATE_FILE} (a cache: the next command folds the log again), and find out who changed it.`;
  return 'This is not what a crash leaves, so --repair will not touch it. Keep the files as they are (they are evidence) and compare them with a backup or a digest recorded earlier.';
}

function anchorOption(value: string | undefined): Head | undefined {
  if (value === undefined) return undefined;
  const anchor = parseAnchor(value);
  if (!anchor) {
    throw new InputError(
      `--anchor "${oneLine(String(value))}" is not a digest`,
      'A digest is SEQ:HASH as `cic verify` printed it, e.g. 41:3fa2… (64 hex digits).',
    );
  }
  return anchor;
}

function printRepairs(repairs: RepairOutcome['repairs'] | undefined, dir: string, root: string): void {
  if (!repairs) return;
  if (repairs.length === 0) stdout.line('Nothing to repair: the log has no torn tail.');
  for (const r of repairs) {
    stdout.line(
      `Repaired: moved ${r.length} bytes from offset ${r.offset} (sha256 ${r.sha256}) to ${relative(root, `${dir}/${r.quarantine}`)}, and recorded the repair in the log.`,
    );
  }
}

function printReport(report: VerifyReport): void {
  const id = report.incident;
  if (report.ok) {
    stdout.line(`Incident ${id}: the log verifies (${report.entries} ${report.entries === 1 ? 'entry' : 'entries'}).`);
    stdout.line(`Head digest: ${formatHead(report.head)}`);
    stdout.line(
      `  Record it (minutes, e-mail); later \`cic verify ${id} --anchor ${formatHead(report.head)}\` proves the log still extends it.`,
    );
    if (report.anchor)
      stdout.line(`Anchor ${report.anchor.seq}:${report.anchor.hash.slice(0, 12)}… holds: the log still extends it.`);
  } else {
    const upTo =
      report.entries === 0
        ? 'no entry verifies'
        : `${report.entries === 1 ? 'entry #0 verifies' : `entries #0–#${report.entries - 1} verify`} (head ${formatHead(report.head)})`;
    // An anchor that does not hold, on a chain that is whole to its end: say both.
    const chainWhole = report.first_bad_seq !== null && report.first_bad_seq < report.entries;
    stdout.line(
      chainWhole
        ? `Incident ${id}: the log does NOT verify against the anchor; its chain of ${report.entries} entries is whole (head ${formatHead(report.head)}).`
        : `Incident ${id}: the log does NOT verify; ${upTo}.`,
    );
    if (report.anchor && !report.anchor.ok)
      stdout.line(`Anchor ${report.anchor.seq}:${report.anchor.hash.slice(0, 12)}… does NOT hold.`);
  }
  if (report.simulated > 0) {
    stdout.line(
      `${report.simulated} of these entries were written under a simulated clock (CIC_NOW): an exercise or a test, not real times.`,
    );
  }
}
