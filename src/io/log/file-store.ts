/**
 * The local file store: one `incidents/<id>/log.jsonl` per incident (docs/design.md#the-log, docs/clerk.md).
 *
 * Append = validate and size-check the entries, take the incident's lock, read the chain head from
 * the tail, check the file has not changed under the lock (a fence against a stolen lock), write
 * all new lines in one write, fsync, release. A failed write or fsync is undone (truncated back)
 * when it can be, never retried, and always reported as "nothing was recorded".
 */
import { join } from 'node:path';
import { InputError, IntegrityError } from '../../core/errors.js';
import type { IncidentEvent } from '../../core/incident/events.js';
import { oneLine } from '../../core/text/visible.js';
import { assertNoEscape, pathInside } from '../workspace/paths.js';
import type { IncidentId } from '../../core/ids.js';
import { draftEntry, EVENT_TYPES, sealEntry, type Sealed } from '../../core/log/entry.js';
import { entryValidator, type EntryCheck } from './entry-schema.js';
import { flags, nodeFs, sha256Of, writeAll, type FsSeam } from './fs-seam.js';
import { acquireLock, type Lock, type LockFs } from './lock.js';
import { readTail } from './tail.js';
import { checkLine, genesisOf } from '../../core/log/line.js';
import { resumeAfter, type Resume, type VerifyOptions } from '../../core/log/verify.js';
import { writeFailed } from './write-error.js';
import { evolve, foldInto, initialState } from '../../core/incident/fold.js';
import type { IncidentState } from '../../core/incident/state.js';
import { markHolds, readStateFile, STATE_FORMAT, writeStateFile, type StateMark } from './state-file.js';
import { partialState, WHOLE_STATE, type StateReads } from '../../core/incident/state-reads.js';
import { stateAudit, type SavedStateCheck } from './state-check.js';
import { noteRecorded } from '../fault.js';
import { entryLineAt } from './entry-at.js';
import { loggedText, type VersionRef } from './statement-texts.js';

export { LogWriteError } from './write-error.js';
import type { AppendContext, Head, LogEntry, VerifyReport } from '../../core/log/envelope.js';
import type { Lifecycle, LogStore } from './store.js';
import {
  draftCopiesIn,
  draftPathOf,
  fileSha256,
  readDraft as readDraftFile,
  removeDraft as removeDraftFile,
  writeDraftAtomic,
} from '../workspace/draft-files.js';
import { osLogin, osUser, type Identity } from '../store/identity.js';
import { changeRosterFile, importRosterFile, readRosterFile } from '../store/roster-file.js';
import { foldRoster, verifyRoster, type RosterChange, type RosterLine } from '../../core/roster/roster.js';
import type { LoadedPlaybook } from '../../core/playbook/model.js';
import {
  createIncident,
  frozenPlaybook,
  incidentLifecycle,
  incidentTitle,
  listIncidents,
  removeIfEmpty,
  writeFrozenIncident,
} from '../workspace/incidents.js';

/**
 * How far (in entries) the log may run past the saved state before a recording command saves it
 * again. Each command verifies and folds the entries after the saved state (a few milliseconds for
 * this many); saving rewrites the whole state.
 */
export const CHECKPOINT_ENTRIES = 256;

export interface FileStoreOptions {
  /** The file-system calls for log bytes (tests inject failures here). */
  seam?: FsSeam;
  /** The calls that create the lock file (tests inject failures here). */
  lockFs?: LockFs;
  /** How far the log may run past the saved state before it is saved again (default CHECKPOINT_ENTRIES). */
  checkpointEntries?: number;
  /** How long to wait for the lock before BusyError (exit 5). Default 10 s. */
  lockTimeoutMs?: number;
  /**
   * TEST ONLY: take no lock at all (and check the fence only before the pause), to show the
   * concurrency tests catch the forks that follow.
   */
  unsafeNoLock?: boolean;
  /** TEST ONLY: pause this long just before writing (after every check), to widen race windows. */
  holdMs?: number;
}

/**
 * Options from the environment: `CIC_LOCK_TIMEOUT_MS`, and — only when NODE_ENV is "test" —
 * `CIC_TEST_UNSAFE_NO_LOCK=1` and `CIC_TEST_APPEND_DELAY_MS`.
 */
