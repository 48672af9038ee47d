/**
 * The shipped program is one bundle with its source map: with --debug, a stack trace names the
 * TypeScript sources' files and lines, so a bug report points at src/, not at a 2 MB bundle.
 */
import { expect, test } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCic } from '../helpers/run-cic.js';

test('--debug stack traces name src/ files and lines; without it there is no trace (negative control)', async () => {
  const away = mkdtempSync(join(tmpdir(), 'cic-no-workspace-'));
  try {
    const env = { CIC_WORKSPACE: undefined };
    const debug = await runCic(['status', '--debug'], { cwd: away, env });
    expect(debug.code).toBe(2);
    expect(debug.stderr).toMatch(/at \w+ \(.*src[\\/]io[\\/]workspace[\\/]discover\.ts:\d+:\d+\)/);
    expect(debug.stderr).not.toMatch(/dist[\\/]bundle/);
    const plain = await runCic(['status'], { cwd: away, env });
    expect(plain.code).toBe(2);
    expect(plain.stderr).not.toMatch(/ at /);
  } finally {
    rmSync(away, { recursive: true, force: true });
  }
});
