/**
 * `npm run bench -- SUITE…` runs only the suites named (an unknown one is bad input); the benchmark
 * itself is not run here (it takes minutes and a quiet machine).
 */
import { expect, test } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const RUN = fileURLToPath(new URL('../../bench/run.mjs', import.meta.url));

test('an unknown suite name is bad input, refused before any suite runs', () => {
  expect(existsSync(fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url)))).toBe(true);
  const r = spawnSync(process.execPath, [RUN, 'nosuch'], { encoding: 'utf8', timeout: 20_000 });
  expect(r.stderr).not.toMatch(/dist\/ is missing/);
  expect(r.stderr).toMatch(/unknown bench suite nosuch; the suites: cli, log, incident, report, scale, pg/);
  expect(r.status).toBe(2);
});
