/**
 * The incident's write lock: a file created with O_EXCL beside the log, holding who took it.
 * A lock left by a crashed writer is reclaimed safely: at once when its process is gone (same
 * machine), after a minute when it was taken on another machine. Reclaiming goes through a second
 * O_EXCL file so that two writers finding the same stale lock cannot both remove it — the known
 * race of mtime-based locks (docs/development.md#toolchain-notes). The store still checks the chain
 * head after taking the lock, as a fence against a lock taken from under it.
 */
import { closeSync, lstatSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { BusyError, WriteFaultError } from '../../core/errors.js';
import { isFault, writeFault } from '../fault.js';

/** The calls that create a lock file: tests make them fail as a full or read-only disk would. */
export interface LockFs {
  open(path: string, flags: string, mode: number): number;
  write(fd: number, text: string): number;
  close(fd: number): void;
  unlink(path: string): void;
}

export const nodeLockFs: LockFs = {
  open: (path, flags, mode) => openSync(path, flags, mode),
  write: (fd, text) => writeSync(fd, text),
  close: (fd) => closeSync(fd),
  unlink: (path) => unlinkSync(path),
};

export interface LockOptions {
  /** How long to wait for a busy lock before giving up (BusyError, exit 5). */
  timeoutMs: number;
  /** Names the incident in messages. */
  incident: string;
  fs?: LockFs;
}

export interface Lock {
  release(): void;
}

/** A lock file whose content cannot be read is stale once this old (its writer died creating it). */
const UNREADABLE_STALE_MS = 2_000;
/** A lock from another machine is stale once this old (its owner cannot be asked). */
const REMOTE_STALE_MS = 60_000;
/** Even a live process on this machine (a recycled pid, or hung) loses the lock after this. */
const LOCAL_STALE_MS = 10 * 60_000;
const RECLAIM_STALE_MS = 5_000;

interface Holder {
  pid: number;
  host: string;
  nonce: string;
  at: string;
}

export async function acquireLock(path: string, options: LockOptions): Promise<Lock> {
  try {
    return await acquire(path, options, options.fs ?? nodeLockFs);
  } catch (err) {
    // A full or read-only disk is a fault, named with the lock file; nothing was written.
    if (isFault(err))
      throw writeFault(err, `the lock file ${path} of incident ${options.incident}`, 'Nothing was recorded.');
    throw err;
  }
}

async function acquire(path: string, options: LockOptions, fs: LockFs): Promise<Lock> {
  const me: Holder = {
    pid: process.pid,
    host: hostname(),
    nonce: randomBytes(8).toString('hex'),
    at: new Date().toISOString(),
  };
  const content = JSON.stringify(me);
  const deadline = Date.now() + options.timeoutMs;
  let wait = 2;
  let last: { text: string; mtimeMs: number } | undefined;
  for (;;) {
    if (tryCreate(fs, path, content)) return { release: () => release(path, me.nonce) };
    last = readLock(path, options.incident);
    if (last && isStale(last)) {
      reclaim(fs, path, last.text, options.incident);
      continue;
    }
    if (Date.now() >= deadline) throw busy(options, last);
    await new Promise((r) => setTimeout(r, wait + Math.random() * wait));
    wait = Math.min(wait * 2, 50);
  }
}

/** Create the file with `content`; false if it exists. A file whose write failed is removed at once. */
function tryCreate(fs: LockFs, path: string, content: string): boolean {
  let fd: number;
  try {
    fd = fs.open(path, 'wx', 0o644);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
  try {
    try {
      for (let done = 0; done < content.length;) done += fs.write(fd, content.slice(done));
    } finally {
      fs.close(fd);
    }
  } catch (err) {
    // Left behind, an empty lock would keep every writer out until it looks stale.
    try {
      fs.unlink(path);
    } catch {
      // the write's error is the one to report
    }
    throw err;
  }
  return true;
}

/**
 * The lock's content and age; undefined when it is gone. Only a regular file is a lock cic
 * made: a symbolic link (even one to nowhere) or a folder there never goes stale, so it is
 * named, not waited for.
 */
function readLock(path: string, incident: string): { text: string; mtimeMs: number } | undefined {
  try {
    const stat = lstatSync(path);
    if (!stat.isFile()) {
      const what = stat.isSymbolicLink() ? 'a symbolic link' : stat.isDirectory() ? 'a folder' : 'not a regular file';
      throw new WriteFaultError(
        `cannot take the lock of incident ${incident}: its lock file is ${what}, which cic never makes there. Nothing was recorded.`,
        `If no cic command is running, remove it (rm${stat.isDirectory() ? ' -r' : ''} ${path}) and run the command again.`,
      );
    }
    return { text: readFileSync(path, 'utf8'), mtimeMs: stat.mtimeMs };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

function parseHolder(text: string): Holder | undefined {
  try {
    const h = JSON.parse(text) as Holder;
    return typeof h.pid === 'number' && typeof h.host === 'string' ? h : undefined;
  } catch {
    return undefined;
  }
}

function isStale(lock: { text: string; mtimeMs: number }): boolean {
  const age = Date.now() - lock.mtimeMs;
  const holder = parseHolder(lock.text);
  if (!holder) return age > UNREADABLE_STALE_MS;
  if (holder.host !== hostname()) return age > REMOTE_STALE_MS;
  return !processAlive(holder.pid) || age > LOCAL_STALE_MS;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Remove the stale lock only if it is still the one judged stale, under a reclaim guard. */
function reclaim(fs: LockFs, path: string, staleText: string, incident: string): void {
  const guard = `${path}.reclaim`;
  if (!tryCreate(fs, guard, String(process.pid))) {
    const g = readLock(guard, incident);
    if (g && Date.now() - g.mtimeMs > RECLAIM_STALE_MS) unlinkQuietly(guard);
    return;
  }
  try {
    if (readLock(path, incident)?.text === staleText) unlinkQuietly(path);
  } finally {
    unlinkQuietly(guard);
  }
}

function release(path: string, nonce: string): void {
  // Only remove our own lock: if it was reclaimed from us, the file is someone else's now.
  let now;
  try {
    now = readLock(path, '');
  } catch {
    return; // not a lock of ours any more
  }
  if (now && parseHolder(now.text)?.nonce === nonce) unlinkQuietly(path);
}

function unlinkQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
}

function busy(options: LockOptions, last: { text: string } | undefined): BusyError {
  const holder = last ? parseHolder(last.text) : undefined;
  const who = holder ? ` (held by process ${holder.pid} on ${holder.host} since ${holder.at})` : '';
  const waited =
    options.timeoutMs < 1000 ? `${Math.round(options.timeoutMs)} ms` : `${Math.round(options.timeoutMs / 100) / 10} s`;
  return new BusyError(
    `incident ${options.incident} is busy: another cic command has been writing to its log for more than ${waited}${who}. Nothing was recorded.`,
    'Run the command again in a moment. If no other cic command is running, the lock is released automatically once its owner has exited.',
  );
}
