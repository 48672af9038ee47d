import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, join } from 'node:path';
import { createDefaultEsmPreset } from 'ts-jest';

/**
 * Tests that need a tool beyond Node.js: a pseudo-terminal (node-pty, a native addon that needs a
 * compiler to install) or a headless Chromium. On a machine without the tool they are skipped with
 * a one-line notice, so the README's quick start works with Node.js alone; under CI (`CI` set, as
 * `.ci/run` sets it) nothing is skipped, and a missing tool fails those tests.
 */
/** Chromium as the PATH finds it; the browser test reads it from CIC_TEST_CHROMIUM. */
const chromium = (process.env.PATH ?? '')
  .split(delimiter)
  .flatMap((dir) => ['chromium', 'chromium-browser'].map((name) => join(dir, name)))
  .find((file) => existsSync(file));
if (chromium !== undefined) process.env.CIC_TEST_CHROMIUM ??= chromium;

const NEEDS = [
  {
    files: '/test/.*/pty[^/]*\\.test\\.ts$',
    tool: 'node-pty (the pseudo-terminal tests)',
    missing: () => {
      try {
        createRequire(import.meta.url)('node-pty');
        return undefined;
      } catch {
        return 'it did not install or build (it needs make and a C++ compiler)';
      }
    },
  },
  {
    files: '/test/.*/html-chromium\\.test\\.ts$',
    tool: 'Chromium (the HTML report in a browser)',
    missing: () => (process.env.CIC_TEST_CHROMIUM ? undefined : 'there is no chromium on the PATH'),
  },
];

const skipped = process.env.CI
  ? []
  : NEEDS.flatMap((need) => {
      const why = need.missing();
      if (why === undefined) return [];
      process.stderr.write(`skipped the tests that need ${need.tool}: ${why} (docs/development.md)\n`);
      return [need.files];
    });

/** @type {import('jest').Config} */
export default {
  ...createDefaultEsmPreset({ tsconfig: 'tsconfig.json' }),
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', ...skipped],
  // Source imports say './x.js' (NodeNext); under Jest they resolve to the .ts file.
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  testTimeout: 60000,
};
