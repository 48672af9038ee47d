/**
 * `cic.yaml`, the workspace settings: which playbook (a path relative to the workspace) and the
 * operator's defaults. `cic init` writes it in a plain subset of YAML that is read here without the
 * YAML library (loading it would cost a recording command a third of its time budget, docs/design.md#budgets);
 * anything beyond that subset — quotes, flow style, anchors — goes to the full parser.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { InputError } from '../../core/errors.js';
import { oneLine } from '../../core/text/visible.js';

export const SETTINGS_FILE = 'cic.yaml';

export const WORKSPACE_ID = /^ws-[0-9a-f]{16}$/;

/** A new workspace id, for `cic init` (or a calendar export from a workspace made before ids). */
export function newWorkspaceId(): string {
  return `ws-${randomBytes(8).toString('hex')}`;
}

export interface Settings {
  /** The workspace's playbook, relative to the workspace folder. */
  playbook: string;
  /** Where the incidents are: absent for this folder, or a postgres:// URL (docs/postgres.md). */
  store?: string;
  /**
   * This workspace's own id (`ws-` and 16 hex digits, made by `cic init`): calendar UIDs carry it,
   * so two workspaces' incident 2026-0001 never collide in one calendar.
   */
  workspace_id?: string;
  defaults: {
    /** The operator's name for the log (else CIC_NAME, else the OS user name). */
    name?: string;
    /** The role recording commands act as when neither --as nor CIC_ROLE is given. */
    role?: string;
  };
}

export function renderSettings(settings: Settings): string {
  const lines = [
    '# cic workspace settings. Paths are relative to this folder.',
    '# The playbook new incidents are opened under (each incident keeps a frozen copy).',
    `playbook: ${yamlScalar(settings.playbook)}`,
    ...(settings.store !== undefined
      ? [
          '# The incidents are kept in this PostgreSQL database (credentials: PGPASSWORD or ~/.pgpass).',
          `store: ${yamlScalar(settings.store)}`,
        ]
      : []),
    ...(settings.workspace_id === undefined
      ? []
      : [
          "# This workspace's id: calendar UIDs carry it. Keep it when copying the folder.",
          `workspace_id: ${settings.workspace_id}`,
        ]),
    '# Defaults for recording commands; --as / --name and CIC_ROLE / CIC_NAME override them.',
    'defaults:',
  ];
  lines.push(
    settings.defaults.name !== undefined ? `  name: ${yamlScalar(settings.defaults.name)}` : '  # name: Your Name',
  );
  lines.push(
    settings.defaults.role !== undefined ? `  role: ${yamlScalar(settings.defaults.role)}` : '  # role: city-manager',
  );
  return `${lines.join('\n')}\n`;
}

/** A plain scalar when it reads back as the same string, else a double-quoted (JSON) one. */
function yamlScalar(text: string): string {
  return simpleValue(text) === text ? text : JSON.stringify(text);
}

export async function readSettings(file: string): Promise<Settings> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new InputError(`cannot read ${file}: ${(err as Error).message}`);
  }
  const raw = parseSimple(text) ?? (await parseFull(text, file));
  return checkSettings(raw, file);
}

// The fast path: comments, blank lines, `key: value` and one level of two-space nesting.
const LINE = /^( {2})?([a-z_]+):(?: (.*))?$/;

