/**
 * The folder store's briefing packets: `incidents/<id>/briefings/packet-<N>-<stamp>.md` (and
 * `.html`), written by `cic brief`. The log's `board.briefed` entry records the SHA-256 of the
 * Markdown; `cic verify` compares each file's digest now with it.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PacketCopy } from '../log/store.js';

const PACKET_FILE = /^packet-([1-9][0-9]*)-.*\.md$/;

/** Every packet's Markdown in `dir` (the incident's `briefings/`), with its SHA-256 now; [] when there is none. */
export function briefingCopiesIn(dir: string): PacketCopy[] {
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  return names.flatMap((file) => {
    const m = PACKET_FILE.exec(file);
    if (!m) return [];
    const sha256 = createHash('sha256')
      .update(readFileSync(join(dir, file)))
      .digest('hex');
    return [{ file: `briefings/${file}`, packet: Number(m[1]), sha256 }];
  });
}