export function storeOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): FileStoreOptions {
  const options: FileStoreOptions = {};
  const timeout = Number(env.CIC_LOCK_TIMEOUT_MS);
  if (env.CIC_LOCK_TIMEOUT_MS && Number.isFinite(timeout) && timeout >= 0) options.lockTimeoutMs = timeout;
  if (env.NODE_ENV === 'test') {
    if (env.CIC_TEST_UNSAFE_NO_LOCK === '1') options.unsafeNoLock = true;
    const hold = Number(env.CIC_TEST_APPEND_DELAY_MS);
    if (hold > 0) options.holdMs = hold;
  }
  return options;
}

export interface IncidentFiles {
  id: string;
  dir: string;
  log: string;
  playbook: string;
  lock: string;
}

export class FileStore implements LogStore {
  readonly kind = 'folder' as const;
  readonly keepsDraftCopies = true;
  readonly seam: FsSeam;
  private readonly lockTimeoutMs: number;
  private readonly checkpoint: number;

  constructor(
    private readonly ws: { root: string; incidentsDir: string },
    private readonly options: FileStoreOptions = {},
  ) {
    this.seam = options.seam ?? nodeFs;
    this.lockTimeoutMs = options.lockTimeoutMs ?? 10_000;
    this.checkpoint = Math.max(1, options.checkpointEntries ?? CHECKPOINT_ENTRIES);
  }

  get where(): string {
    return this.ws.root;
  }

  async listIncidents(): Promise<IncidentId[]> {
    return listIncidents(this.ws);
  }

  async lifecycle(incident: IncidentId): Promise<Lifecycle> {
    return incidentLifecycle(this.ws, incident);
  }

  async title(incident: IncidentId): Promise<string> {
    return incidentTitle(this.ws, incident);
  }

  async createIncident(loaded: LoadedPlaybook, now: Date): Promise<IncidentId> {
    return createIncident(this.ws, loaded, now);
  }

  async discardIfEmpty(incident: IncidentId): Promise<void> {
    removeIfEmpty(this.files(incident).dir);
  }

  async frozenPlaybook(incident: IncidentId, options: { fresh?: boolean; keepCache?: boolean } = {}) {
    return frozenPlaybook(this.ws, incident, options);
  }

  async frozenSource(incident: IncidentId): Promise<string> {
    return (await frozenPlaybook(this.ws, incident, { keepCache: true })).source;
  }

  async importIncident(incident: IncidentId, source: string): Promise<void> {
    writeFrozenIncident(this.ws, incident, source);
  }

  async importLines(incident: IncidentId, lines: readonly string[]): Promise<void> {
    if (lines.length === 0) return;
    const files = this.files(incident);
    await this.locked(files, incident, () =>
      this.withLog(files, flags.append, (fd) => {
        const size = this.seam.size(fd);
        const head = this.headOf(fd, size, incident, files);
        const sealed = checkImported(incident, head, lines);
        this.write(fd, size, sealed, incident);
      }),
    );
  }

  async lines(incident: IncidentId): Promise<string[]> {
    const out: string[] = [];
    const report = await this.scan(incident, false, (line) => out.push(line));
    if (!report.ok) throw damaged(report);
    return out;
  }

  async close(): Promise<void> {}

  async readDraft(incident: IncidentId, file: string): Promise<string | undefined> {
    return readDraftFile(draftPathOf(this.files(incident).dir, file));
  }

  async draftSha256(incident: IncidentId, file: string): Promise<string | undefined> {
    return fileSha256(draftPathOf(this.files(incident).dir, file));
  }

  async writeDraft(incident: IncidentId, file: string, text: string): Promise<void> {
    writeDraftAtomic(draftPathOf(this.files(incident).dir, file), text);
  }

  async removeDraft(incident: IncidentId, file: string): Promise<void> {
    removeDraftFile(draftPathOf(this.files(incident).dir, file));
  }

  draftLocation(incident: IncidentId, file: string): string {
    return draftPathOf(this.files(incident).dir, file);
  }

  async draftCopies(incident: IncidentId): Promise<{ file: string; sha256: string }[]> {
    return draftCopiesIn(this.files(incident).dir);
  }

