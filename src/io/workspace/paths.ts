/**
 * Every id or name that becomes part of a path is checked against an allow-list before any file
 * system call (an incident id is an `IncidentId`, parsed once where it entered: `src/core/ids.ts`),
 * and the resulting path must stay inside the workspace: no `..`, no absolute parts,
 * no percent-encoding or NUL tricks (none of those characters are allowed), and no symbolic link
 * that leads out of it.
 */
import { realpathSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { InputError } from '../../core/errors.js';
import { visible, oneLine } from '../../core/text/visible.js';

/** Ids that become file names (statement ids, template ids): lower-case, digits, `-` and `_`. */
export const SLUG = /^[a-z0-9][a-z0-9_-]{0,63}$/;
/** File names: a slug and up to three dotted suffixes, `holding-statement.v2.md`. */
export const FILE_NAME = /^[a-z0-9][a-z0-9_-]{0,63}(?:\.[a-z0-9][a-z0-9_-]{0,15}){0,3}$/;

function show(value: unknown): string {
  return typeof value === 'string' ? `"${oneLine(value)}"` : String(value);
}

export function assertSlug(id: unknown, what: string): asserts id is string {
  if (typeof id !== 'string' || !SLUG.test(id)) {
    throw new InputError(
      `${show(id)} is not a valid ${what}`,
      `A ${what} is lower-case letters, digits, "-" and "_" (at most 64), starting with a letter or digit.`,
    );
  }
}

export function assertFileName(name: unknown, what = 'file name'): asserts name is string {
  if (typeof name !== 'string' || !FILE_NAME.test(name)) {
    throw new InputError(
      `${show(name)} is not a valid ${what}`,
      'Use lower-case letters, digits, "-" and "_", with up to three dotted suffixes (e.g. holding-statement.v2.md).',
    );
  }
}

function within(root: string, target: string): boolean {
  const rel = relative(root, target);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel) && rel.split(sep)[0] !== '..');
}

/**
 * `root` joined with segments that have already passed an allow-list. Pure: a belt to the
 * allow-list's braces, it refuses any result that is not under `root`.
 */
export function pathInside(root: string, ...segments: string[]): string {
  for (const s of segments) {
    if (s === '' || s === '.' || s === '..' || s.includes('/') || s.includes('\\') || s.includes('\0')) {
      throw new InputError(`${show(s)} may not be part of a path`);
    }
  }
  const target = resolve(root, ...segments);
  if (!within(resolve(root), target)) throw new InputError(`${show(segments.join('/'))} leads outside ${root}`);
  return target;
}

/**
 * Refuse `target` if the part of it that exists resolves (through symbolic links) to somewhere
 * outside `root`. Links that stay inside the workspace are fine.
 */
export function assertNoEscape(root: string, target: string): void {
  const realRoot = realpathSync(root);
  let probe = target;
  for (;;) {
    let real: string;
    try {
      real = realpathSync(probe);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      const up = dirname(probe);
      if (up === probe) return;
      probe = up;
      continue;
    }
    if (!within(realRoot, real)) {
      throw new InputError(
        `${visible(relative(root, probe) || probe)} leads outside the workspace (to ${visible(real)}); refusing to use it`,
        'A symbolic link out of the workspace is not followed. Replace it with the real folder or file.',
      );
    }
    return;
  }
}
