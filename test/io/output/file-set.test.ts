/**
 * replaceFiles: several files replaced as one. With a failure injected at every step (staging a
 * later file, keeping an old one, putting a later one in place), the set is exactly as it was;
 * without one, exactly the new set. The checker that tells the outcomes apart is shown to see a
 * mixed set (negative control), and an interrupt while files are staged leaves the set as it was.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nodeFileOps, replaceFiles, type FileSetOps } from '../../../src/io/output/file-set.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'cic-file-set-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const NAMES = ['r.md', 'r.html', 'r.csv', 'r.json'];

/** A folder with the old set: two of the four files exist (the other two are new this time). */
function oldSet(): string {
  const out = mkdtempSync(join(dir, 'set-'));
  writeFileSync(join(out, 'r.md'), 'old md');
  writeFileSync(join(out, 'r.csv'), 'old csv');
  return out;
}
const newSet = (out: string) => NAMES.map((n) => ({ path: join(out, n), text: `new ${n} ü` }));

/** 'old', 'new', or 'mixed: …' (what is there): anything else left in the folder is mixed too. */
function outcome(out: string): string {
  const present = readdirSync(out).sort();
  const text = (n: string) => (present.includes(n) ? readFileSync(join(out, n), 'utf8') : undefined);
  const isOld = present.join() === 'r.csv,r.md' && text('r.md') === 'old md' && text('r.csv') === 'old csv';
  const isNew = present.join() === [...NAMES].sort().join() && NAMES.every((n) => text(n) === `new ${n} ü`);
  return isOld ? 'old' : isNew ? 'new' : `mixed: ${present.map((n) => `${n}=${text(n)}`).join(' ')}`;
}

/** The real calls, with the `nth` call of `op` failing as a full disk would. */
function failing(op: keyof FileSetOps, nth: number): FileSetOps {
  let calls = 0;
  const real = nodeFileOps[op] as (...args: unknown[]) => unknown;
  return {
    ...nodeFileOps,
    [op]: (...args: unknown[]) => {
      if (++calls === nth) throw Object.assign(new Error(`injected ${op} failure`), { code: 'ENOSPC' });
      return real(...args);
    },
  };
}

describe('replaceFiles', () => {
  test('without a failure, every file is the new one and nothing else is left', async () => {
    const out = oldSet();
    await replaceFiles(newSet(out));
    expect(outcome(out)).toBe('new');
  });

  test.each([
    ['writing the third file', 'write', 3],
    ['syncing the fourth file', 'fsync', 4],
    ['keeping the second old file', 'link', 2],
    ['putting the first file in place', 'rename', 1],
    ['putting the third file in place, after two are', 'rename', 3],
    ['putting the last file in place, after three are', 'rename', 4],
  ] as const)('a failure %s leaves every file as it was', async (_when, op, nth) => {
    const out = oldSet();
    await expect(replaceFiles(newSet(out), failing(op, nth))).rejects.toThrow(`injected ${op} failure`);
    expect(outcome(out)).toBe('old');
  });

  test('the checker sees a set left half new, or a stray temporary file (negative control)', () => {
    const out = oldSet();
    // What putting files in place one by one, without undoing, leaves when the third fails.
    writeFileSync(join(out, 'r.md'), 'new r.md ü');
    writeFileSync(join(out, 'r.html'), 'new r.html ü');
    expect(outcome(out)).toMatch(/^mixed: /);
    const stray = oldSet();
    writeFileSync(join(stray, '.r.md.tmp-1-abc'), 'x');
    expect(outcome(stray)).toMatch(/^mixed: /);
  });

  test('a destination that cannot be replaced (a folder) fails, and the set is as it was', async () => {
    const out = oldSet();
    mkdirSync(join(out, 'r.json', 'inside'), { recursive: true });
    await expect(replaceFiles(newSet(out))).rejects.toThrow();
    expect(readdirSync(out).sort()).toEqual(['r.csv', 'r.json', 'r.md']);
    expect(readFileSync(join(out, 'r.md'), 'utf8')).toBe('old md');
    expect(readdirSync(join(out, 'r.json'))).toEqual(['inside']);
  });
});

describe('an interrupt while files are staged', () => {
  // A process of its own (the built module): the signal comes while the second file is written.
  const staging = (signal: string, before = '') => {
    const out = oldSet();
    const module = new URL('../../../dist/io/output/file-set.js', import.meta.url).href;
    const script = `import { nodeFileOps, replaceFiles } from ${JSON.stringify(module)};
      let writes = 0;
      const ops = { ...nodeFileOps, write: (...a) => {
        if (++writes === 2) { ${before} process.kill(process.pid, ${JSON.stringify(signal)}); }
        return nodeFileOps.write(...a);
      } };
      await replaceFiles(${JSON.stringify(newSet(out))}, ops);
      await new Promise((resolve) => setTimeout(resolve, 5000));`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    return { signal: r.signal, stderr: r.stderr, outcome: outcome(out) };
  };

  test.each(['SIGINT', 'SIGTERM'])('%s leaves every file as it was and ends the process by that signal', (signal) => {
    const r = staging(signal);
    expect(r.stderr).toBe('');
    expect(r.signal).toBe(signal);
    expect(r.outcome).toBe('old');
  });

  test('without the handler the staged file would stay (negative control)', () => {
    const r = staging('SIGINT', "process.removeAllListeners('SIGINT');");
    expect(r.signal).toBe('SIGINT');
    expect(r.outcome).toMatch(/^mixed: .*\.r\.md\.tmp-/);
  });
});
