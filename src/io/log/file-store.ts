/**
 * The local file store: one `incidents/<id>/log.jsonl` per incident (DESIGN §4).
 *
 * Append = validate and size-check the entries, take the incident's lock, read the chain head from
 * the tail, check the file has not changed under the lock (a fence against a stolen lock), write
 * all new lines in one write, fsync, release. A failed write or fsync is undone (truncated back)
 * when it can be, never retried, and always reported as "nothing was recorded".
 */
import { join } from 'node:path';
import { InputError, IntegrityError } from '../../core/errors.js';
import type { IncidentEvent } from '../../core/incident/events.js';
import { visible } from '../../core/text/visible.js';
import { assertNoEscape, pathInside } from '../workspace/paths.js';
import type { IncidentId } from '../../core/ids.js';
import { draftEntry, EVENT_TYPES, sealEntry, type Sealed } from '../../core/log/entry.js';
import { entryValidator, type EntryCheck } from './entry-schema.js';
import { flags, nodeFs, sha256Of, writeAll, type FsSeam } from './fs-seam.js';
import { acquireLock, type Lock } from './lock.js';
import { readTail } from './tail.js';
import { genesisOf } from '../../core/log/line.js';
import { resumeAfter, type Resume, type VerifyOptions } from '../../core/log/verify.js';
import { writeFailed } from './write-error.js';
import { evolve, foldInto, initialState } from '../../core/incident/fold.js';
import type { IncidentState } from '../../core/incident/state.js';
import { markHolds, readStateFile, STATE_FORMAT, writeStateFile, type StateMark } from './state-file.js';

export { LogWriteError } from './write-error.js';
import type { AppendContext, Head, LogEntry, VerifyReport } from '../../core/log/envelope.js';
import type { LogStore } from './store.js';

export interface FileStoreOptions {
  /** The file-system calls for log bytes (tests inject failures here). */
  seam?: FsSeam;
  /** How long to wait for the lock before BusyError (exit 5). Default 10 s. */
  lockTimeoutMs?: number;
  /** TEST ONLY: take no lock at all, to show the concurrency tests catch the forks that follow. */
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
  readonly seam: FsSeam;
  private readonly lockTimeoutMs: number;

