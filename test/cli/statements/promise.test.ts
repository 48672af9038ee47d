/**
 * A statement that promises the next update at a time that has passed by its release is not
 * released as it is (the words would promise what the city can no longer keep); released before
 * that time, it goes out. The bundled playbook marks next_update_at as a promise.
 */
import { beforeEach, describe, expect, test } from '@jest/globals';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCic } from '../../helpers/run-cic.js';

let ws: string;
const as = (role: string, now: string) => ({ CIC_ROLE: role, CIC_NAME: `${role} person`, CIC_NOW: now });

beforeEach(async () => {
  ws = join(mkdtempSync(join(tmpdir(), 'cic-promise-')), 'city');
  expect((await runCic(['init', ws])).code).toBe(0);
  const at = '2026-11-26T08:00:00Z'; // 02:00 CST
  expect(
    (await runCic(['open', '--title', 'T', '--tier', 'tier-1'], { cwd: ws, env: as('city-manager', at) })).code,
  ).toBe(0);
  const facts = [
    'incident_summary=An officer fired',
    'incident_location=Forsyth Blvd',
    'next_update_at=2026-11-26 03:00',
  ];
  const draft = await runCic(
    ['draft', 'holding-statement', ...facts.flatMap((f) => ['--fact', f]), '--fact', 'info_url=https://city.example'],
    { cwd: ws, env: as('pio', at) },
  );
  expect(draft.code).toBe(0);
  for (const role of ['police-chief', 'city-manager'])
    expect(
      (await runCic(['approve', 'holding-statement'], { cwd: ws, env: as(role, '2026-11-26T08:10:00Z') })).code,
    ).toBe(0);
});

describe('a promised next update and the release', () => {
  test('released after the promised 03:00: refused (exit 2), saying what to do', async () => {
    const r = await runCic(['release', 'holding-statement', '--channel', 'city-website'], {
      cwd: ws,
      env: as('pio', '2026-11-26T09:30:00Z'),
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('promises next_update_at at 2026-11-26 03:00 CST, which has already passed');
    expect(r.stderr).toContain('cic fact set next_update_at=');
  });

  test('negative control: released at 02:30, before the promised time, it goes out', async () => {
    const r = await runCic(['release', 'holding-statement', '--channel', 'city-website'], {
      cwd: ws,
      env: as('pio', '2026-11-26T08:30:00Z'),
    });
    expect(r.code).toBe(0);
  });
});
