/**
 * Several files replaced as one, durably: the after-action report's formats are evidence a clerk
 * files together, so after `replaceFiles` either every file is the new one or every one is as it
 * was (absent, or its old text).
 *
 * 1. Stage: each text goes to a temporary file beside its destination (created exclusively,
 *    fsync'd), all of them open at once and written as the texts are made, so no text is ever
 *    held whole (`replaceFilesStreamed`; a report of a long log is larger than the longest string
 *    JavaScript can hold). A failure removes every temporary file; nothing at a destination has
 *    changed.
 * 2. Keep: each destination that exists is hard-linked to a backup name beside it.
 * 3. Put in place: each temporary file is renamed over its destination. When rename k fails, the
 *    k before it are undone (the backup renamed back, or the new file removed where there was
 *    none), so the set is old again; then the error is thrown.
 * 4. The folders are fsync'd (the renames survive a power cut) and the backups removed.
 *
 * A crash between two renames of step 3 can leave some files new and some old; the old text is
 * then still beside them in the `.bak-` files. An interrupt (Ctrl+C, SIGTERM, a closed terminal)
 * while files are staged removes them and ends the process as the signal would have; one that
 * comes while they are put in place waits for the few renames to finish.
 */
import * as fs from 'node:fs';
import { dirname, join } from 'node:path';
import { flags } from '../log/fs-seam.js';

/** The file-system calls used here (tests make one fail where a real disk could). */
export interface FileSetOps {
  open(path: string, flags: number, mode: number): number;
  write(fd: number, data: Uint8Array, offset: number, length: number): number;
  fsync(fd: number): void;
  close(fd: number): void;
  link(from: string, to: string): void;
  rename(from: string, to: string): void;
  unlink(path: string): void;
  exists(path: string): boolean;
}

export const nodeFileOps: FileSetOps = {
  open: (path, how, mode) => fs.openSync(path, how, mode),
  write: (fd, data, offset, length) => fs.writeSync(fd, data, offset, length),
  fsync: (fd) => fs.fsyncSync(fd),
  close: (fd) => fs.closeSync(fd),
  link: (from, to) => fs.linkSync(from, to),
  rename: (from, to) => fs.renameSync(from, to),
  unlink: (path) => fs.rmSync(path, { force: true }),
  exists: (path) => fs.existsSync(path),
};

export interface FileText {
  path: string;
  text: string;
}

/** Where a staged file's text goes, a chunk at a time (written out in large pieces). */
export interface FileSink {
  write(text: string): void;
}

/**
 * Awaited now and then while files are filled: lets a signal be seen, and throws once one came
 * (the staged files are then removed).
 */
export type Checkpoint = () => Promise<void>;

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/** Replace every file in `files` with its text, all or nothing (see above). */
export async function replaceFiles(files: readonly FileText[], ops: FileSetOps = nodeFileOps): Promise<void> {
  await replaceFilesStreamed(
    files.map((f) => f.path),
    (sinks) => files.forEach((f, k) => sinks[k]!.write(f.text)),
    ops,
  );
}

/**
 * `replaceFiles` for texts too large to hold: every temporary file is open at once and `fill`
 * writes each through its sink (`sinks[k]` for `paths[k]`), as it makes the text; then they are
 * synced and put in place together exactly as `replaceFiles` does. `fill` awaits `checkpoint`
 * between large steps so that an interrupt is seen while it runs. If `fill` throws, every
 * temporary file is removed and nothing at a destination has changed.
 */
