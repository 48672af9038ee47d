/**
 * The folder store's briefing packets: `incidents/<id>/briefings/packet-<N>-<stamp>.md` and
 * `.html`, written by `cic brief`. The log's `board.briefed` entry records the SHA-256 of the
 * Markdown; `cic verify` and `cic packets` compare each file now with it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PacketFile } from '../log/store.js';

const PACKET_FILE = /^packet-([1-9][0-9]*)-.*\.(md|html)$/;

/** Every packet file in `dir` (the incident's `briefings/`), as it is now; [] when there is none. */
export function briefingFilesIn(dir: string): PacketFile[] {
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  return names.flatMap((file) => {
    const m = PACKET_FILE.exec(file);
    return m ? [{ file: `briefings/${file}`, packet: Number(m[1]), body: readFileSync(join(dir, file), 'utf8') }] : [];
  });
}
