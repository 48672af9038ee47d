/**
 * Finding the workspace, like git finds a repository: `--workspace DIR`, else `CIC_WORKSPACE`,
 * else the nearest folder at or above the current one that holds `cic.yaml`.
 */
import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { InputError } from '../../core/errors.js';
import { visible } from '../../core/text/visible.js';
import { readSettings, SETTINGS_FILE, type Settings } from './settings.js';

export interface Workspace {
  /** The workspace folder (absolute). */
  root: string;
  /** Its `cic.yaml`. */
  settingsFile: string;
  settings: Settings;
  /** `incidents/` inside it. */
  incidentsDir: string;
  /** The playbook new incidents are opened under (absolute). */
  playbookFile: string;
}

const HINT =
  'Run `cic init` to make one here (or `cic init DIR`), or point to one with --workspace DIR or CIC_WORKSPACE.';

/** Where the workspace is, without reading it. */
export function findWorkspaceRoot(explicit: string | undefined, cwd: string, env: NodeJS.ProcessEnv): string {
  const given = explicit ?? (env.CIC_WORKSPACE || undefined);
  if (given !== undefined) {
    const root = resolve(cwd, given);
    const from = explicit !== undefined ? '--workspace' : 'CIC_WORKSPACE';
    if (!isFile(join(root, SETTINGS_FILE))) {
      throw new InputError(
        `${visible(root)} (from ${from}) is not a cic workspace: it has no ${SETTINGS_FILE}`,
        `Run \`cic init ${visible(given)}\` to make it one, or correct ${from}.`,
      );
    }
    return root;
  }
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    if (isFile(join(dir, SETTINGS_FILE))) return dir;
    if (dirname(dir) === dir) break;
  }
  throw new InputError(
    `not in a cic workspace: no ${SETTINGS_FILE} in ${visible(resolve(cwd))} or any folder above it`,
    HINT,
  );
}

export async function discoverWorkspace(
  explicit: string | undefined,
  cwd = process.cwd(),
  env = process.env,
): Promise<Workspace> {
  const root = findWorkspaceRoot(explicit, cwd, env);
  const settingsFile = join(root, SETTINGS_FILE);
  const settings = await readSettings(settingsFile);
  return {
    root,
    settingsFile,
    settings,
    incidentsDir: join(root, 'incidents'),
    playbookFile: resolve(root, settings.playbook),
  };
}

function isFile(path: string): boolean {
  try {
    return existsSync(path) && statSync(path).isFile();
  } catch {
    return false;
  }
}
