/**
 * Test fixtures for the log and workspace tests: a temporary workspace with the bundled playbook
 * and an opened incident, made through the workspace and store APIs (not through `cic open`).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import type { LoadedPlaybook, Playbook } from '../../src/playbook/model.js';
import { discoverWorkspace, type Workspace } from '../../src/workspace/discover.js';
import { createIncident } from '../../src/workspace/incidents.js';
import { FileStore } from '../../src/log/file-store.js';
import type { AppendContext } from '../../src/log/store.js';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const BUNDLED = join(ROOT, 'playbooks', 'clayton-mo.yaml');

/**
 * The bundled playbook with its template files inlined, as the loader freezes it. Parsed without
 * validation: these tests are about the log, not the playbook.
 */
export function bundledPlaybook(): LoadedPlaybook {
  const doc = parse(readFileSync(BUNDLED, 'utf8')) as Playbook;
  for (const t of doc.templates) {
    if (t.file) {
      t.text = readFileSync(join(ROOT, 'playbooks', t.file), 'utf8');
      delete t.file;
    }
  }
  const source = `# frozen for tests\n${JSON.stringify(doc, null, 1)}\n`;
  return { playbook: doc, file: BUNDLED, sha256: createHash('sha256').update(source).digest('hex'), source };
}

export function tempDir(prefix = 'cic-test-'): string {
  return realpathSync(mkdtempSync(join(tmpdir(), prefix)));
}

/** A workspace folder with cic.yaml (default role city-manager) and incidents/. */
export async function makeWorkspace(settings = 'playbook: playbook.yaml\ndefaults:\n  name: Test Clerk\n  role: city-manager\n'): Promise<Workspace> {
  const root = tempDir();
  writeFileSync(join(root, 'cic.yaml'), settings);
  writeFileSync(join(root, 'playbook.yaml'), bundledPlaybook().source);
  mkdirSync(join(root, 'incidents'));
  return discoverWorkspace(root, root, {});
}

export const actor = { role: 'city-manager', name: 'Test Clerk', user: 'test@host' };

export function ctx(at = new Date('2026-11-26T08:00:00.000Z'), simulated = false): AppendContext {
  return { actor, at, simulated };
}

/** Create an incident and record its opening, as `cic open` will. */
export async function openIncident(ws: Workspace, title = 'Test incident', store = new FileStore(ws)): Promise<string> {
  const loaded = bundledPlaybook();
  const id = await createIncident(ws, loaded, new Date('2026-11-26T08:00:00.000Z'));
  await store.appendEvents(id, ctx(), [
    {
      type: 'incident.opened',
      data: { title, occurred_at: '2026-11-26T07:45:00.000Z', playbook: { id: loaded.playbook.id, version: loaded.playbook.version, sha256: loaded.sha256 } },
    },
    { type: 'incident.classified', data: { tier: 'tier-1', reason: 'test', method: 'manual' } },
  ]);
  return id;
}
