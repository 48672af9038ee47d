/**
 * `cic packets [ID] [--out DIR] [--json]`: the briefing packets sent to the governing body
 * (`cic brief`), each with whom it went to and whether the packet the store keeps is the one its
 * entry records (the SHA-256 of its Markdown). `--out DIR` writes the kept files there: on
 * PostgreSQL the packets live in the database, and this is how a City Manager or a Clerk gets them
 * as files (docs/postgres.md#briefing-packets); on the folder store they are in `briefings/`.
 */
import { mkdirSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { InputError, IntegrityError } from '../../core/errors.js';
import { fold } from '../../core/incident/fold.js';
import { oneLine, visible } from '../../core/text/visible.js';
import { guardWrite } from '../../io/fault.js';
import { stdout } from '../../io/output/terminal.js';
import { fileSha256, writeDraftAtomic } from '../../io/workspace/draft-files.js';
import { textSha256 } from '../../core/statements/rules.js';
import { fullTime } from '../views/labels.js';
import { loadIncident, openWorkspace, selectIncident, store } from './incident-access.js';
import { keptPacketFiles, packetFileState, type LoggedPacket, type PacketFileState } from './packet-files.js';
import type { PacketsOptions } from '../options.js';

export interface PacketsResult {
  incident: string;
  /** Where the kept packets are: the workspace folder's `briefings/`, or the database. */
  kept_in: string;
  packets: {
    packet: number;
    seq: number;
    as_of: string;
    to: string[];
    sha256: string;
    /** `written`: where `--out` put it (or found it already, the same). */
    files: { file: string; state: PacketFileState; written?: string }[];
  }[];
}

export async function packets(opts: PacketsOptions): Promise<PacketsResult> {
  const ws = await openWorkspace(opts);
  const id = await selectIncident(ws, opts.incident, { anyState: true, how: 'the ID argument (cic packets ID)' });
  const s = store(ws);
  const { loaded, entries } = await loadIncident(ws, id);
  const sent = fold(entries, id).press.packets;
  const logged = new Map<number, LoggedPacket>(sent.map((p) => [p.number, { seq: p.seq, sha256: p.sha256 }]));
  const kept = await keptPacketFiles(ws, s, id);
  const states = kept.map((f) => packetFileState(f, logged));
  const zone = loaded.playbook.time_zone;

  const out = opts.out === undefined ? undefined : resolve(process.cwd(), opts.out);
  const targets = out === undefined ? [] : kept.map((f) => join(out, f.file.replace(/^briefings\//, '')));
  if (out !== undefined) refuseClashes(kept, targets);
  const written = new Map<number, string>();
  // Only what the log vouches for leaves the store: nothing of a packet whose Markdown it does not.
  const suspect = new Set(
    kept.filter((_, k) => states[k] === 'differs' || states[k] === 'not logged').map((f) => f.packet),
  );
  if (out !== undefined) {
    guardWrite(`the folder ${display(out)}`, () => mkdirSync(out, { recursive: true }));
    kept.forEach((f, k) => {
      if (suspect.has(f.packet)) return;
      if (fileSha256(targets[k]!) === undefined)
        guardWrite(`the file ${display(targets[k]!)}`, () => writeDraftAtomic(targets[k]!, f.body));
      written.set(k, targets[k]!);
    });
  }

  const result: PacketsResult = {
    incident: id,
    kept_in: s.kind === 'folder' ? display(join(ws.incidentsDir, id, 'briefings')) : s.where,
    packets: sent.map((p) => ({
      packet: p.number,
      seq: p.seq,
      as_of: p.as_of,
      to: p.to,
      sha256: p.sha256,
      files: kept.flatMap((f, k) =>
        f.packet === p.number
          ? [{ file: f.file, state: states[k]!, ...(written.has(k) ? { written: written.get(k)! } : {}) }]
          : [],
      ),
    })),
  };
  if (opts.json) stdout.json(result);
  else printPackets(result, zone);

  const bad = kept.findIndex((_, k) => states[k] === 'differs' || states[k] === 'not logged');
  if (bad >= 0)
    throw new IntegrityError(
      `${oneLine(kept[bad]!.file)} is not briefing packet ${kept[bad]!.packet} as the log records it${out === undefined ? '' : '; it was not written'}`,
      `Run \`cic verify ${id}\` for the details; keep it as it is (it is evidence).`,
    );
  return result;
}

/** Refuse before writing anything if a file in DIR holds other words than the one going there. */
function refuseClashes(kept: readonly { file: string; body: string }[], targets: readonly string[]): void {
  kept.forEach((f, k) => {
    const there = fileSha256(targets[k]!);
    if (there !== undefined && there !== textSha256(f.body))
      throw new InputError(
        `${oneLine(display(targets[k]!))} is already there with other contents; nothing was written`,
        'Write the packets to another folder, or move that file away first.',
      );
  });
}

function printPackets(r: PacketsResult, zone: string): void {
  if (r.packets.length === 0) {
    stdout.line(`Incident ${r.incident}: no briefing packet has been sent yet (cic brief ROLE --to NAME).`);
    return;
  }
  stdout.line(`Briefing packets of incident ${r.incident}, kept in ${visible(r.kept_in)}:`);
  for (const p of r.packets) {
    stdout.line(
      `  ${p.packet}  as of ${fullTime(new Date(p.as_of), zone)}, sent to ${p.to.map(oneLine).join(', ')} (entry #${p.seq}, sha256 ${p.sha256.slice(0, 12)}…)`,
    );
    if (p.files.length === 0) stdout.line('       not kept here');
    for (const f of p.files) {
      const file = oneLine(f.file.replace(/^briefings\//, ''));
      const how = {
        ok: 'the words its entry records',
        html: 'its HTML rendering',
        differs: 'DIFFERS from the SHA-256 its entry recorded',
        'not logged': 'NOT a packet the log records',
      }[f.state];
      stdout.line(`       ${file}  ${how}${f.written ? ` → ${display(f.written)}` : ''}`);
    }
  }
}

/** A path as a person in the current folder would type it. */
function display(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}
