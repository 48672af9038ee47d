/**
 * The press papers: `cic press sheet ACTION` (the run sheet for the podium and the control room)
 * and `cic brief ROLE` (a dated briefing packet for the governing body, recorded with whom it went
 * to). Both print or write Markdown and HTML built from the log, the statements' exact words
 * included.
 */
import { existsSync, mkdirSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CicError, InputError, WriteFaultError } from '../../core/errors.js';
import { fold } from '../../core/incident/fold.js';
import { schedule } from '../../core/incident/schedule.js';
import type { IncidentState } from '../../core/incident/state.js';
import type { LogEntry } from '../../core/log/envelope.js';
import type { Playbook } from '../../core/playbook/model.js';
import { buildPacket, packetHtml, packetMarkdown, type Packet } from '../../core/press/packet.js';
import { pressConferences } from '../../core/press/run-of-show.js';
import { buildRunSheet, runSheetHtml, runSheetMarkdown } from '../../core/press/sheet.js';
import { decidePress } from '../../core/press/decide.js';
import { textSha256 } from '../../core/statements/decide.js';
import { formatInZone } from '../../core/time/format.js';
import { stdout } from '../../io/output/terminal.js';
import { guardWrite } from '../../io/fault.js';
import { incidentDir } from '../../io/workspace/incidents.js';
import { loggedTexts, recordCommand, type Recorded } from './apply-command.js';
import { textsOf, wordsBySha256 } from '../../core/statements/texts.js';
import { clock, loadIncident, openWorkspace, selectIncident, store } from './incident-access.js';
import type { LogStore } from '../../io/log/store.js';
import type { BriefOptions, PressSheetOptions } from '../options.js';
import { oneLine, visible } from '../../core/text/visible.js';

function formats(value: string | undefined): ('md' | 'html')[] {
  const list = (value ?? 'md')
    .split(',')
    .map((f) => f.trim())
    .filter(Boolean);
  for (const f of list)
    if (f !== 'md' && f !== 'html')
      throw new InputError(`Unknown format "${oneLine(f)}".`, 'Give md, html or md,html.');
  return list as ('md' | 'html')[];
}

/** `cic press sheet ACTION [--format md|html] [--out DIR]`. */
export async function pressSheet(opts: PressSheetOptions): Promise<string> {
  const ws = await openWorkspace(opts);
  const id = await selectIncident(ws, opts.incident, { anyState: true });
  const { loaded, entries, dir } = await loadIncident(ws, id);
  const playbook = loaded.playbook;
  const state = fold(entries, id);
  const now = clock().now();
  const press = pressAction(playbook, opts.action);
  const sheet = buildRunSheet({
    press,
    state,
    playbook,
    items: schedule(state, playbook, now),
    now,
    texts: wordsBySha256(state.statements, textsOf(entries)),
  });
  const md = runSheetMarkdown(sheet);
  const wanted = formats(opts.format);
  const out = opts.out;
  if (out !== undefined) {
    mkdirSync(out, { recursive: true });
    for (const f of wanted) {
      const file = join(out, `run-sheet-${press.id}.${f}`);
      writeFileSync(file, f === 'md' ? md : runSheetHtml(sheet));
      stdout.line(`Wrote ${file}`);
    }
  } else stdout.line((wanted[0] === 'html' ? runSheetHtml(sheet) : md).replace(/\n$/, ''));
  return md;
}

function pressAction(playbook: Playbook, id: string | undefined) {
  const all = pressConferences(playbook);
  const chosen = id === undefined && all.length === 1 ? all[0] : all.find((a) => a.id === id);
  if (chosen === undefined) {
    throw new InputError(
      id === undefined ? 'Say which press conference.' : `"${oneLine(id)}" is not a press conference in this playbook.`,
      all.length ? `Press conferences: ${all.map((a) => a.id).join(', ')}.` : 'This playbook has none.',
    );
  }
  return chosen;
}

/**
 * `cic brief ROLE --to NAME … [--out DIR]`: record whom the next packet for the governing body (with
 * the changes since the last one) went to, and keep it: in the incident's `briefings/` folder on the
 * folder store, in the database on PostgreSQL (docs/postgres.md); with `--out`, files there.
 */
