/**
 * Temporary workspaces with the bundled Clayton playbook, and a way to run a command function
 * in-process and see what it printed. The clock is `CIC_NOW` and the role `CIC_ROLE`, set per call.
 */
import { jest } from '@jest/globals';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LogEntry } from '../../../src/core/log/envelope.js';
import { renderSettings } from '../../../src/io/workspace/settings.js';

export function tempWorkspace(defaults: { name?: string; role?: string } = { name: 'Jane Doe' }): string {
  const root = mkdtempSync(join(tmpdir(), 'cic-cmd-'));
  cpSync('playbooks/clayton-mo.yaml', join(root, 'playbook.yaml'));
  cpSync('playbooks/templates', join(root, 'templates'), { recursive: true });
  writeFileSync(join(root, 'cic.yaml'), renderSettings({ playbook: 'playbook.yaml', defaults }));
  return root;
}

export interface Captured<T> {
  value: T | undefined;
  error: unknown;
  out: string;
  err: string;
}

/** Run `fn` at the simulated time `now` (CIC_NOW), capturing stdout and stderr. */
export async function run<T>(now: string, fn: () => Promise<T>): Promise<Captured<T>> {
  const saved = process.env.CIC_NOW;
  process.env.CIC_NOW = now;
  let out = '';
  let err = '';
  const o = jest
    .spyOn(process.stdout, 'write')
    .mockImplementation((chunk: string | Uint8Array) => ((out += String(chunk)), true));
  const e = jest
    .spyOn(process.stderr, 'write')
    .mockImplementation((chunk: string | Uint8Array) => ((err += String(chunk)), true));
  try {
    return { value: await fn(), error: undefined, out, err };
  } catch (error) {
    return { value: undefined, error, out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
    if (saved === undefined) delete process.env.CIC_NOW;
    else process.env.CIC_NOW = saved;
  }
}

/** Like `run`, but a thrown error fails the test with its message. */
export async function ok<T>(now: string, fn: () => Promise<T>): Promise<Captured<T>> {
  const r = await run(now, fn);
  if (r.error !== undefined) throw r.error;
  return r;
}

export function logOf(root: string, id: string): LogEntry[] {
  return readFileSync(join(root, 'incidents', id, 'log.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as LogEntry);
}

/** "2026-11-26T08:00:00Z" plus minutes. */
export function at(base: string, minutes: number): string {
  return new Date(Date.parse(base) + minutes * 60_000).toISOString();
}
