/**
 * The briefing packets a store keeps (`cic brief`), and how each stands against its log entry:
 * the folder store's files in the incident's `briefings/`, or the PostgreSQL store's `cic.packets`.
 * The `board.briefed` entry records the SHA-256 of the packet's Markdown; that digest is what
 * proves the words the governing body was sent (the HTML is a rendering of the same packet).
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { IncidentId } from '../../core/ids.js';
import type { LogStore, PacketFile } from '../../io/log/store.js';
import { briefingFilesIn } from '../../io/workspace/briefing-files.js';
import { incidentDir } from '../../io/workspace/incidents.js';
import type { Workspace } from './incident-access.js';

/** Every packet file the store keeps for the incident, as it is now. */
export async function keptPacketFiles(ws: Workspace, s: LogStore, id: IncidentId): Promise<PacketFile[]> {
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
