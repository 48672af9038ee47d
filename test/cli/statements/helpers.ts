/**
 * A temporary workspace with a Tier 1 incident on the bundled Clayton playbook, opened through the
 * real binary, and a way to run cic in it at a simulated time as a given role.
 */
import { expect } from '@jest/globals';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LogEntry } from '../../../src/core/log/envelope.js';
import { runCic, type CicResult } from '../../helpers/run-cic.js';

/** 2026-11-26 02:05 CST, when the incident is declared. */
export const T0 = Date.parse('2026-11-26T08:05:00.000Z');
export const ID = '2026-0001';

export const HOLDING_FACTS = [
  'incident_summary=At approximately 1:40 a.m. an officer fired a weapon during a traffic stop. One person was taken to hospital.',
  'incident_location=Forsyth Boulevard and Hanley Road',
  'next_update_at=2026-11-26 06:00',
  'info_url=https://www.claytonmo.gov/updates',
].flatMap((f) => ['--fact', f]);

export interface Incident {
  root: string;
  dir: string;
  /** Run cic `minutes` after T0 as `role` (undefined: no role). */
  cic(minutes: number, role: string | undefined, ...args: string[]): Promise<CicResult>;
  /** Like `cic`, failing the test on a non-zero exit. */
  ok(minutes: number, role: string | undefined, ...args: string[]): Promise<CicResult>;
  log(): LogEntry[];
  logBytes(): Buffer;
  draft(version: number, statement?: string): string;
  draftPath(version: number, statement?: string): string;
}

export async function tier1Incident(): Promise<Incident> {
  const parent = mkdtempSync(join(tmpdir(), 'cic-stmt-'));
  const init = await runCic(['init', 'city', '--name', 'Jane Doe'], { cwd: parent });
  expect(init.stderr).toBe('');
  const root = join(parent, 'city');
  const dir = join(root, 'incidents', ID);
  const cic = (minutes: number, role: string | undefined, ...args: string[]) =>
    runCic(args, {
      cwd: root,
      env: {
        CIC_NOW: new Date(T0 + minutes * 60_000).toISOString(),
        CIC_ROLE: role,
        CIC_NAME: role ? `${role} person` : undefined,
        CIC_WORKSPACE: undefined,
        EDITOR: undefined,
        VISUAL: undefined,
      },
    });
  const ok = async (minutes: number, role: string | undefined, ...args: string[]) => {
    const r = await cic(minutes, role, ...args);
    if (r.code !== 0) throw new Error(`cic ${args.join(' ')} exited ${r.code}\n${r.stdout}\n${r.stderr}`);
    return r;
  };
  await ok(
    0,
    'city-manager',
    'open',
    '--title',
    'Officer-involved shooting, Forsyth and Hanley',
    '--fact',
    'shots_fired_by_officer=yes',
    '--occurred-at',
    '2026-11-26 01:40',
  );
  const logBytes = () => readFileSync(join(dir, 'log.jsonl'));
  const draftPath = (version: number, statement = 'holding-statement') =>
    join(dir, 'drafts', `${statement}.v${version}.md`);
  return {
    root,
    dir,
    cic,
    ok,
    logBytes,
    log: () =>
      logBytes()
        .toString('utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as LogEntry),
    draftPath,
    draft: (version, statement) => readFileSync(draftPath(version, statement), 'utf8'),
  };
}