  async identify(): Promise<Identity> {
    const people = foldRoster(verifyRoster(readRosterFile(this.ws.root)).entries);
    const login = osLogin();
    const person = people.get(login);
    return { user: osUser(), login, roster: people.size > 0, ...(person ? { person } : {}) };
  }

  async rosterLines(): Promise<string[]> {
    return readRosterFile(this.ws.root);
  }

  async importRoster(lines: readonly string[]): Promise<void> {
    return importRosterFile(this.ws.root, lines);
  }

  async changeRoster(change: RosterChange, at: Date): Promise<RosterLine> {
    return changeRosterFile(this.ws.root, osLogin(), change, at);
  }

  /** The incident's files: inside the workspace, not through a symbolic link leading out of it. */
  files(incident: IncidentId): IncidentFiles {
    const dir = pathInside(this.ws.incidentsDir, incident);
    assertNoEscape(this.ws.root, dir);
    return {
      id: incident,
      dir,
      log: join(dir, 'log.jsonl'),
      playbook: join(dir, 'playbook.yaml'),
      lock: join(dir, 'log.jsonl.lock'),
    };
  }

  async readAll(incident: IncidentId): Promise<LogEntry[]> {
    const entries: LogEntry[] = [];
    const { report, unknown } = await this.each(incident, (entry) => entries.push(entry));
    if (unknown) throw unknownType(unknown.seq, unknown.type, incident);
    if (!report.ok) throw damaged(report);
    return entries;
  }

  async readEach(
    incident: IncidentId,
    onEntry: (entry: LogEntry) => void,
    options: { pace?: () => Promise<void> | void } = {},
  ): Promise<VerifyReport> {
    const { report, unknown } = await this.each(incident, onEntry, options.pace);
    if (!unknown) return report;
    return {
      ...report,
      ok: false,
      entries: unknown.seq,
      head: unknown.head,
      first_bad_seq: unknown.seq,
      // Raw, like every verify problem: whoever prints it escapes it once (docs/escaping.md).
      problem: `entry #${unknown.seq} has a type this version of cic does not know ("${String(unknown.type)}")`,
    };
  }

  /**
   * Scan the log, parsing each verified line for `onEntry` up to the first of a type cic does not
   * know. A torn tail seen without the lock may be a write in progress: the scan goes on from the
   * last verified entry under the lock, so no entry is delivered twice.
   */
  private async each(
    incident: IncidentId,
    onEntry: (entry: LogEntry) => void,
    pace?: () => Promise<void> | void,
  ): Promise<{ report: VerifyReport; unknown?: { seq: number; type: unknown; head: Head } }> {
    let unknown: { seq: number; type: unknown; head: Head } | undefined;
    const visit = (line: string, seq: number) => {
      if (unknown) return;
      const entry = JSON.parse(line) as LogEntry;
      // Verified: its prev is the hash of the entry before it (or the genesis value).
      if (EVENT_TYPES.has(entry.type)) onEntry(entry);
      else unknown = { seq, type: entry.type, head: { seq: seq - 1, hash: entry.prev } };
    };
    let report = await this.scan(incident, false, visit, undefined, undefined, pace);
    if (report.torn_tail) report = await this.scan(incident, true, visit, undefined, resumeAfter(report), pace);
    // Damage the chain finds before the first entry of an unknown type ends the prefix there.
    return unknown && unknown.seq < report.entries ? { report, unknown } : { report };
  }

  async statementTexts(incident: IncidentId, versions: readonly VersionRef[]): Promise<Map<number, string>> {
    const texts = new Map<number, string>();
    if (versions.length === 0) return texts;
    const files = this.files(incident);
    this.withLog(files, flags.read, (fd) => {
      const size = this.seam.size(fd);
      for (const v of versions)
        texts.set(v.seq, loggedText(entryLineAt(this.seam, fd, size, incident, v.seq).text, v, incident));
    });
    return texts;
  }

  async head(incident: IncidentId): Promise<Head> {
    const files = this.files(incident);
    return this.withLog(files, flags.read, (fd) => this.headOf(fd, this.seam.size(fd), incident, files));
  }

  async verify(incident: IncidentId, options: { anchor?: Head } = {}): Promise<VerifyReport> {
    const report = await this.scan(incident, false, undefined, options.anchor);
    return report.torn_tail ? this.scan(incident, true, undefined, options.anchor, resumeAfter(report)) : report;
  }

