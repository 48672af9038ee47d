/**
 * The bundle and its code cache (src/boot/run-bundle.ts, built into dist/bundle/boot.cjs, the loader
 * bin/cic.js requires), as built by `npm run build`: the cache is
 * this Node's and this build's, so it is used; a cache from another build, a damaged one or none
 * is not, and the program runs the same without it. Each case runs in a child process, because
 * the loader sets a V8 flag (part of what a cache must match) for the whole process.
 */
import { describe, expect, test } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const dist = fileURLToPath(new URL('../../../dist/', import.meta.url));
const bundle = join(dist, 'bundle', 'cic.cjs');
const loader = join(dist, 'bundle', 'boot.cjs');
const version = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')).version as string;

/** Load `file` as bin/cic.js does, report what became of its cache, and run `cic ARGS`. */
function run(file: string, args: string[]): { cache: string; stdout: string; status: number | null } {
  const code = `const b = require(${JSON.stringify(loader)}).loadBundle(process.argv[1]); process.stderr.write(b.cache + '\\n'); b.run();`;
  // With -e, process.argv is [node, ...the rest]: the bundle's path stands where a script's would.
  const r = spawnSync(process.execPath, ['-e', code, file, ...args], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { cache: r.stderr.trim().split('\n')[0] ?? '', stdout: r.stdout, status: r.status };
}

/** `t` on a copy of the built bundle and its cache, in a folder under dist/ (cic finds its package from there). */
function withCopyOfBuild(t: (file: string) => void): void {
  const dir = mkdtempSync(join(dist, 'bundle-test-'));
  try {
    const file = join(dir, 'cic.cjs');
    copyFileSync(bundle, file);
    copyFileSync(`${bundle}.cache`, `${file}.cache`);
    t(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('the bundle and its code cache', () => {
  test('the build made a cache that V8 accepts, and cic runs from it', () => {
    const r = run(bundle, ['--version']);
    expect(r).toEqual({ cache: 'used', stdout: `${version}\n`, status: 0 });
  });

  test('a cache made for another build is not used, and cic runs without it', () => {
    withCopyOfBuild((file) => {
      const cache = readFileSync(`${file}.cache`);
      const last = cache.indexOf('\n') - 1; // the last character of the build's id, changed
      cache[last] = cache[last] === 0x30 ? 0x31 : 0x30;
      writeFileSync(`${file}.cache`, cache);
      expect(run(file, ['--version'])).toEqual({ cache: 'other-build', stdout: `${version}\n`, status: 0 });
    });
  });

  test('a damaged cache of this build is refused by V8, and cic runs without it', () => {
    withCopyOfBuild((file) => {
      const cache = readFileSync(`${file}.cache`);
      writeFileSync(`${file}.cache`, cache.subarray(0, cache.length - 1000));
      expect(run(file, ['--version'])).toEqual({ cache: 'rejected', stdout: `${version}\n`, status: 0 });
    });
  });

  test('with no cache, cic runs', () => {
    withCopyOfBuild((file) => {
      rmSync(`${file}.cache`);
      const r = run(file, [
        'playbook',
        'validate',
        fileURLToPath(new URL('../../../playbooks/clayton-mo.yaml', import.meta.url)),
      ]);
      expect(r.cache).toBe('absent');
      expect(r.stdout).toMatch(/clayton-mo\.yaml: valid \(4 tiers, \d+ actions\)/);
      expect(r.status).toBe(0);
    });
  });

  test('the bundle is ASCII, which the loader reads as latin1', () => {
    const bytes = readFileSync(bundle);
    expect(bytes.findIndex((b) => b > 0x7f)).toBe(-1);
    // Text the program prints beyond ASCII survives the escaping (an ellipsis in the help).
    const r = spawnSync(
      process.execPath,
      [fileURLToPath(new URL('../../../bin/cic.js', import.meta.url)), 'fact', '--help'],
      { encoding: 'utf8' },
    );
    expect(r.stdout).toContain('KEY=VALUE …');
  });
});