export async function brief(opts: BriefOptions): Promise<Packet> {
  const roleId = opts.role;
  const to = opts.to;
  refuseFileAsFolder(opts.out);
  let made: { packet: Packet; md: string; html: string } | undefined;
  const ws = await openWorkspace(opts);
  // The packet before is made again from the log's prefix it was made from: history, which no
  // later append changes, so it is read before the lock is taken.
  const { entries } = await loadIncident(ws, await selectIncident(ws, opts.incident, { anyState: true }));
  const r = await recordCommand(opts, async ({ state, playbook, now, actor, id }) => {
    // Who may brief, and whom, is the decider's to say, before any packet is made.
    decidePress(
      { kind: 'brief', body: roleId, to, as_of: now, through_seq: state.last_seq, sha256: '' },
      state,
      playbook,
      now,
      actor,
    );
    const role = playbook.roles.find((x) => x.id === roleId)!;
    // The words read with the entries; a version drafted since then, from the log now.
    const read = textsOf(entries);
    const since = Object.values(state.statements).flatMap((s) => s.versions.filter((v) => !read.has(v.seq)));
    for (const [seq, text] of await loggedTexts({ ws, id }, since)) read.set(seq, text);
    const texts = wordsBySha256(state.statements, read);
    const previous = state.press.packets.at(-1);
    if (previous !== undefined && previous.through_seq >= entries.length)
      throw new InputError(`Packet ${previous.number} was sent while this one was being made.`, 'Run cic brief again.');
    const before =
      previous === undefined
        ? undefined
        : buildPacket({
            number: previous.number,
            state: fold(entries.slice(0, previous.through_seq + 1) as LogEntry[], id),
            playbook,
            at: new Date(previous.as_of),
            texts,
            role,
          });
    const packet = buildPacket({
      number: state.press.packets.length + 1,
      state,
      playbook,
      at: now,
      texts,
      role,
      before,
    });
    const md = packetMarkdown(packet);
    made = { packet, md, html: packetHtml(packet) };
    return decidePress(
      {
        kind: 'brief',
        body: roleId,
        to,
        as_of: now,
        through_seq: state.last_seq,
        sha256: textSha256(md),
        ...(previous === undefined ? {} : { since: previous.number }),
      },
      state,
      playbook,
      now,
      actor,
    );
  });
  const { packet, md, html } = made!;
  const stamp = formatInZone(r.now, r.playbook.time_zone, 'yyyy-MM-dd-HHmm');
  const files = [
    { name: `packet-${packet.number}-${stamp}.md`, body: md },
    { name: `packet-${packet.number}-${stamp}.html`, body: html },
  ];
  stdout.line(
    `Briefing packet ${packet.number} for the ${oneLine(packet.body)} recorded as sent to ${to.map(oneLine).join(', ')}.`,
  );
  const s = store(r.ws);
  // A store with no folder of the workspace (PostgreSQL) keeps the packet itself, so that nothing is
  // left on the sender's machine unasked; files are written only where asked (--out).
  if (s.keepPacket) {
    await keepPacket(s, r, files, opts.out);
    if (opts.out !== undefined) writePacketFiles(opts.out, files);
  } else writePacketFiles(opts.out ?? join(incidentDir(r.ws, r.id), 'briefings'), files);
  // With a roster the name comes from it (--name is refused there).
  const named = r.actor.identity === 'roster' ? '' : ' --name "…"';
  stdout.line(`Each member acknowledges it: cic acknowledge ${packet.number} --as ${oneLine(roleId)}${named}`);
  return packet;
}

/** `--out` must be a folder (or not exist yet): found out before anything is recorded. */
function refuseFileAsFolder(out: string | undefined): void {
  if (out === undefined || !existsSync(out) || statSync(out).isDirectory()) return;
  throw new InputError(
    `--out ${oneLine(out)} is a file, not a folder; nothing was recorded`,
    'Give a folder: the packet files are named packet-N-DATE-TIME.md and .html.',
  );
}

function writePacketFiles(dir: string, files: readonly { name: string; body: string }[]): void {
  guardWrite(`the briefing packet's files in ${dir}`, () => {
    mkdirSync(dir, { recursive: true });
    for (const f of files) writeFileSync(join(dir, f.name), f.body);
  });
  stdout.line(`Wrote ${files.map((f) => join(dir, f.name)).join(' and ')}`);
}

/**
 * Keep the packet beside its entry, which is already recorded, before any file is written. If that
 * fails, the words sent would be lost with this process: they go where asked (--out), else to a
 * private temporary folder, and the error says where.
 */
async function keepPacket(
  s: LogStore,
  r: Recorded,
  files: readonly { name: string; body: string }[],
  out: string | undefined,
): Promise<void> {
  const entry = r.written.find((e) => e.type === 'board.briefed')!;
  try {
    const kept = await s.keepPacket!(r.id, entry.seq, files);
    stdout.line(`Kept in ${visible(s.where)}: ${kept.join(', ')}`);
    if (out === undefined)
      stdout.line(`Nothing was written on this machine. For files to send: cic packets ${r.id} --out DIR`);
  } catch (err) {
    if (!(err instanceof CicError)) throw err;
    let dir = out;
    if (dir !== undefined) writePacketFiles(dir, files);
    else {
      dir = mkdtempSync(join(tmpdir(), 'cic-packet-'));
      for (const f of files) writeFileSync(join(dir, f.name), f.body, { mode: 0o600 });
    }
    const where = ` Its files are in ${dir} (the only copy: keep them).`;
    throw new WriteFaultError(
      `briefing packet ${(entry.data as { packet: number }).packet} (entry #${entry.seq} of incident ${r.id}) WAS recorded as sent, but the packet could not be kept in the database: ${err.message}.${where}`,
      'Do not brief again for this packet: send it from those files and keep them with the record (docs/postgres.md#briefing-packets).',
    );
  }
}