  /**
   * `verify`, and in the same pass whether the state kept beside the log is the log's fold up to
   * its mark (state-check.ts): recording commands believe it while the log still has that entry.
   */
  async verifyWithState(
    incident: IncidentId,
    options: { anchor?: Head } = {},
  ): Promise<{ report: VerifyReport; savedState: SavedStateCheck }> {
    const files = this.files(incident);
    const saved = readStateFile(files.dir, incident);
    const holds =
      saved !== undefined &&
      this.withLog(files, flags.read, (fd) => markHolds(this.seam, fd, this.seam.size(fd), saved.mark));
    const audit = holds ? stateAudit(saved, incident) : undefined;
    const visit = audit ? (line: string, seq: number) => audit.onEntry(line, seq) : undefined;
    let report = await this.scan(incident, false, visit, options.anchor);
    if (report.torn_tail) report = await this.scan(incident, true, visit, options.anchor, resumeAfter(report));
    return { report, savedState: audit ? audit.verdict(report) : saved ? 'unused' : 'none' };
  }

  async appendEvents(incident: IncidentId, ctx: AppendContext, events: IncidentEvent[]): Promise<LogEntry[]> {
    const files = this.files(incident);
    if (events.length === 0) return [];
    const check = await entryValidator();
    // Validation and the size limit come before the lock: the worst-case seq has 16 digits.
    for (const e of events) sealEntry(draftEntry(incident, Number.MAX_SAFE_INTEGER, '0'.repeat(64), ctx, e), check);
    return this.locked(files, incident, () =>
      this.withLog(files, flags.append, (fd) => {
        const size = this.seam.size(fd);
        const head = this.headOf(fd, size, incident, files);
        const sealed = seal(incident, head, ctx, events, check);
        this.write(fd, size, sealed, incident);
        return sealed.map((s) => s.entry);
      }),
    );
  }

  async append(
    incident: IncidentId,
    ctx: AppendContext,
    decide: (entries: LogEntry[]) => IncidentEvent[] | Promise<IncidentEvent[]>,
  ): Promise<LogEntry[]> {
    const files = this.files(incident);
    const check = await entryValidator();
    return this.locked(files, incident, async () => {
      const entries: LogEntry[] = [];
      // Already under the lock: scan without taking it again.
      const report = await this.scan(incident, false, (line, seq) => entries.push(parseEntry(line, seq, incident)));
      if (!report.ok) throw damaged(report);
      const events = await decide(entries);
      if (events.length === 0) return [];
      return this.withLog(files, flags.append, (fd) => {
        const size = this.seam.size(fd);
        const head = this.headOf(fd, size, incident, files);
        if (head.seq !== report.head.seq || head.hash !== report.head.hash) throw fenced(incident);
        const sealed = seal(incident, head, ctx, events, check);
        this.write(fd, size, sealed, incident);
        return sealed.map((s) => s.entry);
      });
    });
  }

