import { describe, expect, test } from '@jest/globals';
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
});
