/**
 * A stolen lock cannot fork the chain. Writer A takes the lock and is held (a test-only delay)
 * after every check; its lock is made to look 11 minutes old, so B reclaims it, and B and B2
 * write. A then wakes: the fence is checked again right before its write, so A is refused (exit
 * 3, nothing recorded) and the log verifies with B's and B2's entries. The negative control runs
 * the same scenario without the steal: A writes normally.
 */
import { describe, expect, test } from '@jest/globals';
import { spawn } from 'node:child_process';
import { existsSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { CIC_BIN, runCic, type CicResult } from '../../helpers/run-cic.js';
import { makeWorkspace, openIncident } from './fixtures.js';

function start(root: string, args: string[], env: Record<string, string>): Promise<CicResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CIC_BIN, ...args], {
      cwd: root,
      env: { ...process.env, NO_COLOR: '1', CIC_WORKSPACE: root, ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
    child.stdin.end();
  });
}

async function until(check: () => boolean, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function scenario(steal: boolean) {
  const ws = await makeWorkspace();
  const id = await openIncident(ws);
  const lock = join(ws.incidentsDir, id, 'log.jsonl.lock');
  const a = start(ws.root, ['note', 'A', '-i', id], { NODE_ENV: 'test', CIC_TEST_APPEND_DELAY_MS: '6000' });
  await until(() => existsSync(lock));
  if (!steal)
    return { a: await a, b: undefined, b2: undefined, verify: await runCic(['verify', id], { cwd: ws.root }) };
  const old = new Date(Date.now() - 11 * 60_000);
  utimesSync(lock, old, old);
  const b = await runCic(['note', 'B', '-i', id], { cwd: ws.root, env: { CIC_WORKSPACE: ws.root } });
  const b2 = await runCic(['note', 'B2', '-i', id], { cwd: ws.root, env: { CIC_WORKSPACE: ws.root } });
  const done = await a;
  const verify = await runCic(['verify', id], { cwd: ws.root, env: { CIC_WORKSPACE: ws.root } });
  const log = await runCic(['log', id, '--json'], { cwd: ws.root, env: { CIC_WORKSPACE: ws.root } });
  return { a: done, b, b2, verify, log };
}

describe('a lock stolen from a delayed writer', () => {
  test('B and B2 write, A is refused right before its write, and the log verifies', async () => {
    const { a, b, b2, verify, log } = await scenario(true);
    expect(b!.code).toBe(0);
    expect(b2!.code).toBe(0);
    expect({ code: a.code, stderr: a.stderr }).toEqual({
      code: 3,
      stderr: expect.stringMatching(/changed while this command held its lock.*nothing was recorded/s),
    });
    expect(verify.code).toBe(0);
    expect(log!.stdout).toContain('"B2"');
    expect(log!.stdout).not.toContain('"A"');
  }, 60_000);

  test('control: without the steal, the delayed writer writes', async () => {
    const { a, verify } = await scenario(false);
    expect(a.code).toBe(0);
    expect(verify.code).toBe(0);
  }, 60_000);
});
