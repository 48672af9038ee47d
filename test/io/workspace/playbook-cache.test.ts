/**
 * The frozen playbook's JSON cache (src/io/workspace/incidents.ts) is the model a cic derived from
 * the YAML; it is believed only when it was made under this cic's playbook schema. A cache from a
 * cic whose model had another shape (here: the press conference anchors written differently) is
 * rebuilt from the YAML, not read as this version's model, which crashed `cic status` on an
 * undefined action id. Control: a cache made under this schema is used as it is.
 */
import { describe, expect, test } from '@jest/globals';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Playbook } from '../../../src/core/playbook/model.js';
import { frozenPlaybook, PLAYBOOK_CACHE, playbookCacheFormat } from '../../../src/io/workspace/incidents.js';
import { runCic } from '../../helpers/run-cic.js';
import { bundledPlaybook, makeWorkspace, openIncident } from '../log/fixtures.js';

type CacheFile = { format?: string; sha256: string; playbook: Playbook };

/** The cache as an older cic wrote it: no schema tag, and `{scheduled: X}` anchors in another shape. */
function olderShape(cache: CacheFile): { file: object; changed: number } {
  let changed = 0;
  const actions = cache.playbook.actions.map((a) => {
    const due = { ...a.due } as Record<string, unknown>;
    for (const key of ['after', 'before']) {
      const anchor = due[key];
      if (anchor !== null && typeof anchor === 'object' && 'scheduled' in anchor) {
        due[key] = { start_of: (anchor as { scheduled: string }).scheduled };
        changed++;
      }
    }
    return { ...a, due };
  });
  return { file: { sha256: cache.sha256, playbook: { ...cache.playbook, actions } }, changed };
}

async function incident() {
  const ws = await makeWorkspace();
  const id = await openIncident(ws, 'Cache from another version');
  const file = join(ws.incidentsDir, id, PLAYBOOK_CACHE);
  const cache = () => JSON.parse(readFileSync(file, 'utf8')) as CacheFile;
  return { ws, id, file, cache };
}

describe('the frozen playbook cache and the cic that made it', () => {
  test('a cache is tagged with the playbook schema it was made under', async () => {
    const { cache } = await incident();
    expect(cache().format).toBe(playbookCacheFormat());
    expect(playbookCacheFormat()).toMatch(/^[0-9a-f]{64}$/);
  });

  test('a cache made under this schema is used as it is (control)', async () => {
    const { ws, id, file, cache } = await incident();
    const c = cache();
    c.playbook.roles[0]!.title = 'Read from the cache';
    writeFileSync(file, JSON.stringify(c));
    expect((await frozenPlaybook(ws, id)).playbook.roles[0]!.title).toBe('Read from the cache');
  });

  test('a cache from another version is rebuilt from the YAML, and cic status reads the right model', async () => {
    const { ws, id, file, cache } = await incident();
    const older = olderShape(cache());
    expect(older.changed).toBeGreaterThan(0); // the bundled playbook has a run of show
    writeFileSync(file, JSON.stringify(older.file));
    const r = await runCic(['status', id], { cwd: ws.root, env: { CIC_NOW: '2026-11-26T09:00:00.000Z' } });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/run-of-show steps of “Hold a press briefing”: \d+ count from its start/);
    expect(cache().format).toBe(playbookCacheFormat());
    expect(cache().playbook).toEqual((await bundledPlaybook()).playbook);
  });
});