  /**
   * Append against the incident's state (see LogStore.appendToState). Under the lock, the state
   * kept beside the log (state-file.ts) is used when the log still has the entry it was folded up
   * to; only the parts `reads` names are read, and only the entries after it are verified and
   * folded, so the cost does not grow with the log. Without one (or with one the log no longer
   * extends) the whole log is read, as `append` reads it. The state after the written entries is
   * saved for the next command once the log has moved `CHECKPOINT_ENTRIES` past the saved one:
   * saving costs what the whole state costs to read and write, folding those few entries again
   * costs less.
   */
  async appendToState(
    incident: IncidentId,
    ctx: AppendContext,
    decide: (state: IncidentState) => IncidentEvent[] | Promise<IncidentEvent[]>,
    reads: StateReads = WHOLE_STATE,
  ): Promise<{ written: LogEntry[]; before: IncidentState }> {
    const files = this.files(incident);
    return this.locked(files, incident, async () => {
      const current = await this.currentState(files, incident, reads);
      const events = await decide(current.state);
      if (events.length === 0) return { written: [], before: current.state };
      // Loaded only with something to write: a decision that changes nothing (`fact set` to the
      // value held) needs no schema.
      const check = await entryValidator();
      const { sealed, start, end } = this.withLog(files, flags.append, (fd) => {
        const size = this.seam.size(fd);
        const head = this.headOf(fd, size, incident, files);
        if (head.seq !== current.mark.seq || head.hash !== current.mark.hash) throw fenced(incident);
        const sealed = seal(incident, head, ctx, events, check);
        this.write(fd, size, sealed, incident);
        const last = Buffer.byteLength(sealed.at(-1)!.line) + 1;
        const end = size + sealed.reduce((n, s) => n + Buffer.byteLength(s.line) + 1, 0);
        return { sealed, start: end - last, end };
      });
      const written = sealed.map((s) => s.entry);
      const lastEntry = written.at(-1)!;
      if (current.behind + written.length < this.checkpoint) return { written, before: current.state };
      // A state read in part is saved by reading it again, whole, with the entries after it (these
      // among them) folded in: `currentState` saves it, being that far behind.
      if (current.partial) {
        await this.currentState(files, incident, WHOLE_STATE);
        return { written, before: current.state };
      }
      const after = written.reduce<IncidentState>((s, e) => evolve(s, e), current.state);
      writeStateFile(
        files.dir,
        {
          ...current.mark,
          seq: lastEntry.seq,
          hash: lastEntry.hash,
          start,
          end,
          simulated: current.mark.simulated + (ctx.simulated ? written.length : 0),
          status: after.status,
        },
        after,
      );
      return { written, before: current.state };
    });
  }

  /**
   * The incident's state now (call under the lock): the saved state (the parts `reads` names),
   * when the log still has its entry, with every entry after it verified and folded in; else the
   * fold of the whole log. The mark says where the state ends (the head an append must extend).
   * Saved again when `CHECKPOINT_ENTRIES` or more had to be folded, so that a refused command
   * does not leave that work undone; `behind` is how many were folded past a saved state that was
   * not. `partial`: the state holds only what `reads` names.
   */
  private async currentState(
    files: IncidentFiles,
    incident: IncidentId,
    reads: StateReads,
  ): Promise<{ state: IncidentState; mark: StateMark; behind: number; partial: boolean }> {
    const saved = readStateFile(files.dir, incident, { reads });
    const usable =
      saved?.state !== undefined &&
      this.withLog(files, flags.read, (fd) => markHolds(this.seam, fd, this.seam.size(fd), saved.mark));
    const state = usable ? saved.state! : initialState(incident);
    const partial = usable && saved.partial === true;
    const from: Resume | undefined = usable
      ? {
          offset: saved.mark.end,
          head: { seq: saved.mark.seq, hash: saved.mark.hash },
          simulated: saved.mark.simulated,
        }
      : undefined;
    let start = usable ? saved.mark.start : 0;
    let end = usable ? saved.mark.end : 0;
    let folded = 0;
    const report = await this.scan(
      incident,
      false, // already under the lock
      (line, seq) => {
        foldInto(state, parseEntry(line, seq, incident));
        start = end;
        end += Buffer.byteLength(line) + 1;
        folded++;
      },
      undefined,
      from,
    );
    if (!report.ok) throw damaged(report);
    const mark: StateMark = {
      format: STATE_FORMAT,
      incident,
      seq: report.head.seq,
      hash: report.head.hash,
      start,
      end,
      simulated: report.simulated,
      status: state.status,
    };
    if (folded < this.checkpoint || report.head.seq < 0)
      // The entries after the mark may have touched parts not read: those are left out too, so the
      // state is exactly the whole one's parts (`partialState`), not some records of an action.
      return { state: partial ? partialState(state, reads) : state, mark, behind: folded, partial };
    // Far enough behind to save: a state read in part is read again, whole.
    if (partial) return this.currentState(files, incident, WHOLE_STATE);
    writeStateFile(files.dir, mark, state);
    return { state, mark, behind: 0, partial };
  }

