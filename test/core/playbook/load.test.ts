/**
 * Loading a playbook: the model it gives (defaults filled in), the self-contained source an
 * incident freezes (template files inlined, everything else byte for byte), the template-file
 * rules (inside the playbook's folder, also through links), and the file-level refusals.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ProblemsError } from '../../../src/core/errors.js';
import {
  checkPlaybookText,
  loadPlaybook,
  validatePlaybookFile,
  validatePlaybookFiles,
} from '../../../src/io/playbook/load.js';

const fixtures = fileURLToPath(new URL('./fixtures/', import.meta.url));
const minimalFile = join(fixtures, 'minimal.yaml');
const minimal = readFileSync(minimalFile, 'utf8');
const updateTemplate = readFileSync(join(fixtures, 'templates/update.md'), 'utf8');

let work: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'cic-load-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A folder holding a copy of the fixture (and its template file), with `text` as the playbook. */
function folder(name: string, text = minimal): string {
  const dir = join(work, name);
  mkdirSync(join(dir, 'templates'), { recursive: true });
  writeFileSync(join(dir, 'templates/update.md'), updateTemplate);
  writeFileSync(join(dir, 'playbook.yaml'), text);
  return join(dir, 'playbook.yaml');
}

describe('loadPlaybook on a valid playbook', () => {
  test('gives the model, with defaults filled in', async () => {
    const { playbook, file } = await loadPlaybook(minimalFile);
    expect(file).toBe(minimalFile);
    expect(playbook.id).toBe('test-city');
    expect(playbook.classification.tiers.map((t) => t.id)).toEqual(['tier-1', 'tier-2']);
    expect(playbook.actions.find((a) => a.id === 'notify-manager')!.required).toBe(true);
    expect(playbook.actions.find((a) => a.id === 'records')!.required).toBe(false);
    expect(playbook.calendar.holidays).toEqual([{ date: '2026-07-03', name: 'Independence Day (observed)' }]);
    // A template read from a file carries its text, as the frozen copy will.
    expect(playbook.templates.find((t) => t.id === 'update')).toEqual({ id: 'update', text: updateTemplate });
  });

  test('fills in the calendar and the templates when they are left out', async () => {
    const bare = minimal
      .replace(/calendar:\n(?: {2}.*\n)+/, '')
      .replace(/templates:\n(?: {2}.*\n)+/, '')
      .replace(/ +template: \w+\n/g, '');
    const { playbook, problems } = await checkPlaybookText(bare, 'bare.yaml');
    expect(problems).toEqual([]);
    expect(playbook!.calendar).toEqual({ working_days: ['mon', 'tue', 'wed', 'thu', 'fri'], holidays: [] });
    expect(playbook!.templates).toEqual([]);
  });

  test('source is the text with template files inlined; sha256 is its digest', async () => {
    const loaded = await loadPlaybook(minimalFile);
    expect(loaded.sha256).toBe(createHash('sha256').update(loaded.source).digest('hex'));
    expect(loaded.source).not.toContain('file: templates/update.md');
    expect(loaded.source).toContain(
      '    text: |\n      Update: the injury is {{injury}}.\n      Next update at {{ next_update }}.\n',
    );
    // Everything outside the replaced pair is unchanged.
    const [before, after] = minimal.split('    file: templates/update.md');
    expect(loaded.source.startsWith(before!)).toBe(true);
    expect(loaded.source.endsWith(after!)).toBe(true);
  });

  test('loading a frozen copy gives back the same source, digest and model', async () => {
    const first = await loadPlaybook(minimalFile);
    const frozen = join(work, 'frozen.yaml'); // no templates/ folder beside it: it must not need one
    writeFileSync(frozen, first.source);
    const again = await loadPlaybook(frozen);
    expect(again.source).toBe(first.source);
    expect(again.sha256).toBe(first.sha256);
    expect(again.playbook).toEqual(first.playbook);
  });

  test('a template whose text cannot be a block scalar is inlined as a quoted string', async () => {
    const file = folder('quoted');
    writeFileSync(join(work, 'quoted/templates/update.md'), '  indented first line\n\n\ntrailing blank lines\n\n\n');
    const loaded = await loadPlaybook(file);
    expect(loaded.source).toContain('text: "  indented first line\\n\\n\\ntrailing blank lines\\n\\n\\n"');
    const frozen = join(work, 'quoted/frozen.yaml');
    writeFileSync(frozen, loaded.source);
    expect((await loadPlaybook(frozen)).playbook.templates[1]!.text).toBe(
      '  indented first line\n\n\ntrailing blank lines\n\n\n',
    );
  });

  test('a template file with CRLF line endings reads as LF; a playbook with CRLF keeps them in its source', async () => {
    const file = folder('crlf', minimal.replace(/\n/g, '\r\n'));
    writeFileSync(join(work, 'crlf/templates/update.md'), 'Line one {{injury}}.\r\nLine two.\r\n');
    const loaded = await loadPlaybook(file);
    expect(loaded.playbook.templates[1]!.text).toBe('Line one {{injury}}.\nLine two.\n');
    expect(loaded.source).toContain('    text: |\r\n      Line one {{injury}}.\r\n      Line two.\r\n');
    expect(loaded.source.replace(/\r\n/g, '')).not.toContain('\r'); // no bare CR introduced
    writeFileSync(join(work, 'crlf/frozen.yaml'), loaded.source);
    expect((await loadPlaybook(join(work, 'crlf/frozen.yaml'))).playbook).toEqual(loaded.playbook);
  });

  test('a leading byte order mark is accepted and left out of the source', async () => {
    const file = folder('bom', `\ufeff${minimal}`);
    const loaded = await loadPlaybook(file);
    expect(loaded.source.startsWith('# A small valid playbook')).toBe(true);
  });

  test('the model is plain data: ordinary objects and arrays, nothing from YAML', async () => {
    const { playbook } = await loadPlaybook(minimalFile);
    const seen: unknown[] = [playbook];
    while (seen.length > 0) {
      const v = seen.pop();
      if (v === null || typeof v !== 'object') continue;
      expect([Object.prototype, Array.prototype]).toContain(Object.getPrototypeOf(v));
      seen.push(...Object.values(v));
    }
  });
});

