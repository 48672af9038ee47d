/**
 * The lock file when the disk misbehaves or its place holds something odd. A lock whose write
 * fails (a full disk) is removed at once, not left to go stale; a fault says what could not be
 * written and that nothing was recorded, with the write-fault exit code. A dangling symbolic link
 * or a folder at the lock's path is named as what it is, not blamed on "another command" (busy)
 * nor called a bug. The busy message gives a short timeout in milliseconds.
 */
import { describe, expect, test } from '@jest/globals';
import { existsSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BusyError, CicError, ExitCode } from '../../../src/core/errors.js';
import { FileStore } from '../../../src/io/log/file-store.js';
import { nodeLockFs, type LockFs } from '../../../src/io/log/lock.js';
import { ctx, makeWorkspace, openIncident } from './fixtures.js';

const errno = (code: string) => Object.assign(new Error(`${code}: simulated`), { code });
const note = (text: string) => ({ type: 'note' as const, data: { text } });

async function setup(lockFs?: LockFs, lockTimeoutMs = 200) {
  const ws = await makeWorkspace();
  const id = await openIncident(ws);
  const dir = join(ws.incidentsDir, id);
  const store = new FileStore(ws, { lockTimeoutMs, ...(lockFs ? { lockFs } : {}) });
  return { ws, id, dir, store, lock: join(dir, 'log.jsonl.lock') };
}

const leftovers = (dir: string) => readdirSync(dir).filter((f) => /\.(lock|reclaim)$/.test(f));

describe('a fault while taking the lock', () => {
  test.each(['ENOSPC', 'EDQUOT', 'EIO'])(
    '%s writing the lock: removed at once; a fault, nothing recorded',
    async (code) => {
      const failing: LockFs = {
        ...nodeLockFs,
        write: () => {
          throw errno(code);
        },
      };
      const { store, id, dir } = await setup(failing);
      const before = (await store.readAll(id)).length;
      const err = await store.appendEvents(id, ctx(), [note('x')]).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(CicError);
      expect((err as CicError).exitCode).toBe(ExitCode.writeFault);
      expect((err as Error).message).toMatch(
        new RegExp(`log\\.jsonl\\.lock.*\\(${code}\\).*Nothing was recorded`, 's'),
      );
      expect(leftovers(dir)).toEqual([]);
      expect((await store.readAll(id)).length).toBe(before);
    },
  );

  test.each(['EROFS', 'EACCES', 'EISDIR', 'ENOSPC', 'EDQUOT'])(
    '%s creating the lock: a fault, nothing recorded',
    async (code) => {
      const failing: LockFs = {
        ...nodeLockFs,
        open: () => {
          throw errno(code);
        },
      };
      const { store, id, dir } = await setup(failing);
      const err = await store.appendEvents(id, ctx(), [note('x')]).catch((e: unknown) => e);
      expect((err as CicError).exitCode).toBe(ExitCode.writeFault);
      expect((err as Error).message).toMatch(new RegExp(`\\(${code}\\).*Nothing was recorded`, 's'));
      expect((err as Error).message).not.toMatch(/bug/);
      expect(leftovers(dir)).toEqual([]);
    },
  );

  test('control: the same seam without a fault takes and releases the lock', async () => {
    const { store, id, dir } = await setup({ ...nodeLockFs });
    await store.appendEvents(id, ctx(), [note('x')]);
    expect(leftovers(dir)).toEqual([]);
  });
});

describe('odd things at the lock path', () => {
  test('a dangling symbolic link is named, promptly, not blamed on another command', async () => {
    const { store, id, lock } = await setup(undefined, 5_000);
    symlinkSync(join(lock, '..', 'nowhere'), lock);
    const started = Date.now();
    const err = await store.appendEvents(id, ctx(), [note('x')]).catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(4_000); // it did not wait out the 5 s timeout
    expect(err).not.toBeInstanceOf(BusyError);
    expect((err as CicError).exitCode).toBe(ExitCode.writeFault);
    expect((err as Error).message).toMatch(/symbolic link/);
    expect((err as CicError).hint).toContain(lock);
  });

  test('a folder is named as a folder, not as a bug', async () => {
    const { store, id, lock } = await setup();
    mkdirSync(lock);
    const err = await store.appendEvents(id, ctx(), [note('x')]).catch((e: unknown) => e);
    expect((err as CicError).exitCode).toBe(ExitCode.writeFault);
    expect((err as Error).message).toMatch(/folder/);
  });

  test('control: a lock held by a live process on this machine is busy (exit 5)', async () => {
    const { store, id, lock } = await setup(undefined, 30);
    writeFileSync(
      lock,
      JSON.stringify({ pid: process.pid, host: (await import('node:os')).hostname(), nonce: 'n', at: 'now' }),
    );
    const err = await store.appendEvents(id, ctx(), [note('x')]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BusyError);
    // A 30 ms timeout is not "more than 0 s".
    expect((err as Error).message).toContain('30 ms');
    expect((err as Error).message).not.toMatch(/\b0 s\b/);
    expect(existsSync(lock)).toBe(true);
  });
});
