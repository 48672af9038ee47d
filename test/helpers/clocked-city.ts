/**
 * A city's workspace for an end-to-end story: `cic init city --name "Jane Doe"` in a fresh temporary
 * folder, then cic run there with the simulated clock `minutes` after the story's start, with no
 * role, name or workspace inherited from the environment (each step says who acts).
 */
import { expect } from '@jest/globals';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCic, type CicResult } from './run-cic.js';

export interface ClockedCity {
  /** The workspace folder. */
  ws: string;
  /** cic at `minutes` after the start, whatever its exit code. */
  cic(minutes: number, ...args: string[]): Promise<CicResult>;
  /** The same, failing the test unless it exits 0. */
  ok(minutes: number, ...args: string[]): Promise<CicResult>;
}

export async function clockedCity(
  prefix: string,
  start: string,
  env: Record<string, string | undefined> = {},
): Promise<ClockedCity> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  expect((await runCic(['init', 'city', '--name', 'Jane Doe'], { cwd: dir })).code).toBe(0);
  const ws = join(dir, 'city');
  const t0 = Date.parse(start);
  const cic = (minutes: number, ...args: string[]) =>
    runCic(args, {
      cwd: ws,
      env: {
        CIC_NOW: new Date(t0 + minutes * 60_000).toISOString(),
        CIC_ROLE: undefined,
        CIC_NAME: undefined,
        CIC_WORKSPACE: undefined,
        ...env,
      },
    });
  const ok = async (minutes: number, ...args: string[]) => {
    const r = await cic(minutes, ...args);
    if (r.code !== 0) throw new Error(`cic ${args.join(' ')} exited ${r.code}\n${r.stderr}`);
    return r;
  };
  return { ws, cic, ok };
}
