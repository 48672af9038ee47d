/**
 * StagedFile: a file written in parts in the background and put in place whole, or not at all.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StagedFile } from '../../../src/io/output/staged-file.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'cic-staged-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('StagedFile', () => {
  test('the parts, strings and bytes, more than one write batch of them, make the file in order', async () => {
    const path = join(dir, 'many.txt');
    const file = new StagedFile(path);
    const expected: string[] = [];
    for (let i = 0; i < 3_000; i++) {
      const part = `part ${i} ${'x'.repeat(700)} — ü\n`; // 3,000 × ~720 bytes: over two 1 MiB batches
      if (i % 2) file.write(part);
      else file.write(Buffer.from(part, 'utf8'));
      expected.push(part);
    }
    await file.commit();
    expect(readFileSync(path, 'utf8')).toBe(expected.join(''));
    expect(readdirSync(dir).filter((n) => n.startsWith('.'))).toEqual([]);
  });

  test('until commit the old file stays as it was, even once the new one is finished', async () => {
    const path = join(dir, 'old.txt');
    writeFileSync(path, 'old');
    const file = new StagedFile(path);
    file.write('new');
    await file.finish();
    expect(readFileSync(path, 'utf8')).toBe('old');
    await file.commit();
    expect(readFileSync(path, 'utf8')).toBe('new');
  });

  test('discard leaves the old file and no temporary one', async () => {
    const sub = mkdtempSync(join(dir, 'discard-'));
    const path = join(sub, 'kept.txt');
    writeFileSync(path, 'kept');
    const file = new StagedFile(path);
    file.write('replacement');
    await file.discard();
    expect(readdirSync(sub)).toEqual(['kept.txt']);
    expect(readFileSync(path, 'utf8')).toBe('kept');
  });

  test('writing after finish is a bug, and says so', async () => {
    const file = new StagedFile(join(dir, 'late.txt'));
    await file.finish();
    expect(() => file.write('late')).toThrow(/after it was finished/);
    await file.discard();
  });

  test('a file that cannot be created rejects on commit and leaves nothing (negative control)', async () => {
    const sub = mkdtempSync(join(dir, 'bad-'));
    const file = new StagedFile(join(sub, 'a\0b'));
    file.write('text');
    await expect(file.commit()).rejects.toThrow();
    expect(readdirSync(sub)).toEqual([]);
  });

  test('a file that cannot be put in place rejects on commit, and its temporary file is removed (negative control)', async () => {
    const sub = mkdtempSync(join(dir, 'in-the-way-'));
    // rename() cannot replace a folder that has something in it.
    mkdirSync(join(sub, 'report.md', 'inside'), { recursive: true });
    const file = new StagedFile(join(sub, 'report.md'));
    file.write('text');
    await file.finish();
    expect(readdirSync(sub).filter((n) => n.startsWith('.report.md.tmp-'))).toHaveLength(1);
    await expect(file.commit()).rejects.toThrow();
    expect(readdirSync(sub)).toEqual(['report.md']);
    expect(readdirSync(join(sub, 'report.md'))).toEqual(['inside']);
  });
});

describe('an interrupt while files are staged', () => {
  // A process of its own (the built module), which stages a file, finishes it and then gets a signal.
  const staging = (signal: string, before = '') => {
    const out = mkdtempSync(join(dir, 'signal-'));
    const module = new URL('../../../dist/io/output/staged-file.js', import.meta.url).href;
    const script = `import { StagedFile } from ${JSON.stringify(module)};
      const file = new StagedFile(${JSON.stringify(join(out, 'report.md'))});
      file.write('half a report');
      await file.finish();
      ${before}
      process.kill(process.pid, ${JSON.stringify(signal)});
      await new Promise((resolve) => setTimeout(resolve, 5000));`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    return { signal: r.signal, status: r.status, stderr: r.stderr, left: readdirSync(out) };
  };

  test.each(['SIGINT', 'SIGTERM'])(
    '%s removes the temporary file and still ends the process by that signal',
    (signal) => {
      const r = staging(signal);
      expect(r.stderr).toBe('');
      expect(r.signal).toBe(signal);
      expect(r.left).toEqual([]);
    },
  );

  test('without the handler the temporary file would stay (negative control)', () => {
    const r = staging('SIGINT', "process.removeAllListeners('SIGINT');");
    expect(r.signal).toBe('SIGINT');
    expect(r.left).toHaveLength(1);
    expect(r.left[0]).toMatch(/^\.report\.md\.tmp-/);
  });
});
