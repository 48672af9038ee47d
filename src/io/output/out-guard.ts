/**
 * The one check before any `--out` file is written (`cic calendar`, `cic report`): a file a person
 * names there may go almost anywhere, but never where it would break a workspace or lose
 * someone's file. Refused, always (`--force` does not change it):
 * - anything inside a workspace's `incidents/` folder except this incident's own `reports/`;
 * - a `cic.yaml`, the workspace's live playbook, a log (`log.jsonl`, or any file whose first line
 *   is a log entry), a lock (`*.lock`, `*.reclaim`);
 * - a `reports/` (or any folder on the way) that is a symbolic link out of the workspace.
 * Refused unless `--force`: an existing file that cic did not write (recognised by the first
 * bytes each format cic writes always starts with, see `SIGNATURES`).
 * Both the path as given and the path its symbolic links lead to are checked.
 */
import { closeSync, existsSync, lstatSync, openSync, readSync, realpathSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { InputError } from '../../core/errors.js';
import { oneLine } from '../../core/text/visible.js';
import { flags } from '../log/fs-seam.js';
import type { Workspace } from '../workspace/discover.js';
import { assertNoEscape } from '../workspace/paths.js';
import { SETTINGS_FILE } from '../workspace/settings.js';

/** What cic writes to an `--out` file: each kind is recognised by how its text begins. */
export type OutKind = 'ics' | 'md' | 'html' | 'csv' | 'json';

const SIGNATURES: Record<OutKind, (head: string) => boolean> = {
  ics: (h) => h.startsWith('BEGIN:VCALENDAR') && h.includes('PRODID:-//cic//cic//'),
  md: (h) => h.startsWith('# After-action report: '),
  html: (h) => h.startsWith('<!DOCTYPE html>') && h.includes('<title>After-action report'),
  csv: (h) => h.replace(/^\uFEFF/, '').startsWith('"incident","action","occurrence"'),
  json: (h) => /^\{\s*"cic_report":/.test(h),
};

/** Enough of a file to see what it is: every signature is within its first few kilobytes. */
const HEAD_BYTES = 8192;

export interface OutTarget {
  /** Absolute path of the file to be written. */
  path: string;
  kind: OutKind;
}

export interface OutContext {
  ws: Pick<Workspace, 'root' | 'incidentsDir' | 'settingsFile' | 'playbookFile'>;
  /** The incident the command is about: its `reports/` is the one place in `incidents/` allowed. */
  incident: string;
  /** `--force`: replace an existing file cic did not write. */
  force: boolean;
  /** The option as the person typed it, for messages. */
  flag: string;
}

/** Throws InputError (exit 2) when any of `targets` may not be written. Writes nothing. */
export function assertOutAllowed(targets: readonly OutTarget[], ctx: OutContext): void {
  for (const t of targets) checkOne(t, ctx);
}

function checkOne(target: OutTarget, ctx: OutContext): void {
  const { ws, incident } = ctx;
  const path = resolve(target.path);
  const real = realTarget(path);
  const shown = oneLine(path);
  const refuse = (why: string, hint: string): never => {
    throw new InputError(`${ctx.flag} ${shown}: ${why}; refusing to write it`, hint);
  };
  const elsewhere = `Give ${ctx.flag} a file outside the workspace's incidents/ folder, or leave it out.`;

  const current = new Set([resolve(ws.root), realOf(ws.root)]);
  for (const p of new Set([path, real])) {
    for (const root of workspaceRoots(p, current)) {
      if (!inside(join(root, 'incidents'), p)) continue;
      const ownReports = join(root, 'incidents', incident, 'reports');
      if (current.has(root) && inside(ownReports, p) && p !== ownReports) continue;
      refuse(
        `it is inside ${current.has(root) ? "the workspace's" : "another workspace's"} incidents/ folder, where only cic writes (only incident ${incident}'s reports/ folder may hold an --out file)`,
        elsewhere,
      );
    }
    const name = basename(p);
    if (name === SETTINGS_FILE || p === resolve(ws.settingsFile))
      refuse("it is a workspace's settings file", elsewhere);
    if (p === resolve(ws.playbookFile) || p === realOf(ws.playbookFile))
      refuse("it is the workspace's playbook", elsewhere);
    if (name === 'log.jsonl') refuse('it is named like an incident log', elsewhere);
    if (/\.(lock|reclaim)$/.test(name)) refuse('it is named like a lock file', elsewhere);
  }
  // Inside this incident's reports/: that folder must not lead out of the workspace.
  if (inside(ws.incidentsDir, path)) assertNoEscape(ws.root, path);

  let stat;
  try {
    stat = lstatSync(real);
  } catch {
    return; // nothing there yet
  }
  if (stat.isDirectory()) refuse('it is a folder', 'Give a file name.');
  const head = readHead(real);
  if (looksLikeLog(head)) refuse('it holds a log (its first line is a log entry)', elsewhere);
  if (!ctx.force && !SIGNATURES[target.kind](head)) {
    refuse(
      'the file exists and cic did not write it',
      `Choose another file name, or add --force to replace ${oneLine(basename(path))}.`,
    );
  }
}

/** `path` with every symbolic link of the part that exists resolved. */
function realTarget(path: string): string {
  let probe = path;
  const rest: string[] = [];
  for (;;) {
    try {
      return join(realpathSync(probe), ...rest.reverse());
    } catch {
      const up = dirname(probe);
      if (up === probe) return path;
      rest.push(basename(probe));
      probe = up;
    }
  }
}

function realOf(path: string): string {
  return realTarget(resolve(path));
}

/** The current workspace and any other one above `path` (a folder holding `cic.yaml`). */
function workspaceRoots(path: string, current: ReadonlySet<string>): string[] {
  const roots = [...current];
  for (let dir = dirname(path); ; dir = dirname(dir)) {
    if (existsSync(join(dir, SETTINGS_FILE))) roots.push(dir);
    if (dirname(dir) === dir) break;
  }
  return [...new Set(roots)];
}

function inside(folder: string, path: string): boolean {
  const rel = relative(folder, path);
  return rel === '' || (!isAbsolute(rel) && rel.split(sep)[0] !== '..');
}

function readHead(path: string): string {
  let fd: number;
  try {
    fd = openSync(path, flags.read);
  } catch {
    return ''; // unreadable: not one of ours; the write itself will say why it fails
  }
  try {
    const buf = Buffer.alloc(HEAD_BYTES);
    const n = readSync(fd, buf, 0, HEAD_BYTES, 0);
    return buf.subarray(0, n).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

function looksLikeLog(head: string): boolean {
  const first = head.split('\n', 1)[0]!;
  return first.startsWith('{') && /"prev":"/.test(first) && /"hash":"/.test(first) && /"seq":\d/.test(first);
}