describe('refusals', () => {
  test('loadPlaybook throws a ProblemsError listing every problem, sorted', async () => {
    const file = folder(
      'bad',
      minimal
        .replace('owner: manager\n    required', 'owner: clerk\n    required')
        .replace('acts_for: [chief]', 'acts_for: [sheriff]'),
    );
    const err = await loadPlaybook(file).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProblemsError);
    const problems = (err as ProblemsError).problems;
    expect(problems.map((p) => [p.line, p.col])).toEqual([
      [21, 16],
      [102, 12],
    ]);
    expect((err as ProblemsError).exitCode).toBe(2);
    expect((err as ProblemsError).message).toBe(
      problems.map((p) => `${p.file}:${p.line}:${p.col}: ${p.message}`).join('\n'),
    );
  });

  test('a file over 1 MiB is refused before it is read', async () => {
    const file = join(work, 'huge.yaml');
    writeFileSync(file, `${minimal}\n# ${'x'.repeat(1024 * 1024)}\n`);
    const { problems } = await validatePlaybookFile(file);
    expect(problems).toEqual([{ file, line: 1, col: 1, message: expect.stringContaining('may be at most 1 MiB') }]);
  });

  test('a missing file, a folder', async () => {
    const missing = join(work, 'nope.yaml');
    expect((await validatePlaybookFile(missing)).problems).toEqual([
      { file: missing, line: 1, col: 1, message: 'cannot read the playbook: no such file' },
    ]);
    expect((await validatePlaybookFile(work)).problems[0]!.message).toBe(
      'cannot read the playbook: it is a folder, not a file',
    );
  });

  test('a template file reached through a link that leaves the folder is refused', async () => {
    const file = folder('link');
    writeFileSync(join(work, 'secret.md'), 'outside {{injury}}\n');
    rmSync(join(work, 'link/templates/update.md'));
    symlinkSync(join(work, 'secret.md'), join(work, 'link/templates/update.md'));
    const { problems } = await validatePlaybookFile(file);
    expect(problems).toEqual([
      {
        file,
        line: 114,
        col: 11,
        message: 'template path "templates/update.md" is a link to a file outside the playbook\'s folder',
      },
    ]);
  });

  test('a link inside the folder is fine (negative control)', async () => {
    const file = folder('inner-link');
    writeFileSync(join(work, 'inner-link/real.md'), 'inside {{injury}}\n');
    rmSync(join(work, 'inner-link/templates/update.md'));
    symlinkSync(join(work, 'inner-link/real.md'), join(work, 'inner-link/templates/update.md'));
    const { loaded, problems } = await validatePlaybookFile(file);
    expect(problems).toEqual([]);
    expect(loaded!.playbook.templates[1]!.text).toBe('inside {{injury}}\n');
  });

  test('a template folder link that leaves the folder is refused too', async () => {
    const file = folder('dir-link');
    mkdirSync(join(work, 'elsewhere'), { recursive: true });
    writeFileSync(join(work, 'elsewhere/update.md'), 'x\n');
    rmSync(join(work, 'dir-link/templates'), { recursive: true });
    symlinkSync(join(work, 'elsewhere'), join(work, 'dir-link/templates'));
    const { problems } = await validatePlaybookFile(file);
    expect(problems[0]!.message).toContain('is a link to a file outside the playbook');
  });

  test('problems inside a template file name that file', async () => {
    const file = folder('nul-template');
    writeFileSync(join(work, 'nul-template/templates/update.md'), 'Line one\nbad \0 byte\n');
    const { problems } = await validatePlaybookFile(file);
    expect(problems).toEqual([
      {
        file: join(work, 'nul-template/templates/update.md'),
        line: 2,
        col: 5,
        message: expect.stringContaining('NUL byte (U+0000) is not allowed in a template'),
      },
    ]);
  });

  test('text with template files cannot be checked without a way to read them', async () => {
    const { problems } = await checkPlaybookText(minimal, 'p.yaml');
    expect(problems).toEqual([
      { file: 'p.yaml', line: 114, col: 11, message: expect.stringContaining('cannot be read here') },
    ]);
  });

  test('validatePlaybookFiles gives each file its problems, in order', async () => {
    const bad = folder('two', minimal.replace('cic: 1', 'cic: 2'));
    const result = await validatePlaybookFiles([minimalFile, bad]);
    expect([...result.keys()]).toEqual([minimalFile, bad]);
    expect(result.get(minimalFile)).toEqual([]);
    expect(result.get(bad)!.map((p) => p.message)).toEqual(['cic must be 1 (the playbook format version)']);
  });
});

describe('messages are safe to print', () => {
  test('control and bidi characters from the playbook are escaped in messages', async () => {
    const text = minimal.replace('owner: manager\n    required', 'owner: "cl\\u001b[31merk"\n    required');
    const { problems } = await checkPlaybookText(text, 'p.yaml', () => ({ file: 'u.md', text: 'x' }));
    expect(problems.map((p) => p.message)).toEqual([expect.stringContaining('"cl\\e[31merk" is not a valid id')]);
    expect(problems[0]!.message).not.toContain('\u001b');
  });
});
