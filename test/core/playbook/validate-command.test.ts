/**
 * `cic playbook validate`: its output and exit codes, called in-process and through the binary,
 * and which playbook it checks when no file is given.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { playbookValidate } from '../../../src/cli/commands/playbook-validate.js';
import { InputError } from '../../../src/core/errors.js';
import { runCic } from '../../helpers/run-cic.js';
import { playbookValidateOptions } from '../../../src/cli/options.js';

const fixtures = fileURLToPath(new URL('./fixtures/', import.meta.url));
const minimal = join(fixtures, 'minimal.yaml');

// The holiday-coverage warning depends on the date: these run on a day the fixture's 2026 holidays
// cover well ahead (the warning itself is tested below and in test/core/incident/coverage.test.ts).
const SUMMER = '2026-06-01T12:00:00Z';
let work: string;
let savedNow: string | undefined;
beforeAll(() => {
  savedNow = process.env.CIC_NOW;
  process.env.CIC_NOW = SUMMER;
  work = mkdtempSync(join(tmpdir(), 'cic-validate-'));
  writeFileSync(
    join(work, 'bad.yaml'),
    readFileSync(minimal, 'utf8').replace('cic: 1', 'cic: 2').replace('kind: task', 'kind: chore'),
  );
});
afterAll(() => {
  rmSync(work, { recursive: true, force: true });
  if (savedNow === undefined) delete process.env.CIC_NOW;
  else process.env.CIC_NOW = savedNow;
});

describe('the holiday-coverage warning', () => {
  test('in December of the last listed year: a warning on stderr with file:line:col, still valid (exit 0)', async () => {
    const r = await runCic(['playbook', 'validate', 'minimal.yaml'], {
      cwd: fixtures,
      env: { CIC_NOW: '2026-12-15T12:00:00Z' },
    });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('minimal.yaml: valid (2 tiers, 5 actions)\n');
    expect(r.stderr).toMatch(/^warning: minimal\.yaml:10:3: calendar\.holidays lists dates only through 2026/);
    const quiet = await runCic(['playbook', 'validate', 'minimal.yaml'], { cwd: fixtures, env: { CIC_NOW: SUMMER } });
    expect(quiet.stderr).toBe('');
  });
});

function capture() {
  const lines: string[] = [];
  const json: unknown[] = [];
  return {
    lines,
    json,
    out: { line: (t = '') => void lines.push(t), json: (v: unknown) => void json.push(v), write: () => undefined },
  };
}

describe('in-process', () => {
  test('a valid file: one line, and the result', async () => {
    const { lines, out } = capture();
    const result = await playbookValidate(playbookValidateOptions([minimal], {}), out);
    expect(lines).toEqual([`${minimal}: valid (2 tiers, 5 actions)`]);
    expect(result).toEqual([{ file: minimal, valid: true, tiers: 2, actions: 5, problems: [] }]);
  });

  test('valid and invalid files: every problem line, then an InputError (exit 2) naming how many', async () => {
    const bad = join(work, 'bad.yaml');
    const { lines, out } = capture();
    const err = await playbookValidate(playbookValidateOptions([minimal, bad], {}), out).catch((e: unknown) => e);
    expect(lines).toEqual([
      `${minimal}: valid (2 tiers, 5 actions)`,
      `${bad}:2:6: cic must be 1 (the playbook format version)`,
      expect.stringMatching(new RegExp(`^${bad}:75:11: action "notify-kin": "kind" must be one of: `)),
    ]);
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).exitCode).toBe(2);
    expect((err as InputError).message).toBe(`${bad} is not valid: 2 problems (listed above)`);
  });

  test('--json: one array with each file, valid or not', async () => {
    const bad = join(work, 'bad.yaml');
    const { lines, json, out } = capture();
    await expect(playbookValidate(playbookValidateOptions([minimal, bad], { json: true }), out)).rejects.toThrow(
      `${bad} is not valid: 2 problems`,
    );
    expect(lines).toEqual([]);
    expect(json).toEqual([
      [
        { file: minimal, valid: true, tiers: 2, actions: 5, problems: [] },
        {
          file: bad,
          valid: false,
          problems: [
            expect.objectContaining({ file: bad, line: 2, col: 6 }),
            expect.objectContaining({ line: 75, col: 11 }),
          ],
        },
      ],
    ]);
  });
});

test('several invalid files are counted in the summary', async () => {
  const bad = join(work, 'bad.yaml');
  await expect(playbookValidate(playbookValidateOptions([bad, bad], {}), capture().out)).rejects.toThrow(
    '2 of 2 playbooks are not valid: 4 problems (listed above)',
  );
});

describe('through the binary', () => {
  test('exit 0 and the valid line; names as given on the command line', async () => {
    const r = await runCic(['playbook', 'validate', 'minimal.yaml'], { cwd: fixtures });
    expect(r).toMatchObject({ code: 0, stdout: 'minimal.yaml: valid (2 tiers, 5 actions)\n', stderr: '' });
  });

  test('exit 2: problems on stdout, one summary on stderr', async () => {
    const r = await runCic(['playbook', 'validate', 'bad.yaml'], { cwd: work });
    expect(r.code).toBe(2);
    expect(r.stdout.split('\n')).toEqual([
      'bad.yaml:2:6: cic must be 1 (the playbook format version)',
      expect.stringMatching(/^bad\.yaml:75:11: /),
      '',
    ]);
    expect(r.stderr).toBe(
      'error: bad.yaml is not valid: 2 problems (listed above)\nEach problem is file:line:col: message. Fix them and run cic playbook validate again.\n',
    );
  });

  test('without a file, outside a workspace: the bundled playbook', async () => {
    const r = await runCic(['playbook', 'validate'], { cwd: work, env: { CIC_WORKSPACE: undefined } });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\/playbooks\/clayton-mo\.yaml: valid \(\d+ tiers, \d+ actions\)\n$/);
  });

  test("without a file, inside a workspace: the workspace's playbook (from a subfolder too)", async () => {
    const ws = join(work, 'ws');
    mkdirSync(join(ws, 'incidents'), { recursive: true });
    cpSync(minimal, join(ws, 'plan.yaml'));
    cpSync(join(fixtures, 'templates'), join(ws, 'templates'), { recursive: true });
    writeFileSync(join(ws, 'cic.yaml'), '# settings\nplaybook: plan.yaml\n');
    const r = await runCic(['playbook', 'validate'], { cwd: join(ws, 'incidents'), env: { CIC_WORKSPACE: undefined } });
    expect(r).toMatchObject({ code: 0, stdout: `${join(ws, 'plan.yaml')}: valid (2 tiers, 5 actions)\n` });
    const here = await runCic(['playbook', 'validate'], { cwd: ws, env: { CIC_WORKSPACE: undefined } });
    expect(here.stdout).toBe('plan.yaml: valid (2 tiers, 5 actions)\n');
    const byFlag = await runCic(['--workspace', ws, 'playbook', 'validate'], {
      cwd: work,
      env: { CIC_WORKSPACE: undefined },
    });
    expect(byFlag.stdout).toBe(`ws/plan.yaml: valid (2 tiers, 5 actions)\n`);
  });

  test('a workspace whose cic.yaml names no playbook says so (exit 2)', async () => {
    const ws = join(work, 'ws-empty');
    mkdirSync(ws, { recursive: true });
    writeFileSync(join(ws, 'cic.yaml'), 'name: Pat\n');
    const r = await runCic(['playbook', 'validate'], { cwd: ws, env: { CIC_WORKSPACE: undefined } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('cic.yaml names no playbook');
  });

  test('--json through the binary', async () => {
    const r = await runCic(['playbook', 'validate', '--json', 'minimal.yaml'], { cwd: fixtures });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([{ file: 'minimal.yaml', valid: true, tiers: 2, actions: 5, problems: [] }]);
  });
});
