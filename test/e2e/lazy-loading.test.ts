/**
 * What a command loads is part of what it costs (start-up is budgeted, docs/design.md#budgets):
 * a folder workspace never loads the PostgreSQL store's code, and `cic --help` compiles no
 * command. Each check has its negative control, a run that must load that code, so the hook is
 * seen to see it.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempWorkspace } from '../cli/commands/workspace.js';
import { runCicLoading } from '../helpers/loaded-modules.js';

const PG_STORE = join('src', 'io', 'pg', 'pg-store.ts');
const STATUS = join('src', 'cli', 'commands', 'status.ts');

describe('the bundle loads what a command needs', () => {
  let folder: string;
  let database: string;
  beforeAll(() => {
    folder = tempWorkspace({ name: 'Jane Doe', role: 'city-manager' });
    database = tempWorkspace({ name: 'Jane Doe', role: 'city-manager' });
    // Nothing listens on port 1: the command fails to connect, after loading the store's code.
    writeFileSync(
      join(database, 'cic.yaml'),
      'playbook: playbook.yaml\nstore: postgres://nobody@127.0.0.1:1/cic\ndefaults:\n  name: Jane Doe\n',
    );
  });
  afterAll(() => {
    rmSync(folder, { recursive: true, force: true });
    rmSync(database, { recursive: true, force: true });
  });

  test('a folder workspace never loads the PostgreSQL store; a database workspace does (negative control)', async () => {
    const opened = await runCicLoading(['open', '--title', 'Test', '--tier', 'tier-1', '--reason', 'test'], {
      cwd: folder,
    });
    expect(opened.code).toBe(0);
    const status = await runCicLoading(['status'], { cwd: folder });
    expect(status.code).toBe(0);
    expect(status.sources).toContain(STATUS);
    expect([...opened.sources, ...status.sources]).not.toContain(PG_STORE);

    const onDatabase = await runCicLoading(['status'], { cwd: database });
    expect(onDatabase.code).toBe(5);
    expect(onDatabase.sources).toContain(PG_STORE);
  });

  test('cic --help compiles no command; cic status compiles its own (negative control)', async () => {
    const help = await runCicLoading(['--help'], { cwd: folder });
    expect(help.code).toBe(0);
    expect(help.files).toEqual([join('dist', 'bundle', 'cic.js')]);
    expect(help.sources.filter((s) => s.startsWith(join('src', 'cli', 'commands')))).toEqual([]);
    const status = await runCicLoading(['status'], { cwd: folder });
    expect(status.sources).toContain(STATUS);
  });
});
