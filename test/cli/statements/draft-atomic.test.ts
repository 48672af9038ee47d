/**
 * Nothing half-done: a draft file is written before its log entry and removed when the append
 * fails; an unrecorded file at a new version's name (someone's edited copy) is never overwritten.
 * In-process, with the append made to fail after the decision (and the file) were made.
 */
import { afterEach, beforeAll, describe, expect, jest, test } from '@jest/globals';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { HOLDING_FACTS, T0, tier1Incident, type Incident } from './helpers.js';
import { draftOptions } from '../../../src/cli/options.js';

const real = await import('../../../src/cli/commands/apply-command.js');
let failAppend = false;
jest.unstable_mockModule('../../../src/cli/commands/apply-command.js', () => ({
  ...real,
  recordCommand: (opts: Record<string, unknown>, build: Parameters<typeof real.recordCommand>[1]) =>
    real.recordCommand(opts, async (ctx) => {
      const events = await build(ctx);
      if (failAppend) throw new Error('EIO: the disk failed while appending');
      return events;
    }),
}));
const { draft } = await import('../../../src/cli/commands/statements.js');
const { parsePairs } = await import('../../../src/cli/commands/drafting.js');

let inc: Incident;
beforeAll(async () => {
  inc = await tier1Incident();
});
afterEach(() => {
  failAppend = false;
});

async function quietly<T>(fn: () => Promise<T>): Promise<T> {
  const out = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
  const saved = process.env.CIC_NOW;
  process.env.CIC_NOW = new Date(T0 + 10 * 60_000).toISOString();
  try {
    return await fn();
  } finally {
    out.mockRestore();
    if (saved === undefined) delete process.env.CIC_NOW;
    else process.env.CIC_NOW = saved;
  }
}

const opts = () => ({
  workspace: inc.root,
  as: 'pio',
  name: 'Pat PIO',
  fact: HOLDING_FACTS.filter((_, i) => i % 2 === 1),
});

describe('draft files and the log', () => {
  test('an append that fails after the file was written leaves neither the file nor an entry', async () => {
    const before = inc.logBytes();
    failAppend = true;
    await expect(quietly(() => draft(draftOptions(['holding-statement'], opts())))).rejects.toThrow('EIO');
    expect(inc.logBytes().equals(before)).toBe(true);
    expect(readdirSync(join(inc.dir, 'drafts'))).toEqual([]);
  });

  test('the same draft when the append succeeds: file and entry both there (the negative control)', async () => {
    const r = await quietly(() => draft(draftOptions(['holding-statement'], opts())));
    expect(r?.version).toBe(1);
    expect(existsSync(inc.draftPath(1))).toBe(true);
    expect(inc.log().at(-1)!.type).toBe('statement.drafted');
    expect(readdirSync(join(inc.dir, 'drafts'))).toEqual(['holding-statement.v1.md']); // no temp file left
  });

  test("an unrecorded file at the next version's name is somebody's copy: never overwritten", async () => {
    writeFileSync(inc.draftPath(2), 'My own careful edit.\n');
    const before = inc.logBytes();
    await expect(
      quietly(() =>
        draft(draftOptions(['holding-statement'], { ...opts(), fact: ['incident_location=Forsyth at Hanley'] })),
      ),
    ).rejects.toThrow(/already exists but is not a recorded version/);
    expect(inc.draft(2)).toBe('My own careful edit.\n');
    expect(inc.logBytes().equals(before)).toBe(true);
  });

  test('parsePairs splits at the first "=" and refuses a pair without one', () => {
    expect({ ...parsePairs(['a=b=c', 'url=https://x?y=1']) }).toEqual({ a: 'b=c', url: 'https://x?y=1' });
    expect(() => parsePairs(['novalue'])).toThrow(/KEY=VALUE/);
  });
});