  /** SHA-256 of the frozen playbook.yaml: bound into the genesis value. */
  playbookSha256(files: IncidentFiles): string {
    let fd: number;
    try {
      fd = this.seam.open(files.playbook, flags.read);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') {
        throw new IntegrityError(
          `the frozen playbook.yaml of incident ${files.id} is missing, so its log cannot be checked`,
          'Restore it from a backup; nothing was changed.',
        );
      }
      throw err;
    }
    try {
      return sha256Of(this.seam, fd, 0, this.seam.size(fd));
    } finally {
      this.seam.close(fd);
    }
  }

  /** Run `work` holding the incident's lock (unless the test-only switch turned it off). */
  async locked<T>(files: IncidentFiles, incident: string, work: () => T | Promise<T>): Promise<T> {
    const lock: Lock = this.options.unsafeNoLock
      ? { release() {} }
      : await acquireLock(files.lock, {
          timeoutMs: this.lockTimeoutMs,
          incident,
          ...(this.options.lockFs ? { fs: this.options.lockFs } : {}),
        });
    try {
      return await work();
    } finally {
      lock.release();
    }
  }

  /** Open the log (never through a symlink), run `work`, close. A missing log is damage. */
  withLog<T>(files: IncidentFiles, how: number, work: (fd: number) => T): T {
    const fd = this.openLog(files, how);
    try {
      return work(fd);
    } finally {
      this.seam.close(fd);
    }
  }

  /** `withLog` for work that awaits: the log stays open until the work is done. */
  async withLogAsync<T>(files: IncidentFiles, how: number, work: (fd: number) => Promise<T>): Promise<T> {
    const fd = this.openLog(files, how);
    try {
      return await work(fd);
    } finally {
      this.seam.close(fd);
    }
  }

  /** Open the log (never through a symlink); a missing log is damage, a missing incident bad input. */
  private openLog(files: IncidentFiles, how: number): number {
    try {
      return this.seam.open(files.log, how);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') {
        try {
          this.seam.close(this.seam.open(files.dir, flags.dir));
        } catch {
          throw new InputError(
            `there is no incident ${files.id}`,
            'See `cic list` for the incidents in this workspace.',
          );
        }
        throw new IntegrityError(
          `the log of incident ${files.id} is missing (log.jsonl)`,
          'Restore it from a backup; cic will not start a new one.',
        );
      }
      if (code === 'ELOOP')
        throw new InputError(`the log of incident ${files.id} is a symbolic link; refusing to use it`);
      throw err;
    }
  }

  /** The head from the tail: the last entry (its own hash checked), or genesis for an empty log. */
  headOf(fd: number, size: number, incident: string, files: IncidentFiles): Head {
    const tail = readTail(this.seam, fd, size, incident);
    switch (tail.kind) {
      case 'empty':
        return { seq: -1, hash: genesisOf(incident, this.playbookSha256(files)) };
      case 'entry':
        return { seq: tail.seq, hash: tail.hash };
      case 'torn':
        throw new IntegrityError(
          `the log of incident ${incident} ends with a torn write (${tail.reason}), as a crash leaves it; nothing was recorded`,
          `Run \`cic verify ${incident} --repair\` to move the damaged bytes to a quarantine file and record the repair, then try again.`,
        );
      case 'bad':
        throw new IntegrityError(
          `the log of incident ${incident} is damaged: ${tail.reason}; nothing was recorded`,
          `Run \`cic verify ${incident}\` for details.`,
        );
    }
  }

  /**
   * Stream the whole log through the verifier. `locked` takes the incident's lock for the read
   * (to tell a torn tail from a write in progress).
   */
  async scan(
    incident: IncidentId,
    locked: boolean,
    onEntry?: (line: string, seq: number) => void,
    anchor?: Head,
    from?: Resume,
    pace?: () => Promise<void> | void,
  ): Promise<VerifyReport> {
    const files = this.files(incident);
    // The whole-log reader is loaded only by what reads the whole log: an append reads the tail.
    const { verifyOpenLog, verifyOpenLogPaced } = await import('./read.js');
    const options = this.verifyOptions(files, onEntry, anchor, from);
    const run = pace
      ? () => this.withLogAsync(files, flags.read, (fd) => verifyOpenLogPaced(this.seam, fd, options, pace))
      : () => this.withLog(files, flags.read, (fd) => verifyOpenLog(this.seam, fd, options));
    return locked ? this.locked(files, incident, run) : run();
  }

  /** What the verifier needs to know about this incident's log. */
  verifyOptions(
    files: IncidentFiles,
    onEntry?: (line: string, seq: number) => void,
    anchor?: Head,
    from?: Resume,
  ): VerifyOptions {
    return {
      incident: files.id,
      playbookSha256: this.playbookSha256(files),
      ...(anchor ? { anchor } : {}),
      ...(onEntry ? { onEntry } : {}),
      ...(from ? { from } : {}),
    };
  }

  /**
   * One write of every new line, then fsync. On failure, truncate back to `size` so that nothing
   * half-written stays behind, and say that nothing was recorded.
   */
  write(fd: number, size: number, sealed: Sealed[], incident: string): void {
    const data = Buffer.from(sealed.map((s) => `${s.line}\n`).join(''));
    // The fence: the file must be exactly as it was when the head was read under the lock. It is
    // checked last, right before the write, so that a lock reclaimed from a stalled writer shows
    // here. (The test-only switch without a lock checks it only before the pause, as the
    // concurrency test's negative control needs writers that are not fenced either.)
    if (this.seam.size(fd) !== size) throw fenced(incident);
    this.hold();
    if (!this.options.unsafeNoLock && this.seam.size(fd) !== size) throw fenced(incident);
    let step: 'write' | 'fsync' = 'write';
    try {
      writeAll(this.seam, fd, data);
      step = 'fsync';
      this.seam.fsync(fd);
    } catch (err) {
      const undone = this.rollback(fd, size);
      throw writeFailed(incident, step, err as NodeJS.ErrnoException, undone);
    }
    for (const s of sealed) noteRecorded(incident, s.entry.seq);
  }

  private rollback(fd: number, size: number): boolean {
    try {
      if (this.seam.size(fd) !== size) {
        this.seam.truncate(fd, size);
        this.seam.fsync(fd);
      }
      return true;
    } catch {
      return false;
    }
  }

  private hold(): void {
    const ms = this.options.holdMs;
    if (ms) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
  }
}

