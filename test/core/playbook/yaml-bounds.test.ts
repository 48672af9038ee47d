/**
 * Time and memory stay small for every playbook under the size limit, however it is malformed:
 * each family below, at just under 1 MiB, is validated by the real binary in a child process with
 * a 128 MB heap (a run past it aborts: exit 134) and killed if it is not done in 60 s (the
 * "[}" family took 39 s and 1.7 GB before its bound; a linear, bounded scan takes about a
 * second). They must end normally, exit 2, with a located problem. The small members of the
 * families, with exact positions and messages, are in the corpus (corpus/flow-mismatch-*.yaml).
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MAX_BYTES } from '../../../src/core/playbook/text-checks.js';
import { CIC_BIN } from '../../helpers/run-cic.js';

/** `unit` repeated after `head` to just under the size limit (then `tail`). */
const fill = (head: string, unit: string, tail = '') =>
  head + unit.repeat(Math.floor((MAX_BYTES - head.length - tail.length - 16) / unit.length)) + tail;

const FAMILIES: Record<string, string> = {
  'seq-brace [}': fill('x: ', '[}'),
  'map-bracket {]': fill('x: ', '{]'),
  'tab first, then [}': fill('\tx: ', '[}'),
  'tab line, then [}': fill('cic: 1\n\t', '[}'),
  'closing ] only': fill('x: ', ']'),
  'closing } only': fill('x: ', '}'),
  'empty pairs []': fill('x: ', '[]'),
  'tab first, then []': fill('\tx: ', '[]'),
  'commas in a flow sequence': fill('x: [', ',', ']'),
  'a flow sequence of a million items': fill('x: [', 'a,', 'a]'),
  'empty flow sequences': fill('x: [', '[],', 'a]'),
  'empty flow mappings': fill('x: [', '{},', 'a]'),
  'half a million tab lines': fill('', '\t\n'),
  'compact block sequences': fill('', '- a\n'),
  aliases: fill('a: &a x\nb: [', '*a,', '*a]'),
};

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'cic-yaml-bounds-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function validate(file: string) {
  return new Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, ['--max-old-space-size=128', CIC_BIN, 'playbook', 'validate', file], {
      env: { ...process.env, NO_COLOR: '1' },
      timeout: 60_000,
      killSignal: 'SIGKILL',
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

describe('malformed YAML just under the size limit: bounded time and memory', () => {
  test.each(Object.keys(FAMILIES))(
    '%s',
    async (name) => {
      const file = join(dir, `${name.replace(/[^a-z]+/gi, '-')}.yaml`);
      writeFileSync(file, FAMILIES[name]!);
      const r = await validate(file);
      expect({ signal: r.signal, code: r.code }).toEqual({ signal: null, code: 2 });
      expect(r.stdout).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+: `));
      expect(r.stderr).not.toMatch(/bug in cic|\n\s+at /);
    },
    90_000,
  );

  test('control: the bound is real (the same run with a heap too small for cic itself aborts)', async () => {
    const file = join(dir, 'small.yaml');
    writeFileSync(file, FAMILIES['a flow sequence of a million items']!);
    const child = spawn(process.execPath, ['--max-old-space-size=4', CIC_BIN, 'playbook', 'validate', file], {
      stdio: 'ignore',
      timeout: 60_000,
      killSignal: 'SIGKILL',
    });
    const [code, signal] = await new Promise<[number | null, string | null]>((resolve) =>
      child.on('close', (c, s) => resolve([c, s])),
    );
    expect(code === 2 && signal === null).toBe(false);
  }, 90_000);
});
