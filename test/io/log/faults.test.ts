/**
 * Fault injection through the store's file-system seam: a disk that fails a write (EIO, ENOSPC),
 * fails part-way through one, or fails the fsync. Every case is an error that says nothing was
 * recorded, and the log verifies afterwards (or, if even the undo failed, shows only a torn tail).
 */
import { afterEach, describe, expect, jest, test } from '@jest/globals';
import { appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { note } from '../../../src/cli/commands/note.js';
import { CicError, ExitCode } from '../../../src/core/errors.js';
import { FileStore, LogWriteError } from '../../../src/io/log/file-store.js';
import { nodeFs, type FsSeam } from '../../../src/io/log/fs-seam.js';
import { repairLog } from '../../../src/io/log/repair.js';
import { ctx, makeWorkspace, openIncident } from './fixtures.js';
import { noteOptions } from '../../../src/cli/options.js';

const errno = (code: string) => Object.assign(new Error(`${code}: simulated`), { code });

type Fault = { on: 'write' | 'partial write' | 'fsync'; code: 'EIO' | 'ENOSPC'; undoFails?: boolean };

/** The real calls, kept aside: the command tests below patch nodeFs itself. */
const real: FsSeam = { ...nodeFs };

/** The real seam, except that the first log write (or the fsync after it) fails as `fault` says. */
function faultySeam(fault: Fault): FsSeam {
  let writes = 0;
  let wrote = false;
  const nodeFs = real;
  return {
    ...real,
    write(fd, buf, off, len) {
      writes++;
      if (fault.on === 'write') throw errno(fault.code);
      if (fault.on === 'partial write') {
        if (writes === 1) return nodeFs.write(fd, buf, off, Math.max(1, len >> 1));
        throw errno(fault.code);
      }
      wrote = true;
      return nodeFs.write(fd, buf, off, len);
    },
    fsync(fd) {
      if (fault.on === 'fsync' && wrote) {
        wrote = false;
        throw errno(fault.code);
      }
      nodeFs.fsync(fd);
    },
    truncate(fd, length) {
      if (fault.undoFails) throw errno('EIO');
      nodeFs.truncate(fd, length);
    },
  };
}

const faults: Fault[] = [
  { on: 'write', code: 'EIO' },
  { on: 'write', code: 'ENOSPC' },
  { on: 'partial write', code: 'EIO' },
  { on: 'partial write', code: 'ENOSPC' },
  { on: 'fsync', code: 'EIO' },
  { on: 'fsync', code: 'ENOSPC' },
];

async function setup() {
  const ws = await makeWorkspace();
  const id = await openIncident(ws);
  return { ws, id, log: join(ws.incidentsDir, id, 'log.jsonl') };
}

describe('a disk that fails', () => {
  test.each(faults)('$code on $on: an error that says nothing was recorded; the log is as before', async (fault) => {
    const { ws, id, log } = await setup();
    const before = readFileSync(log);
    const store = new FileStore(ws, { seam: faultySeam(fault) });
    const error = await store
      .appendEvents(id, ctx(), [{ type: 'note', data: { text: 'lost?' } }])
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LogWriteError);
    expect((error as LogWriteError).exitCode).toBe(ExitCode.bug);
    expect((error as Error).message).toMatch(new RegExp(`\\(${fault.code}\\)\\. Nothing was recorded`));
    expect((error as LogWriteError).hint).toMatch(fault.code === 'ENOSPC' ? /Free some disk space/ : /Check the disk/);
    // Undone: the file is byte for byte what it was, and the next append (disk fixed) works.
    expect(readFileSync(log)).toEqual(before);
    const good = new FileStore(ws);
    expect((await good.verify(id)).ok).toBe(true);
    const [next] = await good.appendEvents(id, ctx(), [{ type: 'note', data: { text: 'after the fault' } }]);
    expect(next!.seq).toBe(2);
  });

  test.each(faults.filter((f) => f.on !== 'write'))(
    '$code on $on when even the undo fails: the log shows at most a torn tail',
    async (fault) => {
      const { ws, id } = await setup();
      const store = new FileStore(ws, { seam: faultySeam({ ...fault, undoFails: true }) });
      const error = (await store
        .appendEvents(id, ctx(), [{ type: 'note', data: { text: 'lost?' } }])
        .catch((e: unknown) => e)) as LogWriteError;
      expect(error.message).toMatch(/Nothing was recorded/);
      expect(error.hint).toMatch(/could not undo the partial write: run `cic verify/);
      const report = await new FileStore(ws).verify(id);
      if (fault.on === 'partial write') {
        expect(report).toMatchObject({ ok: false, entries: 2, first_bad_seq: 2, torn_tail: expect.anything() });
      } else {
        expect(report).toMatchObject({ ok: true }); // the complete line reached the file; it was not confirmed
      }
    },
  );

  test('negative control: the same seam without a fault writes normally', async () => {
    const { ws, id } = await setup();
    const seam = faultySeam({ on: 'fsync', code: 'EIO' });
    // The fault is armed only after a write; a seam whose fsync never sees one behaves like nodeFs.
    const plain = { ...seam, fsync: real.fsync, write: real.write };
    const [e] = await new FileStore(ws, { seam: plain }).appendEvents(id, ctx(), [
      { type: 'note', data: { text: 'fine' } },
    ]);
    expect(e!.seq).toBe(2);
  });
});

describe('--repair on a failing disk', () => {
  test.each(['write', 'fsync'] as const)(
    "EIO on the quarantine copy's %s: nothing is deleted, and the repair can run again",
    async (on) => {
      const { ws, id, log } = await setup();
      appendFileSync(log, '{"torn":');
      const before = readFileSync(log);
      const store = new FileStore(ws, { seam: faultySeam({ on, code: 'EIO' }) });
      const repairCtx = { ...ctx(), actor: { role: 'system', name: 'Clerk', user: 'c@h' } };
      const error = (await repairLog(store, id, repairCtx).catch((e: unknown) => e)) as LogWriteError;
      expect(error).toBeInstanceOf(LogWriteError);
      expect(error.message).toMatch(/could not repair .* nothing was deleted/);
      expect(readFileSync(log)).toEqual(before);
      const outcome = await repairLog(new FileStore(ws), id, repairCtx);
      expect(outcome.repairs).toHaveLength(1);
      expect((await new FileStore(ws).verify(id)).ok).toBe(true);
    },
  );
});

describe('cic note on a failing disk', () => {
  afterEach(() => {
    Object.assign(nodeFs, real);
    jest.restoreAllMocks();
  });

  test.each(faults)('$code on $on: no "Recorded" message, a CicError (exit 1, not a bug report)', async (fault) => {
    const { ws, id, log } = await setup();
    const before = readFileSync(log);
    Object.assign(nodeFs, faultySeam(fault));
    const out: string[] = [];
    jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      out.push(String(chunk));
      return true;
    });
    const error = await note(
      noteOptions(['Called the Mayor'], { workspace: ws.root, incident: id, as: 'pio', name: 'Jo' }),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CicError);
    expect((error as CicError).exitCode).toBe(1);
    expect((error as Error).message).toMatch(new RegExp(`\\(${fault.code}\\)\\. Nothing was recorded`));
    expect(out.join('')).not.toMatch(/Recorded/);
    expect(readFileSync(log)).toEqual(before);
  });

  test('negative control: on a working disk the same call prints "Recorded"', async () => {
    const { ws, id } = await setup();
    const out: string[] = [];
    jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      out.push(String(chunk));
      return true;
    });
    await note(noteOptions(['Called the Mayor'], { workspace: ws.root, incident: id, as: 'pio', name: 'Jo' }));
    expect(out.join('')).toBe(`Recorded note #2 in ${id}: "Called the Mayor"\n`);
  });
});
