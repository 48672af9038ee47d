/**
 * Statement draft files: the folder store's copies, `incidents/<id>/drafts/<statement>.v<N>.md`
 * (the PostgreSQL store keeps none: src/io/log/store.ts), and the atomic file writer that exports
 * and calendars use too. The log binds each version to the SHA-256 of its words, so a copy is
 * written whole before its `statement.drafted`
 * entry is appended (temp file, fsync, rename, fsync the folder) and is removed again if the
 * append fails: a draft on disk without its log entry, or an entry whose file is half there, is
 * never left behind.
 *
 * The statement id becomes part of a file name: it passes the workspace's slug allow-list and the
 * path must stay inside the incident folder before any file system call.
 */
import { createHash } from 'node:crypto';
import {
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../../core/errors.js';
import { flags } from '../log/fs-seam.js';
import { oneLine } from '../../core/text/visible.js';
import { assertFileName, assertNoEscape, assertSlug, pathInside } from './paths.js';

/** The absolute path of a draft file named in the log (`drafts/x.vN.md`), checked. */
export function draftPathOf(incidentDir: string, relative: string): string {
  const m = /^drafts\/([^/]+)$/.exec(relative);
  if (!m) throw new InputError(`the log names a draft file outside drafts/: "${oneLine(relative)}"`);
  assertFileName(m[1], 'draft file name');
  const path = pathInside(incidentDir, 'drafts', m[1]!);
  assertNoEscape(incidentDir, path);
  return path;
}

/** The path of version `version` of `statement`, checked before use. */
export function draftPath(incidentDir: string, statement: string, version: number): string {
  assertSlug(statement, 'statement id');
  return draftPathOf(incidentDir, `drafts/${statement}.v${version}.md`);
}

export const sha256Hex = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');

/** The file's text, or undefined when it does not exist. */
export function readDraft(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/** SHA-256 of the file's bytes as they are now, or undefined when it is missing. */
export function fileSha256(path: string): string | undefined {
  try {
    return sha256Hex(readFileSync(path));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

function fsyncDir(dir: string): void {
  const fd = openSync(dir, flags.dir);
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Write `text` to `path` durably and atomically: readers see the old file or the whole new one.
 * A leftover file at `path` (a draft whose log entry never got written) is replaced.
 */
export function writeDraftAtomic(path: string, text: string): void {
  const dir = join(path, '..');
  mkdirSync(dir, { recursive: true });
  const temp = join(dir, `.${path.slice(dir.length + 1)}.tmp-${process.pid}`);
  try {
    const fd = openSync(temp, flags.create, 0o644);
    try {
      const bytes = Buffer.from(text, 'utf8');
      for (let off = 0; off < bytes.length;) off += writeSync(fd, bytes, off, bytes.length - off);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, path);
    fsyncDir(dir);
  } catch (err) {
    rmSync(temp, { force: true });
    throw err;
  }
}

/** Every `drafts/*.md` of the incident folder (not temporary files), sorted, with its SHA-256 now. */
export function draftCopiesIn(incidentDir: string): { file: string; sha256: string }[] {
  let names: string[];
  try {
    names = readdirSync(join(incidentDir, 'drafts'));
  } catch {
    return [];
  }
  return names
    .filter((n) => n.endsWith('.md') && !n.startsWith('.'))
    .sort()
    .flatMap((n) => {
      const sha256 = fileSha256(join(incidentDir, 'drafts', n));
      return sha256 === undefined ? [] : [{ file: `drafts/${n}`, sha256 }];
    });
}

/** Remove a draft written for an entry that was not appended. */
export function removeDraft(path: string): void {
  rmSync(path, { force: true });
  try {
    fsyncDir(join(path, '..'));
  } catch {
    // the folder is gone too: nothing to sync
  }
}

/** The name the log gives version `version` of `statement`: `drafts/<statement>.v<N>.md`. */
export function draftFileName(statement: string, version: number): string {
  assertSlug(statement, 'statement id');
  return `drafts/${statement}.v${version}.md`;
}
