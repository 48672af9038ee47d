/**
 * A playbook's flagged-phrase patterns run under the incident's lock (the draft is checked before
 * its entry is appended), so they must match in linear time: the classic catastrophic pattern
 * `(a+)+$` against forty a's and a "!" finishes at once, and another writer is not kept waiting.
 * A pattern that needs backtracking (a backreference, lookaround) is refused by
 * `playbook validate` with its file:line:col, and by `open`, which validates first.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CIC_BIN, runCic } from '../../helpers/run-cic.js';
import { HOLDING_FACTS } from './helpers.js';

let parent: string;
let root: string;

/** The workspace's playbook with `pattern` added as the first flagged regular expression. */
function withPattern(pattern: string): string {
  const source = readFileSync(join(root, 'playbook.yaml'), 'utf8');
  const at = source.indexOf('  flagged_phrases:\n') + '  flagged_phrases:\n'.length;
  const entry = `    - pattern: '${pattern}'\n      regex: true\n      reason: Test pattern.\n`;
  return source.slice(0, at) + entry + source.slice(at);
}

/** Run cic, killed after `ms` (a hang shows as signal SIGKILL, not as a test that never ends). */
function cicWithin(ms: number, args: string[], env: Record<string, string> = {}) {
  return new Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [CIC_BIN, ...args], {
      cwd: root,
      env: { ...process.env, NO_COLOR: '1', CIC_ROLE: 'pio', CIC_NAME: 'P', CIC_NOW: '2026-11-26T08:10:00Z', ...env },
      timeout: ms,
      killSignal: 'SIGKILL',
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
    child.stdin.end();
  });
}

beforeAll(async () => {
  parent = mkdtempSync(join(tmpdir(), 'cic-slow-pattern-'));
  root = join(parent, 'city');
  expect((await runCic(['init', root, '--name', 'Jane'])).code).toBe(0);
});
afterAll(() => rmSync(parent, { recursive: true, force: true }));

describe('flagged-phrase patterns', () => {
  test.each([
    ['a backreference', String.raw`(\w+) \1`],
    ['a lookahead', String.raw`police(?= said)`],
    ['a lookbehind', String.raw`(?<=chief )said`],
  ])('%s is refused by playbook validate at its file:line:col', async (_what, pattern) => {
    const file = join(root, 'p.yaml');
    const text = withPattern(pattern);
    writeFileSync(file, text);
    const before = text.slice(0, text.indexOf(`'${pattern}'`));
    const line = before.split('\n').length;
    const col = before.length - before.lastIndexOf('\n');
    const r = await runCic(['playbook', 'validate', file]);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain(`${file}:${line}:${col}: `);
    expect(r.stdout).toMatch(/cannot be run in linear time|not a valid regular expression/);
  });

  test('control: a linear pattern with nested quantifiers validates', async () => {
    const file = join(root, 'ok.yaml');
    writeFileSync(file, withPattern('(a+)+$'));
    const r = await runCic(['playbook', 'validate', file]);
    expect({ code: r.code, out: r.stdout }).toEqual({ code: 0, out: expect.stringContaining('valid') });
  });

  test('(a+)+$ against forty a and a "!" does not hang cic draft under the lock', async () => {
    writeFileSync(join(root, 'playbook.yaml'), withPattern('(a+)+$'));
    const opened = await cicWithin(30_000, ['open', '--title', 'T', '--fact', 'shots_fired_by_officer=yes'], {
      CIC_ROLE: 'city-manager',
    });
    expect(opened.code).toBe(0);
    const facts = HOLDING_FACTS.map((f) =>
      f.startsWith('incident_summary=') ? `incident_summary=${'a'.repeat(40)}!` : f,
    );
    // Far longer than a linear match takes, far shorter than the 2^40 steps of a backtracking one.
    const drafted = await cicWithin(20_000, ['draft', 'holding-statement', ...facts]);
    expect(drafted.signal).toBeNull();
    expect(drafted.code).toBe(0);
    expect((await cicWithin(20_000, ['verify'])).code).toBe(0);
  });
});
