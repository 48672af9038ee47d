/**
 * The incident's write lock: a file created with O_EXCL beside the log, holding who took it.
 * A lock left by a crashed writer is reclaimed safely: at once when its process is gone (same
 * machine), after a minute when it was taken on another machine. Reclaiming goes through a second
 * O_EXCL file so that two writers finding the same stale lock cannot both remove it — the known
 * race of mtime-based locks (docs/development.md#toolchain-notes). The store still checks the chain
 * head after taking the lock, as a fence against a lock taken from under it.
 */
import { closeSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { BusyError } from '../../core/errors.js';

export interface LockOptions {
  /** How long to wait for a busy lock before giving up (BusyError, exit 5). */
  timeoutMs: number;
  /** Names the incident in messages. */
  incident: string;
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
    if (tryCreate(path, content)) return { release: () => release(path, me.nonce) };
    last = readLock(path);
    if (last && isStale(last)) {
      reclaim(path, last.text);
      continue;
    }
    if (Date.now() >= deadline) throw busy(options, last);
    await new Promise((r) => setTimeout(r, wait + Math.random() * wait));
    wait = Math.min(wait * 2, 50);
  }
}

function tryCreate(path: string, content: string): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'wx', 0o644);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
  try {
    writeSync(fd, content);
  } finally {
    closeSync(fd);
  }
  return true;
}

function readLock(path: string): { text: string; mtimeMs: number } | undefined {
  try {
    const mtimeMs = statSync(path).mtimeMs;
    return { text: readFileSync(path, 'utf8'), mtimeMs };
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
function reclaim(path: string, staleText: string): void {
  const guard = `${path}.reclaim`;
  if (!tryCreate(guard, String(process.pid))) {
    const g = readLock(guard);
    if (g && Date.now() - g.mtimeMs > RECLAIM_STALE_MS) unlinkQuietly(guard);
    return;
  }
  try {
    if (readLock(path)?.text === staleText) unlinkQuietly(path);
  } finally {
    unlinkQuietly(guard);
  }
}

function release(path: string, nonce: string): void {
  // Only remove our own lock: if it was reclaimed from us, the file is someone else's now.
  const now = readLock(path);
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
  const secs = Math.round(options.timeoutMs / 100) / 10;
  return new BusyError(
    `incident ${options.incident} is busy: another cic command has been writing to its log for more than ${secs} s${who}. Nothing was recorded.`,
    'Run the command again in a moment. If no other cic command is running, the lock is released automatically once its owner has exited.',
  );
}
