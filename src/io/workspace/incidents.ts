/**
 * Incident folders: `incidents/<YYYY-NNNN>/` with `log.jsonl`, the frozen `playbook.yaml`,
 * `drafts/` and `reports/` (docs/clerk.md#the-incident-folder). Ids are allocated with an atomic mkdir, so two people
 * opening incidents at the same moment get different ids.
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
import { join, relative } from 'node:path';
import { IntegrityError, InputError } from '../../core/errors.js';
import type { LoadedPlaybook, Playbook } from '../../core/playbook/model.js';
import { flags, nodeFs, readAt } from '../log/fs-seam.js';
import { markHolds, readStateFile, STATE_FORMAT, writeStateFile } from '../log/state-file.js';
import { readTail } from '../log/tail.js';
import type { Workspace } from './discover.js';
import { INCIDENT_ID, parseIncidentId, type IncidentId } from '../../core/ids.js';
import { assertNoEscape, pathInside } from './paths.js';
import { packageRoot } from '../schemas/package-root.js';

/** The derived, JSON form of the frozen playbook (parsing YAML on every command is too slow). */
export const PLAYBOOK_CACHE = '.playbook.json';

let format: string | undefined;

/**
 * What a cache is tagged with: the SHA-256 of the playbook schema this cic loads playbooks with. A
 * cache is the model an earlier cic derived from the YAML; after an upgrade that changed the
 * model's shape it would be read as the new shape (an anchor object the new code does not know
 * became an undefined action id in status). A cache of another schema is rebuilt, not believed.
 */
export function playbookCacheFormat(): string {
  return (format ??= createHash('sha256')
    .update(readFileSync(join(packageRoot(), 'schemas', 'playbook.schema.json')))
    .digest('hex'));
}

/** The incident's folder: inside the workspace, and not through a symbolic link leading out of it. */
export function incidentDir(ws: Pick<Workspace, 'root' | 'incidentsDir'>, id: IncidentId): string {
  const dir = pathInside(ws.incidentsDir, id);
  assertNoEscape(ws.root, dir);
  return dir;
}

/**
 * Make a new incident folder and return its id: the next free `YYYY-NNNN` for the year of `now`
 * in the playbook's time zone. The log is created last, so a folder without one is an opening that
 * did not finish (and is not listed).
 */
