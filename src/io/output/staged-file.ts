/**
 * A file written durably and atomically in the background, in parts: each part is encoded as
 * UTF-8 on the calling thread and written, in order, on libuv's thread pool to a temporary file
 * beside its destination; `commit` then puts the whole file in place (fsync, rename, fsync of
 * the folder) and `discard` removes it. Readers see the old file or the whole new one, never a
 * part: until `commit`, nothing at `path` changes.
 *
 * Why parts: a report format of 100,000 rows is tens of megabytes, and the disk can take the
 * first rows while the last are still being rendered. And a part is encoded alone: in V8 one
 * character outside Latin-1 (a "—" in a header) makes a whole joined string two bytes per
 * character, and encoding that is several times slower than encoding the one-byte rows.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { open, rename, rm, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { flags } from '../log/fs-seam.js';

/** Parts are gathered up to this many bytes per write: one trip to the thread pool each. */
const BATCH_BYTES = 1 << 20;

// Temporary files not yet put in place or removed. A report keeps its files staged while it is
// rendered and checked (about a second for a long one); an interrupt then (Ctrl+C, a closed
// terminal, SIGTERM) removes them, and the signal then does what it would have done.
const pending = new Set<string>();
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

function onSignal(signal: NodeJS.Signals): void {
  for (const temp of pending) rmSync(temp, { force: true });
  pending.clear();
  for (const s of SIGNALS) process.off(s, onSignal);
  process.kill(process.pid, signal);
}

function track(temp: string): void {
  if (pending.size === 0) for (const s of SIGNALS) process.on(s, onSignal);
  pending.add(temp);
}

function untrack(temp: string): void {
  if (pending.delete(temp) && pending.size === 0) for (const s of SIGNALS) process.off(s, onSignal);
}

export class StagedFile {
  private readonly temp: string;
  private readonly opened: Promise<FileHandle>;
  /** The writes so far, in order; rejected once one fails (and every later one is then skipped). */
  private written: Promise<void>;
  private batch: Uint8Array[] = [];
  private batchBytes = 0;
  /** Set once nothing more may be written: the file synced and closed (finish), or closed (discard). */
  private closed?: Promise<void>;

  constructor(readonly path: string) {
    const dir = join(path, '..');
    mkdirSync(dir, { recursive: true });
    this.temp = join(
      dir,
      `.${path.slice(dir.length + 1)}.tmp-${process.pid}-${Math.random().toString(36).slice(2, 8)}`,
    );
    track(this.temp);
    this.opened = open(this.temp, flags.create, 0o644);
    this.written = this.opened.then(() => undefined);
    this.observe();
  }

  /** Append `text` (or bytes, which must not change until the file is finished) to the file. */
  write(text: string | Uint8Array): void {
    if (this.closed) throw new Error(`${this.path}: written to after it was finished`);
    const bytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
    this.batch.push(bytes);
    this.batchBytes += bytes.length;
    if (this.batchBytes >= BATCH_BYTES) this.flush();
  }

  /**
   * Everything written is on the disk (fsync) and the temporary file is closed; nothing is in
   * place yet. Call it as soon as the last part is written, so that the disk works while the
   * caller still decides whether to `commit`.
   */
  finish(): Promise<void> {
    return this.close(true);
  }

  /**
   * Put the file in place: readers of `path` see the whole new file from now on. On failure, nothing is left behind.
   */
  async commit(): Promise<void> {
    try {
      await this.finish();
      await rename(this.temp, this.path);
      untrack(this.temp);
    } catch (err) {
      await this.discard().catch(() => undefined); // the failure that matters is this one
      throw err;
    }
    const folder = await open(join(this.path, '..'), flags.dir);
    try {
      await folder.sync();
    } finally {
      await folder.close();
    }
  }

  /** Remove the temporary file (without syncing what is about to go); `path` is left as it was. */
  async discard(): Promise<void> {
    await this.close(false).catch(() => undefined);
    await rm(this.temp, { force: true });
    untrack(this.temp);
  }

  private close(sync: boolean): Promise<void> {
    if (!this.closed) {
      this.flush();
      this.closed = (async () => {
        const file = await this.opened;
        let failure: { error: unknown } | undefined;
        try {
          await this.written;
          if (sync) await file.sync();
        } catch (error) {
          failure = { error };
        }
        try {
          await file.close();
        } catch (error) {
          failure ??= { error }; // a write's or the fsync's error says more than close's
        }
        if (failure) throw failure.error;
      })();
      this.closed.catch(() => undefined); // reported by commit or discard
    }
    return this.closed;
  }

  private flush(): void {
    if (this.batchBytes === 0) return;
    const buffers = this.batch;
    const length = this.batchBytes;
    this.batch = [];
    this.batchBytes = 0;
    this.written = this.written.then(async () => {
      const file = await this.opened;
      const { bytesWritten } = await file.writev(buffers);
      // A short write (a full disk says so on the next one): the rest, a write at a time.
      if (bytesWritten < length) {
        const rest = Buffer.concat(buffers, length).subarray(bytesWritten);
        for (let at = 0; at < rest.length;) {
          const n = (await file.write(rest, at, rest.length - at)).bytesWritten;
          if (n === 0)
            throw new Error(`${this.temp}: the disk took none of the ${rest.length - at} bytes left to write`);
          at += n;
        }
      }
    });
    this.observe();
  }

  /** A failed write is reported by finish, commit or discard, not as an unhandled rejection meanwhile. */
  private observe(): void {
    this.written.catch(() => undefined);
  }
}
