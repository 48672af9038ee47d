/**
 * The local file store: one `incidents/<id>/log.jsonl` per incident (DESIGN §4).
 *
 * Append = validate and size-check the entries, take the incident's lock, read the chain head from
 * the tail, check the file has not changed under the lock (a fence against a stolen lock), write
 * all new lines in one write, fsync, release. A failed write or fsync is undone (truncated back)
 * when it can be, never retried, and always reported as "nothing was recorded".
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { CicError, ExitCode, InputError, IntegrityError } from '../errors.js';
import type { IncidentEvent } from '../incident/events.js';
import { assertIncidentId, assertNoEscape, pathInside } from '../workspace/paths.js';
import { draftEntry, sealEntry, type Sealed } from './entry.js';
import { entryValidator, type EntryCheck } from './entry-schema.js';
import { flags, nodeFs, readAt, writeAll, type FsSeam } from './fs-seam.js';
import { acquireLock, type Lock } from './lock.js';
import { readTail } from './tail.js';
import { ChainVerifier, feedLines, genesisOf, MAX_LINE_BYTES } from './verify.js';
import type { AppendContext, Head, LogEntry, LogStore, VerifyReport } from './store.js';

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

/** A write or fsync failed. Exit 1, but not a bug: the message says what the disk said. */
export class LogWriteError extends CicError {
  readonly exitCode = ExitCode.bug;
}

export interface IncidentFiles {
  dir: string;
  log: string;
  playbook: string;
  lock: string;
}