export async function createIncident(
  ws: Pick<Workspace, 'root' | 'incidentsDir'>,
  loaded: LoadedPlaybook,
  now: Date,
): Promise<IncidentId> {
  mkdirSync(ws.incidentsDir, { recursive: true });
  assertNoEscape(ws.root, ws.incidentsDir);
  const year = yearIn(now, loaded.playbook.time_zone);
  const taken = readdirSync(ws.incidentsDir).filter((n) => INCIDENT_ID.test(n) && n.startsWith(`${year}-`));
  let n = taken.reduce((max, name) => Math.max(max, Number(name.slice(5))), 0);
  let id: IncidentId;
  for (;;) {
    n += 1;
    if (n > 9999) throw new InputError(`no incident ids left for ${year} (the last is ${year}-9999)`);
    id = parseIncidentId(`${year}-${String(n).padStart(4, '0')}`);
    try {
      mkdirSync(pathInside(ws.incidentsDir, id)); // atomic: exactly one process creates it
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  const dir = pathInside(ws.incidentsDir, id);
  try {
    writeNew(join(dir, 'playbook.yaml'), loaded.source);
    writeCache(dir, loaded.sha256, loaded.playbook);
    mkdirSync(join(dir, 'drafts'));
    mkdirSync(join(dir, 'reports'));
    writeNew(join(dir, 'log.jsonl'), '');
    fsyncPath(dir);
    fsyncPath(ws.incidentsDir);
  } catch (err) {
    // A full disk part-way: the folder is ours (made above) and holds no entry yet.
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  return id;
}

/** The year of `now` in the playbook's time zone: the first half of a new incident's id. */
export function yearIn(now: Date, timeZone: string): string {
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric' }).format(now);
  } catch {
    return String(now.getUTCFullYear());
  }
}

function writeNew(path: string, text: string): void {
  const fd = openSync(path, flags.create, 0o644);
  try {
    if (text !== '') writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function fsyncPath(dir: string): void {
  const fd = openSync(dir, flags.dir);
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Replace the playbook cache atomically; a cache that cannot be written is only a slower start. */
function writeCache(dir: string, sha256: string, playbook: Playbook): void {
  const path = join(dir, PLAYBOOK_CACHE);
  const temp = `${path}.tmp-${process.pid}`;
  try {
    const fd = openSync(temp, 'w', 0o644);
    try {
      writeSync(fd, JSON.stringify({ format: playbookCacheFormat(), sha256, playbook }));
    } finally {
      closeSync(fd);
    }
    renameSync(temp, path);
  } catch {
    rmSync(temp, { force: true });
  }
}

/** Every incident with a log, oldest id first. */
export function listIncidents(ws: Pick<Workspace, 'root' | 'incidentsDir'>): IncidentId[] {
  let names: string[];
  try {
    names = readdirSync(ws.incidentsDir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  return names.filter((n): n is IncidentId => INCIDENT_ID.test(n) && hasLog(pathInside(ws.incidentsDir, n))).sort();
}

function hasLog(dir: string): boolean {
  try {
    closeSync(openSync(join(dir, 'log.jsonl'), flags.read));
    return true;
  } catch {
    return false;
  }
}

export type Lifecycle = 'open' | 'closed' | 'empty';

// In canonical form `type` is the last member but `v`, so a top-level type is followed by `,"v":1}`
// and the end of the line: a nested {"type": …} inside data can never be.
const CLOSED = Buffer.from('"type":"incident.closed","v":1}\n');
const REOPENED = Buffer.from('"type":"incident.reopened","v":1}\n');

/**
 * Open or closed, from the latest `incident.closed` / `incident.reopened` entry, searched from the
 * end of the log back to the entry the state beside the log was saved at (src/io/log/state-file.ts),
 * whose status holds before it: the cost is the entries written since the last recording command,
 * not the log. Without a usable saved state the whole log is searched once, and its status saved.
 * A byte search, not a verification: `loadIncident` does that.
 */
export function incidentLifecycle(ws: Pick<Workspace, 'root' | 'incidentsDir'>, id: IncidentId): Lifecycle {
  const dir = incidentDir(ws, id);
  const fd = nodeFs.open(join(dir, 'log.jsonl'), flags.read);
  try {
    const size = nodeFs.size(fd);
    if (size === 0) return 'empty';
    const saved = readStateFile(dir, id, { markOnly: true })?.mark;
    const mark = saved && markHolds(nodeFs, fd, size, saved) ? saved : undefined;
    const found = lastLifecycleEntry(fd, mark?.end ?? 0, size);
    if (found) return found;
    if (mark) return mark.status;
    const tail = readTail(nodeFs, fd, size, id);
    if (tail.kind === 'entry') {
      // Only the status: `simulated` is not counted, and nothing resumes a fold from a mark without a state.
      const { seq, hash, offset: start } = tail;
      writeStateFile(dir, {
        format: STATE_FORMAT,
        incident: id,
        seq,
        hash,
        start,
        end: size,
        simulated: 0,
        status: 'open',
      });
    }
    return 'open';
  } finally {
    nodeFs.close(fd);
  }
}

/** The latest closing or reopening in the log's bytes [from, size), searched from the end. */
function lastLifecycleEntry(fd: number, from: number, size: number): 'open' | 'closed' | undefined {
  const block = 64 << 10;
  const overlap = REOPENED.length;
  for (let end = size; end > from; end -= block) {
    const start = Math.max(from, end - block - overlap);
    const buf = readAt(nodeFs, fd, start, Math.min(end + overlap, size) - start);
    const closed = buf.lastIndexOf(CLOSED);
    const reopened = buf.lastIndexOf(REOPENED);
    if (closed >= 0 || reopened >= 0) return closed > reopened ? 'closed' : 'open';
  }
  return undefined;
}

/**
 * The playbook an incident was opened under: the frozen `playbook.yaml`, read through its JSON
 * cache when the cache belongs to exactly these bytes, else loaded (and validated) from the YAML
 * and the cache rebuilt. `fresh` skips the cache (audits, `cic verify`).
 */
export async function frozenPlaybook(
  ws: Pick<Workspace, 'root' | 'incidentsDir'>,
  id: IncidentId,
  options: { fresh?: boolean; keepCache?: boolean } = {},
): Promise<LoadedPlaybook> {
  const dir = incidentDir(ws, id);
  const file = join(dir, 'playbook.yaml');
  let bytes: Buffer;
  try {
    const fd = nodeFs.open(file, flags.read);
    try {
      bytes = readAt(nodeFs, fd, 0, nodeFs.size(fd));
    } finally {
      nodeFs.close(fd);
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new IntegrityError(
        `the frozen playbook.yaml of incident ${id} is missing`,
        'Restore it from a backup; the incident cannot be read without it.',
      );
    }
    throw err;
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const source = bytes.toString('utf8');
  const display = relative(process.cwd(), file) || file;
  if (!options.fresh) {
    const cached = readCache(dir, sha256);
    if (cached) return { playbook: cached, file: display, sha256, source };
  }
  const loaded = await loadPlaybookFile(file);
  if (loaded.sha256 !== sha256) {
    throw new IntegrityError(
      `the frozen playbook of incident ${id} does not load as itself (its digest changed on loading)`,
      'Report this as a bug in cic.',
    );
  }
  if (!options.keepCache) writeCache(dir, sha256, loaded.playbook);
  return { ...loaded, file: display };
}

export type CacheState = 'ok' | 'missing' | 'differs' | 'rebuilt' | 'unloadable';

/**
 * Whether the JSON cache says what the frozen YAML says (`cic verify` checks it: commands trust the
 * cache). With `rebuild`, a missing or differing cache is written afresh from the YAML.
 */
export async function checkPlaybookCache(
  ws: Pick<Workspace, 'root' | 'incidentsDir'>,
  id: IncidentId,
  rebuild = false,
): Promise<CacheState> {
  const dir = incidentDir(ws, id);
  let loaded: LoadedPlaybook;
  try {
    loaded = await frozenPlaybook(ws, id, { fresh: true, keepCache: true });
  } catch (err) {
    if (err instanceof IntegrityError) throw err;
    return 'unloadable'; // a frozen playbook this version's checks refuse: the cache is all there is
  }
  const file = readCacheFile(dir);
  const cached = cachedPlaybook(file, loaded.sha256);
  const same = (a: unknown, b: unknown) => JSON.stringify(sortKeys(a)) === JSON.stringify(sortKeys(b));
  const state: CacheState = cached === undefined ? 'missing' : same(cached, loaded.playbook) ? 'ok' : 'differs';
  if (state !== 'ok' && rebuild) {
    writeCache(dir, loaded.sha256, loaded.playbook);
    return 'rebuilt';
  }
  return state;
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v === null || typeof v !== 'object') return v;
  return Object.fromEntries(
    Object.keys(v)
      .sort()
      .map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]),
  );
}

/** The cached playbook model, when the cache is for these exact bytes. */
export function readCache(dir: string, sha256: string): Playbook | undefined {
  const file = readCacheFile(dir);
  return cachedPlaybook(file, sha256);
}

type CacheFile = { format?: unknown; sha256?: unknown; playbook?: unknown };

function readCacheFile(dir: string): CacheFile | undefined {
  try {
    return JSON.parse(readFileSync(join(dir, PLAYBOOK_CACHE), 'utf8')) as CacheFile;
  } catch {
    return undefined; // missing or unreadable: rebuilt from the YAML
  }
}

/** The playbook a cache file holds, when it is for these exact bytes and made under this schema. */
function cachedPlaybook(file: CacheFile | undefined, sha256: string): Playbook | undefined {
  return file?.sha256 === sha256 &&
    file.format === playbookCacheFormat() &&
    file.playbook &&
    typeof file.playbook === 'object'
    ? (file.playbook as Playbook)
    : undefined;
}

/** The playbook loader, imported only when needed: it is the slow path (YAML, schema, checks). */
export async function loadPlaybookFile(file: string): Promise<LoadedPlaybook> {
  const { loadPlaybook } = await import('../playbook/load.js');
  return loadPlaybook(file);
}

/** The title from the incident.opened entry (the first line), for listings; '' if unreadable. */
export function incidentTitle(ws: Pick<Workspace, 'root' | 'incidentsDir'>, id: IncidentId): string {
  try {
    const text = readFileSync(join(incidentDir(ws, id), 'log.jsonl'), 'utf8');
    return titleOfFirstLine(text.slice(0, text.indexOf('\n')));
  } catch {
    return '';
  }
}

/** The title an `incident.opened` line holds, or '' (any store's first line). */
export function titleOfFirstLine(line: string): string {
  try {
    const first = JSON.parse(line) as { type?: string; data?: { title?: string } };
    return first.type === 'incident.opened' && typeof first.data?.title === 'string' ? first.data.title : '';
  } catch {
    return '';
  }
}

/** A folder `createIncident` made whose log is still empty is an opening that did not finish. */
export function removeIfEmpty(dir: string): void {
  try {
    const log = join(dir, 'log.jsonl');
    let empty = true;
    try {
      empty = readFileSync(log).length === 0;
    } catch {
      // no log: an opening that did not get that far
    }
    if (empty) rmSync(dir, { recursive: true, force: true });
  } catch {
    // Leaving an empty folder is harmless: it has no entries and `cic list` shows it as empty.
  }
}

/**
 * An incident copied in from another store: its folder with the frozen playbook's exact text and
 * an empty log (the lines follow through the store's import). Refuses an id already here.
 */
export function writeFrozenIncident(
  ws: Pick<Workspace, 'root' | 'incidentsDir'>,
  id: IncidentId,
  source: string,
): void {
  mkdirSync(ws.incidentsDir, { recursive: true });
  const dir = incidentDir(ws, id);
  try {
    mkdirSync(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST')
      throw new InputError(`incident ${id} is already in ${ws.root}`, 'Copy into an empty workspace.');
    throw err;
  }
  writeNew(join(dir, 'playbook.yaml'), source);
  mkdirSync(join(dir, 'drafts'));
  mkdirSync(join(dir, 'reports'));
  writeNew(join(dir, 'log.jsonl'), '');
  fsyncPath(dir);
  fsyncPath(ws.incidentsDir);
}
