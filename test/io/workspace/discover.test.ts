import { describe, expect, test } from '@jest/globals';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../../../src/core/errors.js';
import { findWorkspaceRoot } from '../../../src/io/workspace/discover.js';
import { readSettings, renderSettings } from '../../../src/io/workspace/settings.js';
import { runCic } from '../../helpers/run-cic.js';
import { tempDir } from '../log/fixtures.js';

/** outer/ is a workspace holding inner/, another workspace; other/ is a third. */
function tree() {
  const base = tempDir();
  const outer = join(base, 'outer');
  const inner = join(outer, 'sub', 'inner');
  const other = join(base, 'other');
  for (const d of [join(inner, 'deep', 'er'), other, join(base, 'plain')]) mkdirSync(d, { recursive: true });
  for (const w of [outer, inner, other]) writeFileSync(join(w, 'cic.yaml'), 'playbook: playbook.yaml\n');
  return { base, outer, inner, other, plain: join(base, 'plain') };
}

describe('finding the workspace', () => {
  test('--workspace first, then CIC_WORKSPACE, then the nearest folder with cic.yaml', () => {
    const t = tree();
    const deep = join(t.inner, 'deep', 'er');
    expect(findWorkspaceRoot(t.other, deep, { CIC_WORKSPACE: t.outer })).toBe(t.other);
    expect(findWorkspaceRoot(undefined, deep, { CIC_WORKSPACE: t.outer })).toBe(t.outer);
    expect(findWorkspaceRoot(undefined, deep, {})).toBe(t.inner);
    expect(findWorkspaceRoot(undefined, join(t.outer, 'sub'), {})).toBe(t.outer);
    expect(findWorkspaceRoot(undefined, deep, { CIC_WORKSPACE: '' })).toBe(t.inner);
    // Relative --workspace is relative to the current folder.
    expect(findWorkspaceRoot('../other', t.outer, {})).toBe(t.other);
  });

  test('a --workspace or CIC_WORKSPACE without cic.yaml is an error naming where it came from', () => {
    const t = tree();
    expect(() => findWorkspaceRoot(t.plain, t.inner, {})).toThrow(/from --workspace\) is not a cic workspace/);
    expect(() => findWorkspaceRoot(undefined, t.inner, { CIC_WORKSPACE: t.plain })).toThrow(
      /from CIC_WORKSPACE\) is not a cic workspace/,
    );
  });

  test('outside any workspace: exit 2 and how to make one (real binary)', async () => {
    const t = tree();
    expect(() => findWorkspaceRoot(undefined, t.plain, {})).toThrow(InputError);
    for (const args of [['note', 'x'], ['verify']]) {
      const r = await runCic(args, { cwd: t.plain, env: { CIC_WORKSPACE: undefined } });
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/not in a cic workspace: no cic\.yaml in .* or any folder above it/);
      expect(r.stderr).toContain('Run `cic init`');
    }
    // Negative control: the same command inside a workspace gets past discovery.
    const inside = await runCic(['verify'], { cwd: t.other, env: { CIC_WORKSPACE: undefined } });
    expect(inside.stderr).toMatch(/there are no incidents/);
  });
});

describe('cic.yaml', () => {
  async function read(text: string) {
    const dir = tempDir();
    writeFileSync(join(dir, 'cic.yaml'), text);
    return readSettings(join(dir, 'cic.yaml'));
  }

  test('what cic init writes reads back as written', async () => {
    for (const s of [
      { playbook: 'playbook.yaml', defaults: {} },
      { playbook: 'plans/city.yaml', defaults: { name: "Pat O'Brien", role: 'city-manager' } },
      { playbook: 'playbook.yaml', defaults: { name: 'yes' } },
      { playbook: 'playbook.yaml', defaults: { name: 'Ana: María # 2', role: '123' } },
    ]) {
      expect(await read(renderSettings(s))).toEqual(s);
    }
  });

  test('the plain subset and the full YAML parser agree', async () => {
    const forms = [
      'playbook: p.yaml\ndefaults:\n  name: Pat Doe\n',
      'playbook: p.yaml  # a comment\ndefaults:\n  name: Pat Doe # another\n',
      'playbook: "p.yaml"\ndefaults: {name: Pat Doe}\n',
      '---\nplaybook: p.yaml\ndefaults:\n    name: Pat Doe\n',
      "playbook: 'p.yaml'\r\ndefaults:\r\n  name: 'Pat Doe'\r\n",
    ];
    for (const f of forms) expect(await read(f)).toEqual({ playbook: 'p.yaml', defaults: { name: 'Pat Doe' } });
    expect(await read('defaults:\n  # name: x\n')).toEqual({ playbook: 'playbook.yaml', defaults: {} });
  });

  test('mistakes are bad input that says what is wrong and where', async () => {
    await expect(read('playbok: p.yaml\n')).rejects.toThrow(/unknown setting "playbok"/);
    await expect(read('defaults:\n  nmae: x\n')).rejects.toThrow(/unknown setting "defaults.nmae"/);
    await expect(read('defaults:\n  name: [a, b]\n')).rejects.toThrow(/defaults.name must be text/);
    await expect(read('playbook: p.yaml\nplaybook: q.yaml\n')).rejects.toThrow(
      /cic\.yaml:2:1: .*[Mm]ap keys must be unique/,
    );
    await expect(read('- a list\n')).rejects.toThrow(InputError);
  });
});
