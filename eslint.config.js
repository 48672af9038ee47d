// Lint: the layers' direction is a build error, not a convention (docs/development.md).
// src/core is pure: no file system, clock, terminal or process; src/io is the shell's edges;
// src/cli is the program. core imports neither; io does not import cli.
import tseslint from 'typescript-eslint';

const sideEffectModules = [
  'fs',
  'fs/promises',
  'child_process',
  'os',
  'path',
  'net',
  'http',
  'https',
  'worker_threads',
  'vm',
  'v8',
  'process',
  'readline',
  'tty',
  'dgram',
  'cluster',
].flatMap((m) => [m, `node:${m}`]);

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'test/**/corpus/**'] },
  {
    files: ['src/**/*.ts', 'test/**/*.ts'],
    extends: [tseslint.configs.base],
    rules: {
      // Long text in strings and template literals reads better whole than broken by a formatter.
      'max-len': [
        'error',
        { code: 120, ignoreStrings: true, ignoreTemplateLiterals: true, ignoreRegExpLiterals: true, ignoreUrls: true },
      ],
    },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: sideEffectModules.map((name) => ({ name, message: 'src/core is pure: do I/O in src/io.' })),
          patterns: [
            { group: ['**/io/**', '**/cli/**'], message: 'src/core must not import src/io or src/cli.' },
            { group: ['chalk', '@inquirer/*', 'commander'], message: 'src/core has no terminal.' },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'process', message: 'src/core is pure: pass what it needs in.' },
        { name: 'setTimeout', message: 'src/core has no clock.' },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: 'src/core has no clock: time is passed in.',
        },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: 'src/core has no clock: time is passed in.' },
      ],
    },
  },
  {
    files: ['src/io/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/cli/**'], message: 'src/io must not import src/cli.' }] },
      ],
    },
  },
);
