/**
 * The file-system seam of the log store: every call that touches log bytes goes through here, so
 * tests can make a write or an fsync fail (EIO, ENOSPC) exactly where a real disk would. Calls are
 * synchronous: a command does one thing at a time, and sync calls keep `cic note` fast.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';

export interface FsSeam {
  open(path: string, flags: number, mode?: number): number;
  close(fd: number): void;
  /** Bytes read into `buffer[offset, offset+length)` from file `position`. */
  read(fd: number, buffer: Uint8Array, offset: number, length: number, position: number): number;
  /** Bytes written; may be fewer than asked (the caller continues). With O_APPEND, at the end. */
  write(fd: number, buffer: Uint8Array, offset: number, length: number): number;
  fsync(fd: number): void;
  size(fd: number): number;
  truncate(fd: number, length: number): void;
}

export const nodeFs: FsSeam = {
  open: (path, flags, mode) => fs.openSync(path, flags, mode),
  close: (fd) => fs.closeSync(fd),
  read: (fd, buffer, offset, length, position) => fs.readSync(fd, buffer, offset, length, position),
  write: (fd, buffer, offset, length) => fs.writeSync(fd, buffer, offset, length),
  fsync: (fd) => fs.fsyncSync(fd),
  size: (fd) => fs.fstatSync(fd).size,
  truncate: (fd, length) => fs.ftruncateSync(fd, length),
};

const { O_RDONLY, O_WRONLY, O_RDWR, O_APPEND, O_CREAT, O_EXCL } = fs.constants;
// Never follow a symlink at the log's own name: a link out of the workspace is refused (ELOOP).
const O_NOFOLLOW = fs.constants.O_NOFOLLOW ?? 0;

export const flags = {
  read: O_RDONLY | O_NOFOLLOW,
  append: O_RDWR | O_APPEND | O_NOFOLLOW,
  create: O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW,
  /** Directories are opened read-only to fsync them (after creating or renaming a file in them). */
  dir: O_RDONLY,
};

/** Read exactly `length` bytes at `position` (fewer only at end of file). */
export function readAt(seam: FsSeam, fd: number, position: number, length: number): Buffer {
  return readInto(seam, fd, position, Buffer.allocUnsafe(length));
}

/** Fill `buf` from file `position` on; the part filled (shorter only at end of file). */
export function readInto(seam: FsSeam, fd: number, position: number, buf: Buffer): Buffer {
  let got = 0;
  while (got < buf.length) {
    const n = seam.read(fd, buf, got, buf.length - got, position + got);
    if (n === 0) break;
    got += n;
  }
  return got === buf.length ? buf : buf.subarray(0, got);
}

/** Write all of `data`, continuing after short writes. A failure throws (no retry of a failed call). */
export function writeAll(seam: FsSeam, fd: number, data: Uint8Array): void {
  let done = 0;
  while (done < data.length) {
    const n = seam.write(fd, data, done, data.length - done);
    if (n <= 0) throw Object.assign(new Error('write made no progress'), { code: 'EIO' });
    done += n;
  }
}

const CHUNK = 4 << 20;

/** SHA-256 (hex) of `length` bytes of an open file from `offset`, read in chunks. */
export function sha256Of(seam: FsSeam, fd: number, offset: number, length: number): string {
  const h = createHash('sha256');
  for (let p = offset; p < offset + length; p += CHUNK)
    h.update(readAt(seam, fd, p, Math.min(CHUNK, offset + length - p)));
  return h.digest('hex');
}

/** fsync a folder, so a file created or renamed in it survives a power cut. */
export function fsyncDir(seam: FsSeam, dir: string): void {
  const fd = seam.open(dir, flags.dir);
  try {
    seam.fsync(fd);
  } finally {
    seam.close(fd);
  }
}
