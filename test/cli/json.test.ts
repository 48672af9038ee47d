/**
 * `--json` on every command: one JSON object on stdout (for a recording command, what was
 * recorded: each entry with its seq and hash), and errors as `{error: {code, exit, message,
 * hint}}` on stderr with the same exit codes as the prose, so scripts need not parse prose.
 */
import { beforeAll, describe, expect, test } from '@jest/globals';
import type { Command } from 'commander';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildProgram } from '../../src/cli/program.js';
import { runCic } from '../helpers/run-cic.js';

const env = { CIC_NOW: '2026-11-26T08:00:00.000Z', CIC_ROLE: 'city-manager', CIC_NAME: 'Pat Reyes' };
let ws: string;

beforeAll(async () => {
  ws = join(mkdtempSync(join(tmpdir(), 'cic-json-')), 'city');
  expect((await runCic(['init', ws])).code).toBe(0);
  expect((await runCic(['open', '--title', 'Stop on Forsyth', '--tier', 'tier-3'], { cwd: ws, env })).code).toBe(0);
});

const leaves = (cmd: Command): Command[] =>
  cmd.commands.flatMap((c) => (c.commands.length ? leaves(c) : c.name() === 'help' ? [] : [c]));

test('every command but the interactive walk-through takes --json', () => {
  const without = leaves(buildProgram())
    .filter((c) => !c.options.some((o) => o.long === '--json'))
    .map((c) => c.name());
  expect(without).toEqual(['run']);
});

describe('a recording command with --json', () => {
  test('prints one JSON object: what was recorded, with seq and hash', async () => {
    const r = await runCic(['note', 'KSDK called', '--json'], { cwd: ws, env });
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as {
      incident: string;
      recorded: { seq: number; hash: string; entry: { type: string } }[];
    };
    expect(out.incident).toBe('2026-0001');
    expect(out.recorded).toHaveLength(1);
    expect(out.recorded[0]!.entry.type).toBe('note');
    expect(out.recorded[0]!.hash).toMatch(/^[0-9a-f]{64}$/);
    const log = JSON.parse((await runCic(['verify', '--json'], { cwd: ws })).stdout) as { head: string };
    expect(log.head).toBe(`${out.recorded[0]!.seq}:${out.recorded[0]!.hash}`);
  });

  test('done: the completion entry, and no prose mixed in', async () => {
    const r = await runCic(['done', 'notify-city-manager', '--as', 'police-chief', '--json'], { cwd: ws, env });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).recorded[0].entry).toMatchObject({
      type: 'action.completed',
      data: { action: 'notify-city-manager' },
    });
  });

  test('negative control: without --json the same kind of command prints prose', async () => {
    const r = await runCic(['note', 'second call'], { cwd: ws, env });
    expect(() => JSON.parse(r.stdout)).toThrow();
  });
});

describe('errors with --json', () => {
  test('a refusal: its code, the exit code, message and hint on stderr; nothing on stdout', async () => {
    const r = await runCic(['done', 'notify-city-manger', '--as', 'police-chief', '--json'], { cwd: ws, env });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    const { error } = JSON.parse(r.stderr) as { error: { code: string; exit: number; message: string; hint?: string } };
    expect(error).toMatchObject({ code: 'bad-input', exit: 2 });
    expect(error.message).toContain('did you mean "notify-city-manager"');
  });

  test('not permitted: exit 4, code not-permitted', async () => {
    const r = await runCic(['done', 'notify-city-attorney', '--as', 'pio', '--json'], { cwd: ws, env });
    expect(r.code).toBe(4);
    expect(JSON.parse(r.stderr).error.code).toBe('not-permitted');
  });

  test('a usage error: exit 2, code usage, and no prose from the parser', async () => {
    const r = await runCic(['status', '--bogus', '--json'], { cwd: ws });
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stderr)).toEqual({
      error: { code: 'usage', exit: 2, message: "error: unknown option '--bogus'" },
    });
  });

  test('an invalid playbook: its problems located on stdout, and the failure as JSON on stderr (exit 2)', async () => {
    const r = await runCic(['playbook', 'validate', join(ws, 'cic.yaml'), '--json'], { cwd: ws });
    expect(r.code).toBe(2);
    const [file] = JSON.parse(r.stdout) as { valid: boolean; problems: { line: number; col: number }[] }[];
    expect(file!.valid).toBe(false);
    expect(file!.problems[0]).toMatchObject({ line: expect.any(Number), col: expect.any(Number) });
    expect(JSON.parse(r.stderr).error).toMatchObject({ code: 'bad-input', exit: 2 });
  });
});
