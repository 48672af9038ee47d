/**
 * `cic init [DIR] [--playbook FILE] [--name NAME]`: make a workspace — `cic.yaml`, the playbook
 * (the bundled Clayton plan unless `--playbook` names another, which must validate) with its
 * templates folder, and `incidents/` (only on the folder store: with `--store`, the incidents live
 * in the database). Running it on an existing workspace changes nothing.
 */
import {
  accessSync,
  constants,
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { guardWriteAsync } from '../../io/fault.js';
import { dirname, join, relative, resolve } from 'node:path';
import { InputError } from '../../core/errors.js';
import { stdout } from '../../io/output/terminal.js';
import { visible, oneLine } from '../../core/text/visible.js';
import type { LoadedPlaybook } from '../../core/playbook/model.js';
import { loadPlaybookFile } from '../../io/workspace/incidents.js';
import { newWorkspaceId, renderSettings, SETTINGS_FILE, type Settings } from '../../io/workspace/settings.js';
import { operatorName } from './incident-access.js';
import type { InitOptions } from '../options.js';
import { bundledPlaybook } from '../../io/schemas/package-root.js';

export const BUNDLED_PLAYBOOK = bundledPlaybook();
const PLAYBOOK = 'playbook.yaml';

export interface InitResult {
  root: string;
  created: boolean;
  playbook?: { id: string; version: string; title: string };
}

export async function init(opts: InitOptions): Promise<InitResult> {
  const root = resolve(process.cwd(), opts.dir ?? '.');
  const show = visible(relative(process.cwd(), root) || '.');

  if (existsSync(join(root, SETTINGS_FILE))) {
    stdout.line(`${show} is already a cic workspace (it has ${SETTINGS_FILE}); nothing was changed.`);
    if (opts.playbook !== undefined || opts.name !== undefined)
      stdout.line(`To change its playbook or your defaults, edit ${join(show, SETTINGS_FILE)}.`);
    return { root, created: false };
  }
  if (existsSync(root) && !statSync(root).isDirectory()) throw new InputError(`${show} exists and is not a folder`);

  const settings: Settings = { playbook: PLAYBOOK, workspace_id: newWorkspaceId(), defaults: {} };
  const url = typeof opts.store === 'string' ? opts.store : undefined;
  if (url !== undefined) {
    // Checked as cic.yaml's reader will check it, then the database is migrated before anything is written here.
    const { checkStoreSetting } = await import('../../io/workspace/settings.js');
    settings.store = checkStoreSetting(url, '--store');
    const { migrateDatabase } = await import('./store.js');
    await migrateDatabase(url);
  }
  if (opts.name !== undefined) settings.defaults.name = operatorName({ name: opts.name }, settings, {});

  const source = opts.playbook !== undefined ? resolve(process.cwd(), opts.playbook) : BUNDLED_PLAYBOOK;
  if (!existsSync(source))
    throw new InputError(
      `no playbook at ${visible(source)}`,
      'Give the path of a playbook YAML file with --playbook FILE.',
    );
  const loaded = await loadPlaybookFile(source); // exit 2 with file:line:col problems when invalid

  const target = join(root, PLAYBOOK);
  const reuse = existsSync(target) && resolve(target) === source;
  if (existsSync(target) && !reuse) {
    throw new InputError(
      `${join(show, PLAYBOOK)} already exists; not overwriting it`,
      `Use it with \`cic init ${show} --playbook ${join(show, PLAYBOOK)}\`, or move it away first.`,
    );
  }

  await guardWriteAsync(`the workspace ${show}`, async () => {
    assertWritable(root);
    // On PostgreSQL the incidents live in the database: no folder for them here (docs/postgres.md).
    if (settings.store === undefined) mkdirSync(join(root, 'incidents'), { recursive: true });
    else mkdirSync(root, { recursive: true });
    if (!reuse) await copyPlaybook(source, root, loaded);
    // cic.yaml last: its presence is what makes the folder a workspace.
    writeFileSync(join(root, SETTINGS_FILE), renderSettings(settings), { flag: 'wx' });
  });

  const p = loaded.playbook;
  stdout.line(`Made a cic workspace in ${show}:`);
  stdout.line(`  ${SETTINGS_FILE.padEnd(14)} settings: the playbook, your default name and role`);
  stdout.line(`  ${PLAYBOOK.padEnd(14)} ${oneLine(p.title)} (${visible(p.id)} ${visible(p.version)})`);
  if (existsSync(join(root, 'templates'))) stdout.line(`  ${'templates/'.padEnd(14)} statement templates`);
  if (settings.store !== undefined)
    stdout.line(`  ${'store:'.padEnd(14)} the incidents are kept in ${visible(settings.store)}`);
  else stdout.line(`  ${'incidents/'.padEnd(14)} one folder per incident`);
  stdout.line(`Next: cd ${show} && cic open --title "…" --as ${p.roles[0]?.id ?? 'ROLE'}`);
  return { root, created: true, playbook: { id: p.id, version: p.version, title: p.title } };
}

/**
 * Copy the playbook and the templates folder beside it. If the copy does not load as the original
 * did (templates referenced from elsewhere), write the self-contained text instead.
 */
async function copyPlaybook(source: string, root: string, loaded: LoadedPlaybook): Promise<void> {
  const target = join(root, PLAYBOOK);
  const temp = `${target}.tmp-${process.pid}`;
  writeFileSync(temp, pointSchemaAtPackage(readFileSync(source, 'utf8'), dirname(source)), { flag: 'wx' });
  const templates = join(dirname(source), 'templates');
  const copiedTemplates = existsSync(templates) && !existsSync(join(root, 'templates'));
  if (copiedTemplates) cpSync(templates, join(root, 'templates'), { recursive: true, errorOnExist: true });
  renameSync(temp, target);
  try {
    await loadPlaybookFile(target);
  } catch {
    writeFileSync(target, loaded.source);
    if (copiedTemplates) rmSync(join(root, 'templates'), { recursive: true, force: true });
  }
}

/** Editors find the schema through a relative `$schema` comment; keep it pointing at the schema. */
function pointSchemaAtPackage(text: string, fromDir: string): string {
  return text.replace(/^(# yaml-language-server: \$schema=)(\S+)$/m, (line, prefix: string, ref: string) => {
    if (/^[a-z]+:/i.test(ref)) return line;
    const schema = resolve(fromDir, ref);
    return existsSync(schema) ? `${prefix}${schema}` : line;
  });
}

/**
 * The nearest folder that exists at or above `root` must be writable: on a read-only disk a
 * recursive mkdir reports only that the folder it wanted is missing (ENOENT), not why.
 */
function assertWritable(root: string): void {
  let dir = root;
  while (!existsSync(dir) && dirname(dir) !== dir) dir = dirname(dir);
  accessSync(dir, constants.W_OK);
}
