/**
 * What a command loads is part of what it costs (start-up is budgeted, docs/design.md#budgets):
 * a folder workspace never loads the PostgreSQL store's code, and `cic --help` compiles no
 * command. Each check has its negative control, a run that must load that code, so the hook is
 * seen to see it.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderSettings } from '../../src/io/workspace/settings.js';
import { tempWorkspace } from '../cli/commands/workspace.js';
import { runCicLoading, type LoadingResult } from '../helpers/loaded-modules.js';

const PG_STORE = join('src', 'io', 'pg', 'pg-store.ts');
const STATUS = join('src', 'cli', 'commands', 'status.ts');

describe('the bundle loads what a command needs', () => {
  const defaults = { name: 'Jane Doe', role: 'city-manager' };
  let folder: string;
  let database: string;
  let opened: LoadingResult;
  let status: LoadingResult;
  beforeAll(async () => {
    folder = tempWorkspace(defaults);
    database = tempWorkspace(defaults);
    // Nothing listens on port 1: the command fails to connect, after loading the store's code.
    const store = 'postgres://nobody@127.0.0.1:1/cic';
    writeFileSync(join(database, 'cic.yaml'), renderSettings({ playbook: 'playbook.yaml', store, defaults }));
    opened = await runCicLoading(['open', '--title', 'Test', '--tier', 'tier-1', '--reason', 'test'], { cwd: folder });
    status = await runCicLoading(['status'], { cwd: folder });
  });
  afterAll(() => {
    rmSync(folder, { recursive: true, force: true });
    rmSync(database, { recursive: true, force: true });
  });

  test('a folder workspace never loads the PostgreSQL store; a database workspace does (negative control)', async () => {
    expect(opened.code).toBe(0);
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
    expect(status.sources).toContain(STATUS);
  });
});