/** Seal events as the entries after `head`, each chained to the one before. */
export function seal(
  incident: string,
  head: Head,
  ctx: AppendContext,
  events: IncidentEvent[],
  check: EntryCheck,
): Sealed[] {
  const out: Sealed[] = [];
  let prev = head.hash;
  events.forEach((e, k) => {
    const s = sealEntry(draftEntry(incident, head.seq + 1 + k, prev, ctx, e), check);
    prev = s.entry.hash;
    out.push(s);
  });
  return out;
}

/**
 * Lines copied from another store, checked to extend `head` one by one as `cic verify` would
 * check them: a copy never writes a line that does not chain.
 */
export function checkImported(incident: IncidentId, head: Head, lines: readonly string[]): Sealed[] {
  let prev = head.hash;
  return lines.map((line, k) => {
    const problem = checkLine(line, incident, head.seq + 1 + k, prev);
    if (problem) throw new IntegrityError(`entry #${head.seq + 1 + k} of incident ${incident} to copy: ${problem}`);
    const entry = JSON.parse(line) as LogEntry;
    prev = entry.hash;
    return { entry, line };
  });
}

/**
 * A verified line, parsed. Entries were held to their schema when written and the chain proves
 * them unchanged since, so reading checks only that the type is one cic knows: validating every
 * entry again would cost more than the whole `cic status` budget on a long log (docs/design.md#budgets).
 */
function parseEntry(line: string, seq: number, incident: string): LogEntry {
  const entry = JSON.parse(line) as LogEntry;
  if (!EVENT_TYPES.has(entry.type)) throw unknownType(seq, entry.type, incident);
  return entry;
}

function unknownType(seq: number, type: unknown, incident: string): IntegrityError {
  return new IntegrityError(
    `entry #${seq} of incident ${incident} has a type cic does not know ("${oneLine(String(type))}")`,
    `Run \`cic verify ${incident}\`; the log was not written by this version of cic.`,
  );
}

export function damaged(report: VerifyReport): IntegrityError {
  const id = report.incident;
  return new IntegrityError(
    `the log of incident ${id} does not verify: ${report.problem}`,
    report.torn_tail
      ? `Run \`cic verify ${id} --repair\` to quarantine the torn tail, then try again.`
      : `Run \`cic verify ${id}\` for the details; nothing was recorded.`,
  );
}

function fenced(incident: string): IntegrityError {
  return new IntegrityError(
    `the log of incident ${incident} changed while this command held its lock (another writer took the lock); nothing was recorded`,
    `Run \`cic verify ${incident}\`, then the command again.`,
  );
}
