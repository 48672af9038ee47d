/**
 * The malformed-playbook corpus (corpus/, written by corpus/generate.mjs): every case must fail
 * with exit 2 and exactly its expected problems, each at its `file:line:col` with its message.
 * All cases run in this one process (which must survive the nesting and alias bombs and keep
 * Object.prototype clean); a sample runs through the real binary in fresh processes.
 */
import { describe, expect, test } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { playbookValidate } from '../../../src/cli/commands/playbook-validate.js';
import { CicError } from '../../../src/core/errors.js';
import { runCic } from '../../helpers/run-cic.js';
import { playbookValidateOptions } from '../../../src/cli/options.js';

interface Expected {
  about: string;
  exit: number;
  /** Each problem: where, and fragments its message must contain. */
  problems: { file: string; at: string; message: string[] }[];
}

const dir = fileURLToPath(new URL('./corpus/', import.meta.url));
const cases = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as Record<string, Expected>;

/** `file:line:col: message` lines, with the corpus folder taken off the file names. */
function parse(lines: string[], prefix: string): { file: string; at: string; message: string }[] {
  return lines.map((l) => {
    const m = /^(.*?):(\d+):(\d+): (.*)$/.exec(l);
    if (!m) throw new Error(`not a problem line: ${l}`);
    return {
      file: m[1]!.startsWith(prefix) ? m[1]!.slice(prefix.length) : m[1]!,
      at: `${m[2]}:${m[3]}`,
      message: m[4]!,
    };
  });
}

/**
 * Actual problems as readable lines, each expected one replaced by its fragment when it matches
 * (same file and position, message containing the fragment): equal lists mean every expected
 * problem is there and nothing else is.
 */
function compare(actual: ReturnType<typeof parse>, expected: Expected['problems']): { got: string[]; want: string[] } {
  const unused = [...expected];
  const got = actual.map((a) => {
    const i = unused.findIndex(
      (e) => e.file === a.file && e.at === a.at && e.message.every((m) => a.message.includes(m)),
    );
    if (i === -1) return `${a.file}:${a.at}: ${a.message}`;
    const [e] = unused.splice(i, 1);
    return show(e!);
  });
  const want = expected.map(show);
  return { got: got.sort(), want: want.sort() };
}

const show = (e: Expected['problems'][number]) => `${e.file}:${e.at}: …${e.message.join('…')}…`;

describe('the corpus', () => {
  test('has at least 60 cases, each file listed once', () => {
    const files = readdirSync(dir)
      .filter((f) => f.endsWith('.yaml'))
      .sort();
    expect(files.length).toBeGreaterThanOrEqual(60);
    expect(Object.keys(cases).sort()).toEqual(files);
    for (const c of Object.values(cases)) expect(c.problems.length).toBeGreaterThan(0);
  });

  test('the committed files are exactly what generate.mjs writes (nothing edited by hand)', () => {
    const out = mkdtempSync(join(tmpdir(), 'cic-corpus-'));
    try {
      execFileSync(process.execPath, [join(dir, 'generate.mjs'), out], { stdio: 'pipe' });
      const written = (sub: string) => readdirSync(join(out, sub)).sort();
      expect(written('.')).toEqual(
        readdirSync(dir)
          .filter((f) => f !== 'generate.mjs')
          .sort(),
      );
      for (const f of [
        ...written('.').filter((f) => f !== 'templates'),
        ...written('templates').map((f) => `templates/${f}`),
      ]) {
        expect([f, readFileSync(join(out, f)).equals(readFileSync(join(dir, f)))]).toEqual([f, true]);
      }
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});

describe('each corpus case, in one process', () => {
  test.each(Object.keys(cases))('%s', async (file) => {
    const c = cases[file]!;
    const lines: string[] = [];
    const out = { line: (t = '') => void lines.push(t), json: () => undefined, write: () => undefined };
    let code = 0;
    try {
      await playbookValidate(playbookValidateOptions([join(dir, file)], {}), out);
    } catch (err) {
      if (!(err instanceof CicError)) throw err;
      code = err.exitCode;
    }
    expect(code).toBe(c.exit);
    const { got, want } = compare(parse(lines, dir), c.problems);
    expect(got).toEqual(want);
  });

  test('no case touched Object.prototype', () => {
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.keys(Object.prototype)).toEqual([]);
  });
});

// One of each family, through the real binary: the process must end normally with exit 2.
const SAMPLE = [
  'deep-tab-then-flow.yaml',
  'deep-flow-12000.yaml',
  'alias-bomb.yaml',
  'text-invalid-utf8.yaml',
  'directive-yaml-1-1.yaml',
  'proto-key-nested.yaml',
  'schema-bad-duration.yaml',
  'cycle-depends-on.yaml',
  'placeholder-unknown-in-file.yaml',
  'text-crlf-ok.yaml',
];

describe('a sample of the corpus, through the real binary', () => {
  test.each(SAMPLE)('%s', async (file) => {
    const c = cases[file]!;
    const r = await runCic(['playbook', 'validate', file], { cwd: dir });
    expect(r.signal).toBeNull();
    expect(r.code).toBe(c.exit);
    const lines = r.stdout.split('\n').filter((l) => l !== '');
    const { got, want } = compare(parse(lines, ''), c.problems);
    expect(got).toEqual(want);
    // The summary once, on stderr, and no stack trace.
    expect(r.stderr).toMatch(new RegExp(`^error: ${file.replace(/\./g, '\\.')} is not valid: \\d+ problems?`));
    expect(r.stderr.split('\n').filter((l) => l.startsWith('error:'))).toHaveLength(1);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
