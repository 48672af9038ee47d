/**
 * `cic store migrate` and `cic store copy --to URL|DIR`: the PostgreSQL schema brought up to this
 * cic's version, and a workspace's incidents moved between stores entry for entry
 * (docs/postgres.md).
 *
 * A copy moves the roster's chained log first (each change verbatim, with its original author,
 * only into a store without a roster), then every incident: its frozen playbook, every line
 * verbatim (each checked to chain as it goes in) and the drafts the log names. It reads the target
 * back and compares every roster change and every line byte for byte, and every head, with the
 * source's. The source is only read. Reports are views of the log and are not copied: run
 * `cic report` again in the new home.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { InputError, IntegrityError } from '../../core/errors.js';
import { formatHead } from '../../core/log/verify.js';
import { visible } from '../../core/text/visible.js';
import { FileStore } from '../../io/log/file-store.js';
import type { LogStore } from '../../io/log/store.js';
import { stdout } from '../../io/output/terminal.js';
import { addressOf, connect, describeAddress, isPostgresUrl } from '../../io/pg/connect.js';
import { migrate, type MigrateResult } from '../../io/pg/migrations.js';
import { PgStore } from '../../io/pg/pg-store.js';
import { storeUrl } from '../../io/store/open-store.js';
import { renderSettings, SETTINGS_FILE } from '../../io/workspace/settings.js';
import { openWorkspace, store, type Workspace } from './incident-access.js';
import { keptPacketFiles, packetFileState, type LoggedPacket } from './packet-files.js';
import { incidentDir } from '../../io/workspace/incidents.js';
import type { StoreCopyOptions, WorkspaceOptions } from '../options.js';
import type { IncidentId } from '../../core/ids.js';

/** Bring the database at `url` to this cic's schema version (a DBA's login). */
export async function migrateDatabase(url: string): Promise<MigrateResult> {
  const client = await connect(url);
  try {
    const where = `the PostgreSQL database at ${describeAddress(addressOf(client))}`;
    const result = await migrate(client, where);
    if (result.applied.length === 0) stdout.line(`${where} is at cic schema version ${result.to}; nothing to do.`);
    else stdout.line(`Migrated ${where} from cic schema version ${result.from} to ${result.to}.`);
    return result;
  } catch (err) {
    const e = err as { code?: string; message: string };
    if (e.code === '42501')
      throw new InputError(
        `the login may not create cic's schema and roles: ${e.message}`,
        'A DBA runs this once (a superuser, or a login that may create roles and owns the database).',
      );
    throw err;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export async function storeMigrate(opts: WorkspaceOptions): Promise<MigrateResult> {
  const ws = await openWorkspace(opts);
  const url = storeUrl(ws);
  if (url === undefined)
    throw new InputError(
      `${visible(ws.root)} keeps its incidents in its folder; there is no database to migrate`,
      'Point it at PostgreSQL with `store: postgres://…` in cic.yaml or CIC_DATABASE_URL (docs/postgres.md).',
    );
  return migrateDatabase(url);
}

export interface CopyResult {
  /** How many roster changes were copied (0: the workspace has no roster). */
  roster: number;
  incidents: { id: string; entries: number; head: string }[];
  to: string;
}

export async function storeCopy(opts: StoreCopyOptions): Promise<CopyResult> {
  const to = opts.to;
  if (to === '') throw new InputError('say where to copy to: --to postgres://… or --to DIR');
  const ws = await openWorkspace(opts);
  const source = store(ws);
  let target: LogStore;
  let shown: string;
  let targetWs: Pick<Workspace, 'root' | 'incidentsDir'> | undefined;
  if (isPostgresUrl(to)) {
    await migrateDatabase(to);
    target = new PgStore(to);
    shown = target.where;
  } else {
    const root = resolve(process.cwd(), to);
    if (existsSync(root) && readdirSync(root).length > 0)
      throw new InputError(`${visible(root)} is not empty`, 'Copy into a new or empty folder.');
    mkdirSync(resolve(root, 'incidents'), { recursive: true });
    targetWs = { root, incidentsDir: resolve(root, 'incidents') };
    target = new FileStore(targetWs);
    shown = relative(process.cwd(), root) || '.';
  }
  try {
    const existing = new Set(await target.listIncidents());
    const ids = await source.listIncidents();
    const clash = ids.find((id) => existing.has(id));
    if (clash) throw new InputError(`${visible(shown)} already holds incident ${clash}`, 'Copy into an empty store.');
    // The roster first: who may act, and every change to it with its original author.
    const roster = await source.rosterLines();
    await target.importRoster(roster);
    const rosterBack = await target.rosterLines();
    const rosterDiffers =
      rosterBack.length !== roster.length ? rosterBack.length : rosterBack.findIndex((l, k) => l !== roster[k]);
    if (rosterDiffers >= 0)
      throw new IntegrityError(
        `the copy of the roster differs from its source (at change #${rosterDiffers})`,
        'The source is unchanged; remove the partial copy and report this as a bug.',
      );
    if (roster.length > 0) stdout.line(`Copied the roster: ${roster.length} changes, byte-identical.`);
    const copied: CopyResult['incidents'] = [];
    for (const id of ids) {
      const lines = await source.lines(id);
      await target.importIncident(id, await source.frozenSource(id));
      for (let k = 0; k < lines.length; k += 1000) await target.importLines(id, lines.slice(k, k + 1000));
      await copyDrafts(source, target, id, lines);
      const packets = await copyPackets({ from: ws, source }, { to: targetWs, target }, id, lines);
      const back = await target.lines(id);
      const [a, b] = await Promise.all([source.head(id), target.head(id)]);
      const differs = back.length !== lines.length ? back.length : back.findIndex((l, k) => l !== lines[k]);
      if (differs >= 0 || a.seq !== b.seq || a.hash !== b.hash)
        throw new IntegrityError(
          `the copy of incident ${id} differs from its source (at entry #${differs}; heads ${formatHead(a)} and ${formatHead(b)})`,
          'The source is unchanged; remove the partial copy and report this as a bug.',
        );
      copied.push({ id, entries: lines.length, head: formatHead(b) });
      stdout.line(
        `Copied incident ${id}: ${lines.length} entries${packets ? ` and ${packets} briefing packet${packets === 1 ? '' : 's'}` : ''}, byte-identical; head ${formatHead(b)}`,
      );
    }
    if (!isPostgresUrl(to)) {
      const root = resolve(process.cwd(), to);
      writeFileSync(
        resolve(root, SETTINGS_FILE),
        renderSettings({ playbook: relative(root, ws.playbookFile), defaults: {} }),
      );
    }
    stdout.line(
      isPostgresUrl(to)
        ? `Done. To use it, put \`store: ${target.where}\` in ${SETTINGS_FILE} (or set CIC_DATABASE_URL).`
        : `Done. ${visible(shown)} is a folder workspace with these incidents.`,
    );
    return { roster: roster.length, incidents: copied, to: target.where };
  } finally {
    await target.close();
  }
}

/**
 * The draft copies of the versions the log names (their words are in the lines just copied). Into
 * a store that keeps copies: each source copy as it is (an edit waiting to be registered stays
 * one), or the logged words where the source has none (PostgreSQL keeps none), each read back and
 * compared. Into a store that keeps none: a source copy that is not its logged words is an edit
 * that was never registered, which the target cannot hold; it is named, so nobody loses it unawares.
 */
async function copyDrafts(source: LogStore, target: LogStore, id: IncidentId, lines: readonly string[]): Promise<void> {
  for (const line of lines) {
    if (!line.includes('"type":"statement.drafted"')) continue;
    const { file, text: logged } = (JSON.parse(line) as { data: { file: string; text: string } }).data;
    const copy = source.keepsDraftCopies ? await source.readDraft(id, file) : undefined;
    if (!target.keepsDraftCopies) {
      if (copy !== undefined && copy !== logged)
        stdout.line(
          `Not copied: ${file} of incident ${id} holds words other than its logged version (an edit never registered); ${target.where} keeps only the logged words. Register it first (cic draft STATEMENT --register) if it is meant.`,
        );
      continue;
    }
    const text = copy ?? logged;
    await target.writeDraft(id, file, text);
    if ((await target.draftSha256(id, file)) !== createHash('sha256').update(text, 'utf8').digest('hex'))
      throw new IntegrityError(`the copy of ${file} of incident ${id} differs from its source`);
  }
}

/**
 * The briefing packets the source keeps (their digests are in the lines just copied). Only a packet
 * whose Markdown is the one its entry records goes, with its HTML: into a folder as files in the
 * incident's `briefings/`, into PostgreSQL beside its entry (`cic.import_packet`, the DBA's). What
 * arrives is read back and compared; a packet left behind is named.
 */
async function copyPackets(
  src: { from: Pick<Workspace, 'root' | 'incidentsDir'>; source: LogStore },
  dst: { to: Pick<Workspace, 'root' | 'incidentsDir'> | undefined; target: LogStore },
  id: IncidentId,
  lines: readonly string[],
): Promise<number> {
  const kept = await keptPacketFiles(src.from, src.source, id);
  if (kept.length === 0) return 0;
  const logged = new Map<number, LoggedPacket>();
  for (const line of lines) {
    if (!line.includes('"type":"board.briefed"')) continue;
    const e = JSON.parse(line) as { seq: number; data: { packet: number; sha256: string } };
    logged.set(e.data.packet, { seq: e.seq, sha256: e.data.sha256 });
  }
  const packets = new Map<number, { name: string; body: string }[]>();
  const left = new Set<number>();
  for (const f of kept) {
    const state = packetFileState(f, logged);
    if (state === 'differs' || state === 'not logged') left.add(f.packet);
    packets.set(f.packet, [
      ...(packets.get(f.packet) ?? []),
      { name: f.file.replace(/^briefings\//, ''), body: f.body },
    ]);
  }
  const sent: { name: string; body: string }[] = [];
  for (const [packet, files] of packets) {
    const whole = files.length === 2 && files[0]!.name.endsWith('.md') && files[1]!.name.endsWith('.html');
    if (left.has(packet) || !whole) {
      stdout.line(
        `Not copied: briefing packet ${packet} of incident ${id}: ${left.has(packet) ? 'it is not the packet its entry records (cic verify says more)' : 'its Markdown or HTML is missing'}.`,
      );
      continue;
    }
    if (dst.target.importPacket) await dst.target.importPacket(id, logged.get(packet)!.seq, files);
    else {
      const dir = join(incidentDir(dst.to!, id), 'briefings');
      mkdirSync(dir, { recursive: true });
      for (const f of files) writeFileSync(join(dir, f.name), f.body);
    }
    sent.push(...files);
  }
  const back = new Map(
    (await keptPacketFiles(dst.to ?? src.from, dst.target, id)).map((f) => [
      f.file.replace(/^briefings\//, ''),
      f.body,
    ]),
  );
  if (sent.some((f) => back.get(f.name) !== f.body))
    throw new IntegrityError(`the copy of the briefing packets of incident ${id} differs from its source`);
  return sent.length / 2;
}