function parseSimple(text: string): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {};
  let section: Record<string, unknown> | undefined;
  for (const raw of text.split('\n')) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (/^\s*(#.*)?$/.test(line)) continue;
    const m = LINE.exec(line);
    if (!m) return undefined;
    const [, indent, key, rest] = m as unknown as [string, string | undefined, string, string | undefined];
    const valueText = rest?.replace(/\s+#.*$/, '').trim() ?? '';
    if (indent) {
      if (!section || key in section) return undefined;
      const value = simpleValue(valueText);
      if (value === undefined) return undefined;
      section[key] = value;
      continue;
    }
    if (key in out) return undefined;
    if (valueText === '') {
      section = {};
      out[key] = section;
    } else {
      const value = simpleValue(valueText);
      if (value === undefined) return undefined;
      out[key] = value;
      section = undefined;
    }
  }
  return out;
}

/** The string a YAML 1.2 plain or double-quoted scalar means, when it is surely a string. */
function simpleValue(text: string): string | undefined {
  if (text.startsWith('"')) {
    try {
      const v: unknown = JSON.parse(text);
      return typeof v === 'string' ? v : undefined;
    } catch {
      return undefined;
    }
  }
  // Plain scalars that YAML would read as something other than this exact string go to the parser.
  if (!/^[A-Za-z0-9_./][A-Za-z0-9 _./@()'-]*$/.test(text) || text.endsWith(' ')) return undefined;
  if (/^(true|false|null|yes|no|on|off|~)$/i.test(text) || /^[-+]?(\.?\d|\.(inf|nan))/i.test(text)) return undefined;
  return text;
}

async function parseFull(text: string, file: string): Promise<unknown> {
  const { parseDocument } = await import('yaml');
  const doc = parseDocument(text, { schema: 'core', uniqueKeys: true, merge: false, prettyErrors: true });
  const problem = doc.errors[0] ?? doc.warnings[0];
  if (problem) {
    const pos = problem.linePos?.[0];
    throw new InputError(`${file}:${pos?.line ?? 1}:${pos?.col ?? 1}: ${problem.message.split('\n')[0]}`);
  }
  return doc.toJS({ maxAliasCount: 10 });
}

function checkSettings(raw: unknown, file: string): Settings {
  const bad = (message: string) =>
    new InputError(`${file}: ${message}`, 'cic.yaml holds `playbook: FILE` and `defaults:` with `name:` and `role:`.');
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw bad('expected settings (key: value lines)');
  const {
    playbook = 'playbook.yaml',
    store,
    defaults: given,
    workspace_id,
    ...unknown
  } = raw as Record<string, unknown>;
  const defaults = given ?? {}; // `defaults:` with only comments under it is null in YAML
  const extra = Object.keys(unknown)[0];
  if (extra !== undefined) throw bad(`unknown setting "${oneLine(extra)}"`);
  if (typeof playbook !== 'string' || playbook.trim() === '' || playbook.includes('\0'))
    throw bad('playbook must be a file name');
  if (defaults === null || typeof defaults !== 'object' || Array.isArray(defaults))
    throw bad('defaults must hold name: and role:');
  const { name, role, ...more } = defaults as Record<string, unknown>;
  const other = Object.keys(more)[0];
  if (other !== undefined) throw bad(`unknown setting "defaults.${oneLine(other)}"`);
  if (name !== undefined && name !== null && typeof name !== 'string') throw bad('defaults.name must be text');
  if (role !== undefined && role !== null && typeof role !== 'string') throw bad('defaults.role must be a role id');
  if (workspace_id !== undefined && (typeof workspace_id !== 'string' || !WORKSPACE_ID.test(workspace_id)))
    throw bad('workspace_id must be ws- and 16 hex digits (cic init makes one)');
  const out: Settings = { playbook, defaults: {}, ...(workspace_id === undefined ? {} : { workspace_id }) };
  if (store !== undefined && store !== null) {
    if (typeof store !== 'string') throw bad('store must be a postgres:// URL');
    out.store = checkStoreSetting(store, file);
  }
  if (typeof name === 'string' && name.trim() !== '') out.defaults.name = name.trim();
  if (typeof role === 'string' && role.trim() !== '') out.defaults.role = role.trim();
  return out;
}

/**
 * A `store:` URL: postgres:// or postgresql://, with no password in it (cic.yaml is shared; the
 * password comes from PGPASSWORD or ~/.pgpass, as for psql).
 */
export function checkStoreSetting(url: string, where: string): string {
  if (!/^postgres(ql)?:\/\//i.test(url))
    throw new InputError(
      `${where}: store must be a postgres:// URL`,
      'Leave it out to keep the incidents in the workspace folder (docs/postgres.md).',
    );
  let password = '';
  try {
    password = new URL(url).password;
  } catch {
    throw new InputError(`${where}: "${oneLine(url)}" is not a URL`);
  }
  if (password !== '')
    throw new InputError(
      `${where}: the store URL must not hold a password (cic.yaml is read by everyone who uses the workspace)`,
      'Keep the password in ~/.pgpass or PGPASSWORD (docs/postgres.md).',
    );
  return url;
}
