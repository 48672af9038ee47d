import { describe, expect, test } from '@jest/globals';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadPlaybook } from '../../../src/io/playbook/load.js';
import { readSettings } from '../../../src/io/workspace/settings.js';
import { runCic } from '../../helpers/run-cic.js';
import { ROOT, tempDir } from '../log/fixtures.js';

function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out[p] = `${statSync(p).mtimeMs}:${readFileSync(p, 'base64')}`;
    }
  };
  walk(dir);
  return out;
}

describe('cic init', () => {
  test('makes a workspace with the bundled playbook and its templates', async () => {
    const base = tempDir();
    const r = await runCic(['init', 'city', '--name', 'Pat Doe'], { cwd: base });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Made a cic workspace in city/);
    const root = join(base, 'city');
    expect(readdirSync(root).sort()).toEqual(['cic.yaml', 'incidents', 'playbook.yaml', 'templates']);
    expect(await readSettings(join(root, 'cic.yaml'))).toEqual({
      playbook: 'playbook.yaml',
      workspace_id: expect.stringMatching(/^ws-[0-9a-f]{16}$/),
      defaults: { name: 'Pat Doe' },
    });
    const copied = await loadPlaybook(join(root, 'playbook.yaml'));
    const bundled = await loadPlaybook(join(ROOT, 'playbooks', 'clayton-mo.yaml'));
    expect(copied.playbook).toEqual(bundled.playbook);
    // Editors still find the schema from the copy.
    expect(readFileSync(join(root, 'playbook.yaml'), 'utf8')).toContain(
      `$schema=${join(ROOT, 'schemas', 'playbook.schema.json')}`,
    );
  });

  test('running it again changes nothing and says so', async () => {
    const base = tempDir();
    expect((await runCic(['init'], { cwd: base })).code).toBe(0);
    const before = snapshot(base);
    const again = await runCic(['init', '--name', 'Someone Else'], { cwd: base });
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/already a cic workspace .* nothing was changed/);
    expect(again.stdout).toMatch(/edit .*cic\.yaml/);
    expect(snapshot(base)).toEqual(before);
  });

  test('--playbook FILE uses another playbook, which must validate', async () => {
    const base = tempDir();
    const generic = await runCic(['init', 'g', '--playbook', join(ROOT, 'playbooks', 'generic.yaml')], { cwd: base });
    expect(generic.code).toBe(0);
    expect((await loadPlaybook(join(base, 'g', 'playbook.yaml'))).playbook.id).toBe(
      (await loadPlaybook(join(ROOT, 'playbooks', 'generic.yaml'))).playbook.id,
    );

    writeFileSync(join(base, 'bad.yaml'), 'cic: 1\nid: x\nroles: nope\n');
    const bad = await runCic(['init', 'b', '--playbook', 'bad.yaml'], { cwd: base });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/bad\.yaml:\d+:\d+: /);
    expect(existsSync(join(base, 'b', 'cic.yaml'))).toBe(false);

    const missing = await runCic(['init', 'm', '--playbook', 'nowhere.yaml'], { cwd: base });
    expect(missing.code).toBe(2);
  });

  test('an existing playbook.yaml is never overwritten', async () => {
    const base = tempDir();
    mkdirSync(join(base, 'w'));
    writeFileSync(join(base, 'w', 'playbook.yaml'), 'mine\n');
    const r = await runCic(['init', 'w'], { cwd: base });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/playbook\.yaml already exists; not overwriting it/);
    expect(readFileSync(join(base, 'w', 'playbook.yaml'), 'utf8')).toBe('mine\n');
    expect(existsSync(join(base, 'w', 'cic.yaml'))).toBe(false);
  });

  test('a name with control characters is refused', async () => {
    const base = tempDir();
    const r = await runCic(['init', '--name', 'Pat\u001b[2J'], { cwd: base });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Pat\\e[2J');
    expect(existsSync(join(base, 'cic.yaml'))).toBe(false);
  });
});
