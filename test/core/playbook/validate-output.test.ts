/**
 * `cic playbook validate`'s output, byte for byte, for every playbook in playbooks/ and
 * test/core/playbook/ (valid and invalid, with and without --json, with the warnings of a December day): the
 * problem lines, the summary, the JSON and the warnings, against a golden file. How a playbook is
 * read (yaml-fast.ts or yaml-safe.ts) must not change a byte of it. When a change is intended:
 *   UPDATE_GOLDEN=1 NODE_OPTIONS=--experimental-vm-modules npx jest test/core/playbook/validate-output.test.ts
 */
import { afterAll, beforeAll, expect, jest, test } from '@jest/globals';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { playbookValidate } from '../../../src/cli/commands/playbook-validate.js';
import { InputError } from '../../../src/core/errors.js';
import { playbookValidateOptions } from '../../../src/cli/options.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const golden = fileURLToPath(new URL('./validate-output.golden.txt', import.meta.url));

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) =>
      e.isDirectory() ? yamlFiles(join(dir, e.name)) : e.name.endsWith('.yaml') ? [join(dir, e.name)] : [],
    )
    .sort();
}

let savedNow: string | undefined;
let savedCwd: string;
beforeAll(() => {
  savedNow = process.env.CIC_NOW;
  savedCwd = process.cwd();
  // December of the year most playbooks list holidays through: the coverage warning shows.
  process.env.CIC_NOW = '2026-12-15T12:00:00Z';
  process.chdir(root);
});
afterAll(() => {
  process.chdir(savedCwd);
  if (savedNow === undefined) delete process.env.CIC_NOW;
  else process.env.CIC_NOW = savedNow;
});

async function run(file: string, json: boolean): Promise<string> {
  const out: string[] = [];
  const stderr = jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    out.push(`stderr: ${String(chunk)}`);
    return true;
  });
  try {
    await playbookValidate(playbookValidateOptions([file], { json }), {
      line: (t = '') => void out.push(`stdout: ${t}\n`),
      json: (v: unknown) => void out.push(`json: ${JSON.stringify(v)}\n`),
      write: (t: string) => void out.push(`write: ${t}`),
    });
    out.push('exit 0\n');
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    out.push(`error: ${err.message}\nhint: ${String(err.hint)}\n`);
  } finally {
    stderr.mockRestore();
  }
  return out.join('');
}

test('every playbook: the same lines, JSON, warnings and summary as recorded', async () => {
  const files = [...yamlFiles(join(root, 'playbooks')), ...yamlFiles(join(root, 'test/core/playbook'))].map((f) =>
    relative(root, f),
  );
  expect(files.length).toBeGreaterThan(100);
  const parts: string[] = [];
  for (const file of files) {
    parts.push(`=== ${file}\n${await run(file, false)}--- --json\n${await run(file, true)}`);
  }
  const text = parts.join('');
  if (process.env.UPDATE_GOLDEN === '1') writeFileSync(golden, text);
  expect(text).toBe(readFileSync(golden, 'utf8'));
});