export async function replaceFilesStreamed(
  paths: readonly string[],
  fill: (sinks: FileSink[], checkpoint: Checkpoint) => Promise<void> | void,
  ops: FileSetOps = nodeFileOps,
): Promise<void> {
  let interrupted: NodeJS.Signals | undefined;
  const onSignal = (signal: NodeJS.Signals) => (interrupted ??= signal);
  for (const s of SIGNALS) process.on(s, onSignal);
  const checkpoint = async () => {
    // A signal that came while files were written is handled now: it reaches its listener in the
    // event loop's poll phase, which the first turn may already be past.
    for (let turn = 0; turn < 2; turn++) await new Promise((resolve) => setImmediate(resolve));
    if (interrupted) throw new Error(`interrupted by ${interrupted}; nothing was changed`);
  };
  const suffix = `${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  const beside = (path: string, kind: string) =>
    join(dirname(path), `.${path.slice(dirname(path).length + 1)}.${kind}-${suffix}`);
  const files = paths.map((path) => ({ path }));
  const temps: string[] = [];
  const staged: StagedFile[] = [];
  const backups = new Map<string, string>();
  try {
    try {
      for (const file of files) {
        const temp = beside(file.path, 'tmp');
        temps.push(temp);
        staged.push(new StagedFile(ops, temp, ops.open(temp, flags.create, 0o644)));
      }
      await fill(staged, checkpoint);
      for (const file of staged) file.flush();
      for (const file of staged) ops.fsync(file.fd);
    } finally {
      for (const file of staged) ops.close(file.fd);
    }
    await checkpoint();
    for (const file of files) {
      if (!ops.exists(file.path)) continue;
      const backup = beside(file.path, 'bak');
      ops.link(file.path, backup);
      backups.set(file.path, backup);
    }
    putInPlace(ops, files, temps, backups);
    for (const dir of new Set(files.map((f) => dirname(f.path)))) fsyncDir(ops, dir);
  } catch (err) {
    for (const temp of temps) ops.unlink(temp);
    throw err;
  } finally {
    for (const backup of backups.values()) ops.unlink(backup);
    for (const s of SIGNALS) process.off(s, onSignal);
    if (interrupted) process.kill(process.pid, interrupted);
  }
}

/**
 * A staged file's bytes are gathered in one buffer of this size and written when it is full. Each
 * chunk is encoded straight into it: no text is joined and no buffer made per write, which would
 * leave garbage for the collector at the rate the report is written (most of a report's peak
 * memory at 2,000,000 entries, docs/report-streaming.md).
 */
const BUFFER_BYTES = 4 << 20;

/** A temporary file being filled. */
class StagedFile implements FileSink {
  private readonly buffer = Buffer.allocUnsafe(BUFFER_BYTES);
  private used = 0;

  constructor(
    private readonly ops: FileSetOps,
    private readonly path: string,
    readonly fd: number,
  ) {}

  write(text: string): void {
    // UTF-8 takes at most 3 bytes per UTF-16 code unit.
    if (this.used + text.length * 3 > BUFFER_BYTES) this.flush();
    if (text.length * 3 > BUFFER_BYTES) this.writeOut(Buffer.from(text, 'utf8'));
    else this.used += this.buffer.write(text, this.used, 'utf8');
  }

  flush(): void {
    if (this.used === 0) return;
    const used = this.used;
    this.used = 0;
    this.writeOut(this.buffer.subarray(0, used));
  }

  private writeOut(bytes: Buffer): void {
    for (let at = 0; at < bytes.length;) {
      const n = this.ops.write(this.fd, bytes, at, bytes.length - at);
      if (n <= 0)
        throw Object.assign(new Error(`${this.path}: the disk took none of the bytes left to write`), { code: 'EIO' });
      at += n;
    }
  }
}

/** Rename every staged file over its destination; on a failure, undo the renames made so far. */
function putInPlace(
  ops: FileSetOps,
  files: readonly { path: string }[],
  temps: string[],
  backups: Map<string, string>,
): void {
  let k = 0;
  try {
    for (; k < files.length; k++) ops.rename(temps[k]!, files[k]!.path);
  } catch (err) {
    for (let j = 0; j < k; j++) {
      const path = files[j]!.path;
      const backup = backups.get(path);
      if (backup === undefined) ops.unlink(path);
      else {
        ops.rename(backup, path);
        backups.delete(path);
      }
    }
    throw err;
  }
}

function fsyncDir(ops: FileSetOps, dir: string): void {
  const fd = ops.open(dir, flags.dir, 0);
  try {
    ops.fsync(fd);
  } finally {
    ops.close(fd);
  }
}