  constructor(
    private readonly ws: { root: string; incidentsDir: string },
    private readonly options: FileStoreOptions = {},
  ) {
    this.seam = options.seam ?? nodeFs;
    this.lockTimeoutMs = options.lockTimeoutMs ?? 10_000;
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

  async readEach(incident: IncidentId, onEntry: (entry: LogEntry) => void): Promise<VerifyReport> {
    const { report, unknown } = await this.each(incident, onEntry);
    if (!unknown) return report;
    return {
      ...report,
      ok: false,
      entries: unknown.seq,
      head: unknown.head,
      first_bad_seq: unknown.seq,
      problem: `entry #${unknown.seq} has a type this version of cic does not know ("${visible(String(unknown.type), { singleLine: true })}")`,
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
  ): Promise<{ report: VerifyReport; unknown?: { seq: number; type: unknown; head: Head } }> {
    let unknown: { seq: number; type: unknown; head: Head } | undefined;
    const visit = (line: string, seq: number) => {
      if (unknown) return;
      const entry = JSON.parse(line) as LogEntry;
      // Verified: its prev is the hash of the entry before it (or the genesis value).
      if (EVENT_TYPES.has(entry.type)) onEntry(entry);
      else unknown = { seq, type: entry.type, head: { seq: seq - 1, hash: entry.prev } };
    };
    let report = await this.scan(incident, false, visit);
    if (report.torn_tail) report = await this.scan(incident, true, visit, undefined, resumeAfter(report));
    // Damage the chain finds before the first entry of an unknown type ends the prefix there.
    return unknown && unknown.seq < report.entries ? { report, unknown } : { report };
  }

  async head(incident: IncidentId): Promise<Head> {
    const files = this.files(incident);
    return this.withLog(files, flags.read, (fd) => this.headOf(fd, this.seam.size(fd), incident, files));
  }

  async verify(incident: IncidentId, options: { anchor?: Head } = {}): Promise<VerifyReport> {
    const report = await this.scan(incident, false, undefined, options.anchor);
    return report.torn_tail ? this.scan(incident, true, undefined, options.anchor, resumeAfter(report)) : report;
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
   * to; only the entries after that are verified and folded, so the cost does not grow with the
   * log. Without one (or with one the log no longer extends) the whole log is read, as `append`
   * reads it. The state after the written entries is saved for the next command.
   */
  async appendToState(
    incident: IncidentId,
    ctx: AppendContext,
    decide: (state: IncidentState) => IncidentEvent[] | Promise<IncidentEvent[]>,
  ): Promise<{ written: LogEntry[]; before: IncidentState }> {
    const files = this.files(incident);
    const check = await entryValidator();
    return this.locked(files, incident, async () => {
      const current = await this.currentState(files, incident);
      const events = await decide(current.state);
      if (events.length === 0) return { written: [], before: current.state };
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
      const after = written.reduce<IncidentState>((s, e) => evolve(s, e), current.state);
      const lastEntry = written.at(-1)!;
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
   * The incident's state now (call under the lock): the saved state, when the log still has its
   * entry, with every entry after it verified and folded in; else the fold of the whole log. The
   * mark says where the state ends (the head an append must extend). Saved again when more than a
   * few entries had to be folded, so that a refused command does not leave that work undone.
   */
  private async currentState(
    files: IncidentFiles,
    incident: IncidentId,
  ): Promise<{ state: IncidentState; mark: StateMark }> {
    const saved = readStateFile(files.dir, incident);
    const usable =
      saved?.state !== undefined &&
      this.withLog(files, flags.read, (fd) => markHolds(this.seam, fd, this.seam.size(fd), saved.mark));
    const state = usable ? saved.state! : initialState(incident);
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
    if (folded > 1000 && report.head.seq >= 0) writeStateFile(files.dir, mark, state);
    return { state, mark };
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
      : await acquireLock(files.lock, { timeoutMs: this.lockTimeoutMs, incident });
    try {
      return await work();
    } finally {
      lock.release();
    }
  }

  /** Open the log (never through a symlink), run `work`, close. A missing log is damage. */
  withLog<T>(files: IncidentFiles, how: number, work: (fd: number) => T): T {
    let fd: number;
    try {
      fd = this.seam.open(files.log, how);
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
    try {
      return work(fd);
    } finally {
      this.seam.close(fd);
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
  ): Promise<VerifyReport> {
    const files = this.files(incident);
    // The whole-log reader is loaded only by what reads the whole log: an append reads the tail.
    const { verifyOpenLog } = await import('./read.js');
    const options = this.verifyOptions(files, onEntry, anchor, from);
    const run = () => this.withLog(files, flags.read, (fd) => verifyOpenLog(this.seam, fd, options));
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
    // The fence: the file must be exactly as it was when the head was read under the lock.
    if (this.seam.size(fd) !== size) throw fenced(incident);
    this.hold();
    const data = Buffer.from(sealed.map((s) => `${s.line}\n`).join(''));
    let step: 'write' | 'fsync' = 'write';
    try {
      writeAll(this.seam, fd, data);
      step = 'fsync';
      this.seam.fsync(fd);
    } catch (err) {
      const undone = this.rollback(fd, size);
      throw writeFailed(incident, step, err as NodeJS.ErrnoException, undone);
    }
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
 * A verified line, parsed. Entries were held to their schema when written and the chain proves
 * them unchanged since, so reading checks only that the type is one cic knows: validating every
 * entry again would cost more than the whole `cic status` budget on a long log (DESIGN §6).
 */
function parseEntry(line: string, seq: number, incident: string): LogEntry {
  const entry = JSON.parse(line) as LogEntry;
  if (!EVENT_TYPES.has(entry.type)) throw unknownType(seq, entry.type, incident);
  return entry;
}

function unknownType(seq: number, type: unknown, incident: string): IntegrityError {
  return new IntegrityError(
    `entry #${seq} of incident ${incident} has a type cic does not know ("${visible(String(type), { singleLine: true })}")`,
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
