/**
 * With a roster, `cic report` lists who held each role during the incident (names and logins);
 * without one it has no such section.
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCic } from '../helpers/run-cic.js';
import { osLogin } from '../../src/io/store/identity.js';

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'cic-report-roles-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function reportOf(withRoster: boolean): Promise<{ md: string; json: Record<string, unknown> }> {
  const ws = join(tmp, withRoster ? 'roster' : 'plain');
  const run = async (args: string[], now: string) => {
    const r = await runCic(args, {
      cwd: ws,
      env: { CIC_NOW: now, CIC_ROLE: 'police-chief', ...(withRoster ? {} : { CIC_NAME: 'Lena Ortiz' }) },
    });
    if (r.code !== 0) throw new Error(`cic ${args.join(' ')}: ${r.code}\n${r.stderr}`);
  };
  expect((await runCic(['init', ws])).code).toBe(0);
  const me = osLogin();
  if (withRoster) {
    await run(
      ['roster', 'set', me, '--name', 'Lena Ortiz', '--roles', 'police-chief,city-clerk', '--keeper'],
      '2026-11-25T12:00:00-06:00',
    );
    await run(['roster', 'set', 'jpark', '--name', 'Jo Park', '--roles', 'pio'], '2026-11-26T02:10:00-06:00');
  }
  await run(
    ['open', '--title', 'Stop on Forsyth', '--tier', 'tier-3', '--occurred-at', '2026-11-26 01:52'],
    '2026-11-26T02:05:00-06:00',
  );
  const out = join(tmp, `out-${withRoster}`);
  await run(['report', '--format', 'md,json', '--out', out], '2026-11-26T03:00:00-06:00');
  return {
    md: readFileSync(join(out, 'report-2026-0001.md'), 'utf8'),
    json: JSON.parse(readFileSync(join(out, 'report-2026-0001.json'), 'utf8')) as Record<string, unknown>,
  };
}

test('with a roster, the report lists who held each role during the incident', async () => {
  const { md, json } = await reportOf(true);
  const me = osLogin();
  expect(md).toMatch(/## Who held each role/);
  expect(md).toContain(`Lena Ortiz (${me})`);
  expect(md).toMatch(/Jo Park \(jpark\)/);
  const held = json.roles_held as { role: { id: string }; people: { name: string; login: string }[] }[];
  expect(held.find((r) => r.role.id === 'pio')!.people).toEqual([{ name: 'Jo Park', login: 'jpark' }]);
  expect(held.find((r) => r.role.id === 'police-chief')!.people).toEqual([{ name: 'Lena Ortiz', login: me }]);
}, 120_000);

test('without a roster there is no such list', async () => {
  const { md, json } = await reportOf(false);
  expect(md).not.toMatch(/Who held each role/);
  expect(json).not.toHaveProperty('roles_held');
}, 120_000);
