/**
 * The briefing packets a store keeps (`cic brief`), and how each stands against its log entry:
 * the folder store's files in the incident's `briefings/`, or the PostgreSQL store's `cic.packets`.
 * The `board.briefed` entry records the SHA-256 of the packet's Markdown; that digest is what
 * proves the words the governing body was sent (the HTML is a rendering of the same packet).
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { IncidentId } from '../../core/ids.js';
import type { EventData } from '../../core/incident/events.js';
import { oneLine } from '../../core/text/visible.js';
import type { LogStore, PacketFile } from '../../io/log/store.js';
import { briefingFilesIn } from '../../io/workspace/briefing-files.js';
import { incidentDir } from '../../io/workspace/incidents.js';
import type { Workspace } from './incident-access.js';

/** Every packet file the store keeps for the incident, as it is now. */
export async function keptPacketFiles(
  ws: Pick<Workspace, 'root' | 'incidentsDir'>,
  s: LogStore,
  id: IncidentId,
): Promise<PacketFile[]> {
  const files = s.keptPackets
    ? await s.keptPackets(id)
    : s.kind === 'folder'
      ? briefingFilesIn(join(incidentDir(ws, id), 'briefings'))
      : [];
  // By packet, the Markdown (the words the log vouches for) before its rendering.
  const rank = (f: PacketFile) => (f.file.endsWith('.md') ? 0 : 1);
  return files.sort((a, b) => a.packet - b.packet || rank(a) - rank(b) || a.file.localeCompare(b.file));
}

/** 'ok': the Markdown hashes to its entry's digest; 'html': a rendering, not bound by a digest. */
export type PacketFileState = 'ok' | 'differs' | 'not logged' | 'html';

/** A packet's entry, as the log holds it: where, and the digest of its Markdown. */
export interface LoggedPacket {
  seq: number;
  sha256: string;
}

export function packetFileState(f: PacketFile, logged: ReadonlyMap<number, LoggedPacket>): PacketFileState {
  if (!f.file.endsWith('.md')) return 'html';
  const entry = logged.get(f.packet);
  if (entry === undefined) return 'not logged';
  return createHash('sha256').update(f.body, 'utf8').digest('hex') === entry.sha256 ? 'ok' : 'differs';
}

/** A briefing packet kept (the folder's briefings/, or the database) that is not the one its entry records. */
export interface PacketFileProblem {
  file: string;
  packet: number;
  /** 'differs': its SHA-256 is not the one logged; 'not logged': no entry records that packet. */
  problem: 'differs' | 'not logged';
  /** The `board.briefed` entry of that packet. */
  seq?: number;
}

/**
 * Each packet the store keeps against the SHA-256 its `board.briefed` entry recorded: the packet
 * is the words the governing body was sent, and the digest in the log is what proves them.
 */
export async function packetProblems(
  logStore: LogStore,
  kept: readonly PacketFile[],
  id: IncidentId,
): Promise<PacketFileProblem[]> {
  if (kept.length === 0) return [];
  const logged = new Map<number, LoggedPacket>();
  for (const e of await logStore.readAll(id)) {
    if (e.type !== 'board.briefed') continue;
    const d = e.data as EventData['board.briefed'];
    logged.set(d.packet, { seq: e.seq, sha256: d.sha256 });
  }
  return kept.flatMap((f): PacketFileProblem[] => {
    const state = packetFileState(f, logged);
    if (state === 'ok' || state === 'html') return [];
    return [
      {
        file: f.file,
        packet: f.packet,
        problem: state,
        ...(state === 'differs' ? { seq: logged.get(f.packet)!.seq } : {}),
      },
    ];
  });
}

export function packetProblemText(p: PacketFileProblem): string {
  const file = oneLine(p.file);
  return p.problem === 'differs'
    ? `${file} is not briefing packet ${p.packet} as sent: its SHA-256 is not the one entry #${p.seq} recorded`
    : `${file} is briefing packet ${p.packet}, which the log does not record as sent`;
}
