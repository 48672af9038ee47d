/**
 * Loading a frozen playbook held as text (in the database) through the same loader and checks as
 * a playbook file: written to a private temporary folder, loaded, removed. The frozen text has its
 * templates inlined, so it needs nothing beside it.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LoadedPlaybook } from '../../core/playbook/model.js';
import { loadPlaybookFile } from '../workspace/incidents.js';

export async function loadPlaybookText(source: string, incident: string): Promise<LoadedPlaybook> {
  const dir = mkdtempSync(join(tmpdir(), 'cic-playbook-'));
  try {
    const file = join(dir, `${incident}-playbook.yaml`);
    writeFileSync(file, source, { mode: 0o600 });
    return await loadPlaybookFile(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
