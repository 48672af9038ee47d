/**
 * Finding an entry by its seq with a binary search over the log's bytes (src/io/log/entry-at.ts):
 * every seq of a log whose lines vary from short to several probes long is found as exactly its
 * own line; a seq the log does not have, or a damaged line on the way, is IntegrityError.
 */
import { describe, expect, test } from '@jest/globals';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { IntegrityError } from '../../../src/core/errors.js';
import { FileStore } from '../../../src/io/log/file-store.js';
import { entryLineAt } from '../../../src/io/log/entry-at.js';
import { flags, nodeFs } from '../../../src/io/log/fs-seam.js';
import { ctx, makeWorkspace, openIncident } from './fixtures.js';

async function varied() {
  const ws = await makeWorkspace();
  const store = new FileStore(ws);
  const id = await openIncident(ws, 'entry at', store);
  // Lengths from a few bytes to well over one 4 KiB probe, in no order.
  const lengths = Array.from({ length: 400 }, (_, k) => ((k * 7919) % 97) * ((k % 5) + 1) * 13 + 1);
  for (let k = 0; k < lengths.length; k += 100)
    await store.appendEvents(
      id,
      ctx(),
      lengths.slice(k, k + 100).map((n, j) => ({ type: 'note' as const, data: { text: `${k + j}:${'x'.repeat(n)}` } })),
    );
  const file = join(ws.incidentsDir, id, 'log.jsonl');
  return { id, file, lines: readFileSync(file, 'utf8').split('\n').slice(0, -1) };
}

function find(file: string, id: string, seq: number) {
  const fd = nodeFs.open(file, flags.read);
  try {
    return entryLineAt(nodeFs, fd, nodeFs.size(fd), id, seq);
  } finally {
    nodeFs.close(fd);
  }
}

describe('an entry by its seq', () => {
  test('every seq is found as its own line, with where it is', async () => {
    const { id, file, lines } = await varied();
    const bytes = readFileSync(file);
    for (let seq = 0; seq < lines.length; seq++) {
      const line = find(file, id, seq);
      expect([line.seq, line.text]).toEqual([seq, lines[seq]]);
      expect(bytes.subarray(line.start, line.end).toString('utf8')).toBe(`${lines[seq]}\n`);
    }
  });

  test('a seq the log does not have, or a damaged line on the way, is IntegrityError', async () => {
    const { id, file, lines } = await varied();
    expect(() => find(file, id, lines.length)).toThrow(/has no entry #\d+/);
    expect(() => find(file, id, lines.length)).toThrow(IntegrityError);
    // Damage the line the search looks at first: the first one starting at or after the middle byte.
    const text = readFileSync(file);
    const at = text.indexOf(10, Math.floor(text.length / 2) - 1) + 1;
    const type = text.indexOf('"type":"note"', at);
    writeFileSync(
      file,
      Buffer.concat([text.subarray(0, type), Buffer.from('"type":"nope"'), text.subarray(type + 13)]),
    );
    expect(() => find(file, id, 1)).toThrow(/damaged at byte \d+/);
  });
});
