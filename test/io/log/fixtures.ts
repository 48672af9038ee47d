/**
 * Test fixtures for the log and workspace tests: a temporary workspace with the bundled playbook
 * and an opened incident, made through the workspace and store APIs (not through `cic open`).
 */
import type { IncidentId } from '../../../src/core/ids.js';
import { afterAll } from '@jest/globals';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadPlaybook } from '../../../src/io/playbook/load.js';
import type { LoadedPlaybook } from '../../../src/core/playbook/model.js';
import { discoverWorkspace, type Workspace } from '../../../src/io/workspace/discover.js';
import { createIncident } from '../../../src/io/workspace/incidents.js';
import { FileStore } from '../../../src/io/log/file-store.js';
import type { AppendContext } from '../../../src/core/log/envelope.js';

export const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
export const BUNDLED = join(ROOT, 'playbooks', 'clayton-mo.yaml');

/** The bundled playbook, loaded (and its template files inlined) as `cic open` freezes it. */
export async function bundledPlaybook(): Promise<LoadedPlaybook> {
  return (cached ??= loadPlaybook(BUNDLED));
}
let cached: Promise<LoadedPlaybook> | undefined;

const made: string[] = [];
// Each test file gets its own copy of this module, so this removes that file's folders.
afterAll(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

export function tempDir(prefix = 'cic-test-'): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), prefix)));
  made.push(dir);
  return dir;
}

/** A workspace folder with cic.yaml (default role city-manager) and incidents/. */
export async function makeWorkspace(
  settings = 'playbook: playbook.yaml\ndefaults:\n  name: Test Clerk\n  role: city-manager\n',
): Promise<Workspace> {
  const root = tempDir();
  writeFileSync(join(root, 'cic.yaml'), settings);
  writeFileSync(join(root, 'playbook.yaml'), (await bundledPlaybook()).source);
  mkdirSync(join(root, 'incidents'));
  return discoverWorkspace(root, root, {});
}

export const actor = { role: 'city-manager', name: 'Test Clerk', user: 'test@host' };

export function ctx(at = new Date('2026-11-26T08:00:00.000Z'), simulated = false): AppendContext {
  return { actor, at, simulated };
}

/** Create an incident and record its opening, as `cic open` will. */
export async function openIncident(
  ws: Workspace,
  title = 'Test incident',
  store = new FileStore(ws),
): Promise<IncidentId> {
  const loaded = await bundledPlaybook();
  const id = await createIncident(ws, loaded, new Date('2026-11-26T08:00:00.000Z'));
  await store.appendEvents(id, ctx(), [
    {
      type: 'incident.opened',
      data: {
        title,
        occurred_at: '2026-11-26T07:45:00.000Z',
        playbook: { id: loaded.playbook.id, version: loaded.playbook.version, sha256: loaded.sha256 },
      },
    },
    { type: 'incident.classified', data: { tier: 'tier-1', reason: 'test', method: 'manual' } },
  ]);
  return id;
}
