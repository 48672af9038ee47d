import { describe, expect, test } from '@jest/globals';
import { tmpdir } from 'node:os';
import { runCic } from '../helpers/run-cic.js';

describe('the command line', () => {
  test('--help lists the commands and exits 0', async () => {
    const r = await runCic(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage: cic');
    expect(r.stdout).toContain('playbook');
  });

  test('--version prints the package version', async () => {
    const r = await runCic(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  test('help COMMAND shows that command', async () => {
    const r = await runCic(['help', 'status']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage: cic status');
  });

  test('an unknown command exits 2 with a suggestion', async () => {
    const r = await runCic(['stauts']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown command 'stauts'");
    expect(r.stderr).toContain('Did you mean status?');
  });

  test('an unknown option exits 2', async () => {
    const r = await runCic(['status', '--bogus']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown option '--bogus'");
  });

  test.each([
    ['skip', 'notify-mayor-board'],
    ['extend', 'video-release', '--by', 'P30D'],
    ['escalate', '--tier', 'tier-2'],
    ['reject', 'holding-statement'],
    ['reopen'],
  ])(
    '%s without --reason and no terminal to ask on: exit 2, saying what to give, before reading anything',
    async (...args) => {
      // No workspace here: the reason is missing before anything is opened or written.
      const r = await runCic(args, { cwd: tmpdir() });
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/--reason \(why .*\) is missing/);
      expect(r.stderr).toContain('Give it with --reason "…"');
    },
  );

  test('negative control: with --reason the same command goes on (and fails later, for want of a workspace)', async () => {
    const r = await runCic(['skip', 'notify-mayor-board', '--reason', 'done in person'], { cwd: tmpdir() });
    expect(r.stderr).not.toContain('is missing');
  });

  test('done without an action and no terminal to ask on: exit 2, naming what to give', async () => {
    const r = await runCic(['done'], { cwd: tmpdir() });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('the action is missing');
    expect(r.stderr).toContain('cic done ACTION');
  });
});
