/**
 * Ids and names that become paths are checked against an allow-list before any file system call,
 * and paths never leave the workspace — not even through a symbolic link.
 */
import { describe, expect, jest, test } from '@jest/globals';
import { createRequire } from 'node:module';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

// Count every node:fs call made by the modules under test.
const realFs = createRequire(import.meta.url)('node:fs') as Record<string, unknown>;
const calls: string[] = [];
const counted = Object.fromEntries(
  Object.entries(realFs).map(([k, v]) => [
    k,
    typeof v === 'function' && /^[a-z]/.test(k)
      ? (...a: unknown[]) => (calls.push(k), (v as (...x: unknown[]) => unknown).apply(realFs, a))
      : v,
  ]),
);
jest.unstable_mockModule('node:fs', () => ({ ...counted, default: counted }));

const { assertFileName, assertSlug, pathInside } = await import('../../../src/io/workspace/paths.js');
const { incidentDir } = await import('../../../src/io/workspace/incidents.js');
const { parseIncidentId } = await import('../../../src/core/ids.js');
const { closeOptions, doneOptions, statusOptions } = await import('../../../src/cli/options.js');
const { InputError } = await import('../../../src/core/errors.js');
const { tempDir } = await import('../log/fixtures.js');

function workspace() {
  const root = tempDir();
  mkdirSync(join(root, 'incidents', '2026-0001'), { recursive: true });
  writeFileSync(join(root, 'incidents', '2026-0001', 'log.jsonl'), '');
  return {
    root,
    incidentsDir: join(root, 'incidents'),
    settingsFile: join(root, 'cic.yaml'),
    settings: { playbook: 'playbook.yaml', defaults: {} },
    playbookFile: join(root, 'playbook.yaml'),
  };
}

const BAD_IDS = [
  '../x',
  '..',
  '.',
  '',
  '/etc/passwd',
  '%2e%2e',
  '%2e%2e%2f2026-0001',
  '2026-0001/../../x',
  '2026-0001\0',
  '2026-0001\0/../x',
  '2026-00001',
  '2026-001',
  ' 2026-0001',
  '2026-0001\n',
  'C:\\x',
  '2026\u20130001',
  '２０２６-0001',
  '2026-0001/',
];
const BAD_NAMES = [
  '../x',
  'a/b',
  'a\\b',
  '%2e%2e',
  'x\0',
  'UPPER',
  '.hidden',
  '-flag',
  '',
  'a'.repeat(65),
  'ok name',
  'é',
];

describe('the path allow-list', () => {
  test.each(BAD_IDS.map((id) => [JSON.stringify(id), id]))(
    'incident id %s is refused where it enters, before any file system call',
    (_shown, id) => {
      calls.length = 0;
      expect(() => parseIncidentId(id)).toThrow(/is not an incident id/);
      // Every way an id comes in on the command line: a positional id, -i, or both.
      expect(() => statusOptions([id], {})).toThrow(InputError);
      expect(() => doneOptions(['notify-city-manager'], { incident: id })).toThrow(InputError);
      expect(() => closeOptions([id], { incident: id })).toThrow(InputError);
      expect(calls).toEqual([]);
    },
  );

  test.each(BAD_NAMES.map((n) => [JSON.stringify(n), n]))(
    'name %s is refused as a slug and as a file name',
    (_shown, name) => {
      calls.length = 0;
      expect(() => assertSlug(name, 'statement id')).toThrow(InputError);
      expect(() => assertFileName(name)).toThrow(InputError);
      expect(calls).toEqual([]);
    },
  );

  test('good names pass: slugs, and file names with dotted suffixes', () => {
    for (const s of ['holding-statement', 'a', 'x_1', '0-day']) expect(() => assertSlug(s, 'id')).not.toThrow();
    for (const f of ['holding-statement.v2.md', 'report.html', 'log.jsonl'])
      expect(() => assertFileName(f)).not.toThrow();
    expect(() => assertFileName('a.b.c.d.e')).toThrow(InputError);
  });

  test('pathInside refuses separators, dot segments and NUL even when given directly', () => {
    for (const seg of ['..', '.', 'a/b', 'a\\b', 'x\0', '']) expect(() => pathInside('/w', seg)).toThrow(InputError);
    expect(pathInside('/w', 'incidents', '2026-0001')).toBe('/w/incidents/2026-0001');
  });

  test('negative control: a valid id does reach the file system (so the spy counts)', () => {
    const ws = workspace();
    calls.length = 0;
    expect(statusOptions(['2026-0001'], {}).incident).toBe('2026-0001');
    expect(calls).toEqual([]);
    expect(incidentDir(ws, parseIncidentId('2026-0001'))).toBe(join(ws.incidentsDir, '2026-0001'));
    expect(calls.length).toBeGreaterThan(0);
  });
});

describe('symbolic links', () => {
  test('an incident folder linked to somewhere outside the workspace is refused', () => {
    const ws = workspace();
    const outside = tempDir();
    symlinkSync(outside, join(ws.incidentsDir, '2026-0002'));
    expect(() => incidentDir(ws, parseIncidentId('2026-0002'))).toThrow(/leads outside the workspace/);
  });

  test('an incidents/ folder linked outside is refused too', () => {
    const ws = workspace();
    const outside = tempDir();
    mkdirSync(join(outside, '2026-0003'));
    const linked = { ...ws, incidentsDir: join(ws.root, 'linked') };
    symlinkSync(outside, linked.incidentsDir);
    expect(() => incidentDir(linked, parseIncidentId('2026-0003'))).toThrow(/leads outside the workspace/);
  });

  test('negative control: a link that stays inside the workspace is followed', () => {
    const ws = workspace();
    symlinkSync(join(ws.incidentsDir, '2026-0001'), join(ws.incidentsDir, '2026-0004'));
    expect(incidentDir(ws, parseIncidentId('2026-0004'))).toBe(join(ws.incidentsDir, '2026-0004'));
  });
});
