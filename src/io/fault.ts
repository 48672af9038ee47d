/**
 * A file system that refuses a write is a fault of the machine, not a bug in cic (exit 6,
 * docs/safety.md#write-faults-exit-6): the message says what could not be written, why, and whether anything was
 * recorded. `recorded` is kept by the log store: an append that succeeded in this process is
 * named, so "nothing was recorded" is said only when it is true.
 */
import { WriteFaultError } from '../core/errors.js';
import { oneLine } from '../core/text/visible.js';

const REASONS: Record<string, string> = {
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
  EROFS: 'the file system is read-only',
  EACCES: 'permission denied',
  EPERM: 'the operation is not permitted',
  EISDIR: 'a folder is in the way',
  ENOTDIR: 'a file is in the way where a folder should be',
  EIO: 'the disk reported an input/output error',
  EMFILE: 'too many files are open',
  ENFILE: 'too many files are open',
  ENAMETOOLONG: 'the path is too long',
  EEXIST: 'something else is already there',
};

const NEXT: Record<string, string> = {
  ENOSPC: 'Free some disk space, then run the command again.',
  EDQUOT: 'Free some space within your quota, then run the command again.',
  EROFS: 'Use a folder on a writable disk (or remount it read-write), then run the command again.',
  EACCES: 'Check who owns the folder and its permissions (ls -l), then run the command again.',
  EPERM: 'Check who owns the folder and its permissions (ls -l), then run the command again.',
  EISDIR: 'Give a file name rather than a folder, or move the folder away.',
  ENOTDIR: 'Check the path: one of its folders is a file.',
};

/** The entries appended in this process, for the message of a fault that comes after them. */
const recorded: { incident: string; seq: number }[] = [];

export function noteRecorded(incident: string, seq: number): void {
  recorded.push({ incident, seq });
}

/** "Nothing was recorded." or which entries were. */
export function recordedWords(): string {
  if (recorded.length === 0) return 'Nothing was recorded.';
  const last = recorded.at(-1)!;
  const first = recorded.find((r) => r.incident === last.incident)!;
  const which = first.seq === last.seq ? `entry #${last.seq}` : `entries #${first.seq}–#${last.seq}`;
  return `The log of incident ${last.incident} did record ${which} before this failed.`;
}

export function isFault(err: unknown): err is NodeJS.ErrnoException {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  return typeof code === 'string' && code in REASONS && code !== 'EEXIST';
}

export function faultReason(code: string | undefined, fallback: string): string {
  return (code && REASONS[code]) ?? fallback;
}

/**
 * `what` could not be written (e.g. "the report file incidents/2026-0001/reports/report.md").
 * `recordedNote` overrides the words about the log (for a step whose log entry is known).
 */
export function writeFault(err: NodeJS.ErrnoException, what: string, recordedNote = recordedWords()): WriteFaultError {
  const code = err.code ?? 'error';
  return new WriteFaultError(
    `could not write ${oneLine(what)}: ${faultReason(code, err.message)} (${code}). ${recordedNote}`,
    NEXT[code] ?? 'Check the disk, then run the command again.',
  );
}

/** What an error from the fs module names: its path, or the step. */
export function faultTarget(err: NodeJS.ErrnoException): string {
  const dest = (err as { dest?: string }).dest;
  if (err.path) return dest ? `${err.path} (to ${dest})` : err.path;
  return `a file (${err.syscall ?? 'write'})`;
}

/** Run `work`; a fault from the file system becomes a WriteFaultError about `what`. */
export function guardWrite<T>(what: string, work: () => T): T {
  try {
    return work();
  } catch (err) {
    if (isFault(err)) throw writeFault(err, what);
    throw err;
  }
}

export async function guardWriteAsync<T>(what: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (isFault(err)) throw writeFault(err, what);
    throw err;
  }
}
