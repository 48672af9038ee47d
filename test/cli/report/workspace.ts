/**
 * A real workspace for the end-to-end tests, made and filled through the built binary on a
 * simulated clock (America/Chicago, March 2026, CDT).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from '@jest/globals';
import { runCic, type CicResult } from '../../helpers/run-cic.js';

export const HOSTILE = {
  script: '<script>alert(1)</script>',
  formula: '=HYPERLINK("http://evil.example/x","details")',
  ansi: '\x1b[31mRED ALERT\x1b[0m',
  pipe: 'cars | officers | witnesses',
};

export interface Ws {
  root: string;
  id: string;
  /** Run cic in the workspace at a local time (`HH:MM` on 2026-03-14, or RFC 3339), as a role. */
  cic(args: string[], options?: { at?: string; as?: string; name?: string }): Promise<CicResult>;
  /** The same, expecting exit 0. */
  ok(args: string[], options?: { at?: string; as?: string; name?: string }): Promise<CicResult>;
  remove(): void;
}

export const at = (time: string) => (/^\d\d:\d\d$/.test(time) ? `2026-03-14T${time}:00-05:00` : time);

export async function makeWorkspace(): Promise<Ws> {
  const root = mkdtempSync(join(tmpdir(), 'cic-report-e2e-'));
  const cic = (args: string[], options: { at?: string; as?: string; name?: string } = {}) =>
    runCic(args, {
      cwd: root,
      env: {
        CIC_WORKSPACE: root,
        CIC_NOW: at(options.at ?? '12:00'),
        CIC_ROLE: options.as ?? 'city-manager',
        CIC_NAME: options.name ?? 'Test Person',
      },
    });
  const ok = async (args: string[], options?: { at?: string; as?: string; name?: string }) => {
    const r = await cic(args, options);
    expect({ args, code: r.code, stderr: r.stderr }).toEqual({ args, code: 0, stderr: '' });
    return r;
  };
  await ok(['init', root]);
  const opened = await ok(
    [
      'open',
      '--title',
      `Stop at ${HOSTILE.script} | "Loop"`,
      '--occurred-at',
      '2026-03-14 01:52',
      '--fact',
      'shots_fired_by_officer=yes',
    ],
    { at: '02:05', as: 'police-chief' },
  );
  const id = /Incident (\d{4}-\d{4}) opened/.exec(opened.stdout)![1]!;
  return { root, id, cic, ok, remove: () => rmSync(root, { recursive: true, force: true }) };
}