const CHUNK = 4 << 20;

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

  /** The incident's files; the id is checked before any file system call. */
  files(incident: string): IncidentFiles {
    assertIncidentId(incident);
    const dir = pathInside(this.ws.incidentsDir, incident);
    assertNoEscape(this.ws.root, dir);
    return { dir, log: join(dir, 'log.jsonl'), playbook: join(dir, 'playbook.yaml'), lock: join(dir, 'log.jsonl.lock') };
  }

  async readAll(incident: string): Promise<LogEntry[]> {
    this.files(incident); // the id is checked before anything else touches the disk
    const check = await entryValidator();
    const attempt = async (locked: boolean): Promise<LogEntry[] | VerifyReport> => {
      const entries: LogEntry[] = [];
      const report = await this.scan(incident, locked, (line, seq) => entries.push(parseEntry(line, seq, incident, check)));
      return report.ok ? entries : report;
    };
    // A torn tail seen without the lock may be a write in progress: look again under the lock.
    let result = await attempt(false);
    if (!Array.isArray(result) && result.torn_tail) result = await attempt(true);
    if (!Array.isArray(result)) throw damaged(result);
    return result;
  }

  async head(incident: string): Promise<Head> {
    const files = this.files(incident);
    return this.withLog(files, flags.read, (fd) => this.headOf(fd, this.seam.size(fd), incident, files));
  }

  async verify(incident: string, options: { anchor?: Head } = {}): Promise<VerifyReport> {
    const report = await this.scan(incident, false, undefined, options.anchor);
    return report.torn_tail ? this.scan(incident, true, undefined, options.anchor) : report;
  }

  async appendEvents(incident: string, ctx: AppendContext, events: IncidentEvent[]): Promise<LogEntry[]> {
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
    incident: string,
    ctx: AppendContext,
    decide: (entries: LogEntry[]) => IncidentEvent[] | Promise<IncidentEvent[]>,
  ): Promise<LogEntry[]> {
    const files = this.files(incident);
    const check = await entryValidator();
    return this.locked(files, incident, async () => {
      const entries: LogEntry[] = [];
      // Already under the lock: scan without taking it again.
      const report = await this.scan(incident, false, (line, seq) => entries.push(parseEntry(line, seq, incident, check)));
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

  /** SHA-256 of the frozen playbook.yaml: bound into the genesis value. */
  playbookSha256(files: IncidentFiles): string {
    let fd: number;
    try {
      fd = this.seam.open(files.playbook, flags.read);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') {
        throw new IntegrityError(`the frozen playbook.yaml of incident ${files.dir} is missing, so its log cannot be checked`, 'Restore it from a backup; nothing was changed.');
      }
      throw err;
    }
    try {
      const h = createHash('sha256');
      const size = this.seam.size(fd);
      for (let pos = 0; pos < size; pos += CHUNK) h.update(readAt(this.seam, fd, pos, Math.min(CHUNK, size - pos)));
      return h.digest('hex');
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
          throw new InputError(`there is no incident ${files.dir.split(/[\\/]/).pop()}`, 'See `cic list` for the incidents in this workspace.');
        }
        throw new IntegrityError(`the log of incident ${files.dir} is missing (log.jsonl)`, 'Restore it from a backup; cic will not start a new one.');
      }
      if (code === 'ELOOP') throw new InputError(`${files.log} is a symbolic link; refusing to use it`);
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
        throw new IntegrityError(`the log of incident ${incident} is damaged: ${tail.reason}; nothing was recorded`, `Run \`cic verify ${incident}\` for details.`);
    }
  }

  /**
   * Stream the whole log through the verifier. `locked` takes the incident's lock for the read
   * (to tell a torn tail from a write in progress).
   */
  async scan(incident: string, locked: boolean, onEntry?: (line: string, seq: number) => void, anchor?: Head): Promise<VerifyReport> {
    const files = this.files(incident);
    const run = () =>
      this.withLog(files, flags.read, (fd) => this.scanOpen(fd, incident, files, onEntry, anchor));
    return locked ? this.locked(files, incident, run) : run();
  }

  scanOpen(fd: number, incident: string, files: IncidentFiles, onEntry?: (line: string, seq: number) => void, anchor?: Head): VerifyReport {
    const size = this.seam.size(fd);
    const options = { incident, playbookSha256: this.playbookSha256(files), ...(anchor ? { anchor } : {}), ...(onEntry ? { onEntry } : {}) };
    const verifier = new ChainVerifier(options, size);
    // One buffer for the whole scan: a chunk, after the unterminated remainder of the last one.
    const buf = Buffer.allocUnsafe(CHUNK + MAX_LINE_BYTES + 2);
    let carry = 0;
    let pos = 0;
    while (pos < size) {
      const want = Math.min(CHUNK, size - pos);
      let got = 0;
      while (got < want) {
        const n = this.seam.read(fd, buf, carry + got, want - got, pos + got);
        if (n === 0) break;
        got += n;
      }
      if (got === 0) break;
      pos += got;
      const filled = carry + got;
      const rest = feedLines(verifier, buf, 0, filled, pos >= size);
      if (rest < 0) break;
      carry = filled - rest;
      if (carry > MAX_LINE_BYTES + 1) {
        // A line longer than any entry: find where it ends without holding it, then report it.
        let length = carry;
        let terminated = false;
        while (pos < size && !terminated) {
          const more = readAt(this.seam, fd, pos, Math.min(CHUNK, size - pos));
          const nl = more.indexOf(10);
          length += nl >= 0 ? nl : more.length;
          terminated = nl >= 0;
          pos += more.length;
        }
        verifier.line('', length, terminated);
        break;
      }
      buf.copyWithin(0, rest, filled);
    }
    return verifier.report((offset, length) => {
      const h = createHash('sha256');
      for (let p = offset; p < offset + length; p += CHUNK) h.update(readAt(this.seam, fd, p, Math.min(CHUNK, offset + length - p)));
      return h.digest('hex');
    });
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
    let step = 'write';
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
export function seal(incident: string, head: Head, ctx: AppendContext, events: IncidentEvent[], check: EntryCheck): Sealed[] {
  const out: Sealed[] = [];
  let prev = head.hash;
  events.forEach((e, k) => {
    const s = sealEntry(draftEntry(incident, head.seq + 1 + k, prev, ctx, e), check);
    prev = s.entry.hash;
    out.push(s);
  });
  return out;
}

/** A verified line, parsed and held to its schema (entries reaching the fold are well-formed). */
function parseEntry(line: string, seq: number, incident: string, check: EntryCheck): LogEntry {
  const entry = JSON.parse(line) as LogEntry;
  const problem = check(entry);
  if (problem) {
    throw new IntegrityError(`entry #${seq} of incident ${incident} is not a valid ${String(entry.type)} entry: ${problem}`, `Run \`cic verify ${incident}\`; the log was not written by cic as it stands.`);
  }
  return entry;
}

export function damaged(report: VerifyReport): IntegrityError {
  const id = report.incident;
  return new IntegrityError(
    `the log of incident ${id} does not verify: ${report.problem}`,
    report.torn_tail ? `Run \`cic verify ${id} --repair\` to quarantine the torn tail, then try again.` : `Run \`cic verify ${id}\` for the details; nothing was recorded.`,
  );
}

function fenced(incident: string): IntegrityError {
  return new IntegrityError(
    `the log of incident ${incident} changed while this command held its lock (another writer took the lock); nothing was recorded`,
    `Run \`cic verify ${incident}\`, then the command again.`,
  );
}

const REASONS: Record<string, string> = {
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
  EIO: 'the disk reported an input/output error',
  EROFS: 'the file system is read-only',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
};

function writeFailed(incident: string, step: string, err: NodeJS.ErrnoException, undone: boolean): LogWriteError {
  const code = err.code ?? 'error';
  const why = REASONS[code] ?? err.message;
  const message = `could not ${step === 'fsync' ? 'save (fsync)' : 'write'} the log of incident ${incident}: ${why} (${code}). Nothing was recorded.`;
  const next = code === 'ENOSPC' || code === 'EDQUOT' ? 'Free some disk space, then run the command again.' : 'Check the disk, then run the command again.';
  const hint = undone
    ? next
    : `${next} cic could not undo the partial write: run \`cic verify ${incident}\` first (and \`cic verify ${incident} --repair\` if it reports a torn tail).`;
  return new LogWriteError(message, hint);
}
