/**
 * `--help`: every command has examples and a group, and every example names only options its
 * command has, so the examples cannot drift from the command line.
 */
import { describe, expect, test } from '@jest/globals';
import type { Command } from 'commander';
import { buildProgram } from '../../src/cli/program.js';
import { COMMAND_HELP } from '../../src/cli/help.js';
import { runCic } from '../helpers/run-cic.js';

const program = buildProgram();
const GLOBAL = new Set(['--workspace', '-w', '--debug', '--help', '-h']);

function commands(cmd: Command, path: string[] = []): { path: string; cmd: Command }[] {
  return cmd.commands
    .filter((c) => c.name() !== 'help')
    .flatMap((c) => [{ path: [...path, c.name()].join(' '), cmd: c }, ...commands(c, [...path, c.name()])]);
}

/** The words of an example as a shell would split them (double quotes only, as the examples use). */
const words = (example: string) => [...example.matchAll(/"[^"]*"|\S+/g)].map((m) => m[0]);

const all = commands(program);

describe('every command has help', () => {
  test.each(all.map((c) => [c.path] as const))('%s: examples, and a group when top-level', (path) => {
    const help = COMMAND_HELP[path];
    expect(help).toBeDefined();
    expect(help!.examples.length).toBeGreaterThanOrEqual(1);
    if (!path.includes(' ')) expect(help!.group).toBeDefined();
    for (const example of help!.examples) {
      // The command the example runs: `cic` then as many words as name subcommands.
      const w = words(example);
      expect(w[0]).toBe('cic');
      let cmd: Command = program;
      const named: string[] = [];
      for (const word of w.slice(1)) {
        const sub = cmd.commands.find((c) => c.name() === word);
        if (sub === undefined) break;
        cmd = sub;
        named.push(word);
      }
      expect(`${named.join(' ')} `.startsWith(`${path} `)).toBe(true);
      const known = new Set([...GLOBAL, ...cmd.options.flatMap((o) => [o.long, o.short].filter(Boolean) as string[])]);
      const flags = w.filter((x) => x.startsWith('-')).map((x) => x.split('=')[0]!);
      expect([example, flags.filter((f) => !known.has(f))]).toEqual([example, []]);
    }
  });

  test('negative control: an example with an option its command lacks is caught', () => {
    const doneCmd = all.find((c) => c.path === 'done')!.cmd;
    const known = new Set(doneCmd.options.map((o) => o.long));
    expect(words('cic done x --stated-at "02:14" --bogus').filter((f) => f.startsWith('-') && !known.has(f))).toEqual([
      '--bogus',
    ]);
  });

  test('no entry names a command that does not exist', () => {
    const paths = new Set(all.map((c) => c.path));
    expect(Object.keys(COMMAND_HELP).filter((p) => !paths.has(p))).toEqual([]);
  });
});

describe('what --help prints', () => {
  test('cic --help: the groups, the environment and the exit codes', async () => {
    const r = await runCic(['--help']);
    expect(r.code).toBe(0);
    for (const heading of [
      'Respond to an incident:',
      'Statements, press conferences and the Board:',
      'Audit (the clerk):',
      'Set up:',
    ])
      expect(r.stdout).toContain(heading);
    expect(r.stdout).toContain('CIC_DATABASE_URL');
    expect(r.stdout).toMatch(/Exit codes:[\s\S]*130 cancelled/);
  });

  test('a command’s help ends with its examples', async () => {
    const r = await runCic(['done', '--help']);
    expect(r.stdout).toMatch(/Examples:\n {2}cic done notify-city-manager\n/);
  });
});
