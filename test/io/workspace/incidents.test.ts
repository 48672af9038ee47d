import { describe, expect, test } from '@jest/globals';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { FileStore } from '../../../src/io/log/file-store.js';
import {
  createIncident,
  frozenPlaybook,
  incidentLifecycle,
  listIncidents,
  PLAYBOOK_CACHE,
  playbookCacheFormat,
} from '../../../src/io/workspace/incidents.js';
import { loadPlaybook } from '../../../src/io/playbook/load.js';
import { discoverWorkspace } from '../../../src/io/workspace/discover.js';
import { BUNDLED, bundledPlaybook, ctx, makeWorkspace, openIncident, tempDir } from '../log/fixtures.js';

const CREATOR = fileURLToPath(new URL('./create-incidents.mjs', import.meta.url));

function run(args: string[]): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CREATOR, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    child.on('close', (code) => (code === 0 ? resolve(out.split('\n').filter(Boolean)) : reject(new Error(err))));
  });
}

const duplicates = (ids: string[]) => ids.filter((id, k) => ids.indexOf(id) !== k);

describe('incident folders', () => {
  test('createIncident lays out the folder: frozen playbook, its cache, drafts/, reports/, an empty log', async () => {
    const ws = await makeWorkspace();
    const loaded = await bundledPlaybook();
    const id = await createIncident(ws, loaded, new Date('2026-03-01T12:00:00Z'));
    expect(id).toBe('2026-0001');
    const dir = join(ws.incidentsDir, id);
    expect(readdirSync(dir).sort()).toEqual([PLAYBOOK_CACHE, 'drafts', 'log.jsonl', 'playbook.yaml', 'reports'].sort());
    expect(readFileSync(join(dir, 'playbook.yaml'), 'utf8')).toBe(loaded.source);
    expect(readFileSync(join(dir, 'log.jsonl'), 'utf8')).toBe('');
    expect(await createIncident(ws, loaded, new Date('2026-03-01T12:00:00Z'))).toBe('2026-0002');
    expect(listIncidents(ws)).toEqual(['2026-0001', '2026-0002']);
  });

  test("the year is the year in the playbook's time zone, and numbering restarts each year", async () => {
    const ws = await makeWorkspace();
    const loaded = await bundledPlaybook(); // America/Chicago
    // 23:30 on New Year's Eve in Clayton is already next year in UTC.
    expect(await createIncident(ws, loaded, new Date('2027-01-01T05:30:00Z'))).toBe('2026-0001');
    expect(await createIncident(ws, loaded, new Date('2027-01-01T06:30:00Z'))).toBe('2027-0001');
    expect(await createIncident(ws, loaded, new Date('2027-01-02T06:30:00Z'))).toBe('2027-0002');
  });

  test('a folder whose opening did not finish (no log) is skipped, and its number not reused', async () => {
    const ws = await makeWorkspace();
    mkdirSync(join(ws.incidentsDir, '2026-0001'));
    mkdirSync(join(ws.incidentsDir, 'notes'));
    expect(listIncidents(ws)).toEqual([]);
    expect(await createIncident(ws, await bundledPlaybook(), new Date('2026-03-01T12:00:00Z'))).toBe('2026-0002');
  });

  test('six processes opening five incidents each at the same moment get thirty different ids', async () => {
    const ws = await makeWorkspace();
    const ids = (await Promise.all(Array.from({ length: 6 }, () => run([ws.root, '5', 'safe'])))).flat();
    expect(ids).toHaveLength(30);
    expect(duplicates(ids)).toEqual([]);
    expect(listIncidents(ws)).toHaveLength(30);
  }, 120_000);

  test('negative control: the same harness catches a careless allocator handing out one id twice', async () => {
    const ws = await makeWorkspace();
    const ids = (await Promise.all(Array.from({ length: 6 }, () => run([ws.root, '5', 'naive'])))).flat();
    expect(duplicates(ids).length).toBeGreaterThan(0);
  }, 120_000);

  test('open or closed is read from the latest lifecycle entry', async () => {
    const ws = await makeWorkspace();
    const store = new FileStore(ws);
    const empty = await createIncident(ws, await bundledPlaybook(), new Date());
    expect(incidentLifecycle(ws, empty)).toBe('empty');
    const id = await openIncident(ws, 'Lifecycle', store);
    expect(incidentLifecycle(ws, id)).toBe('open');
    await store.appendEvents(id, ctx(), [{ type: 'incident.closed', data: { forced: false, left_open: [] } }]);
    expect(incidentLifecycle(ws, id)).toBe('closed');
    await store.appendEvents(id, ctx(), [
      { type: 'incident.reopened', data: { reason: 'new video' } },
      { type: 'note', data: { text: 'x' } },
    ]);
    expect(incidentLifecycle(ws, id)).toBe('open');
    // A fact whose id and value look like a lifecycle event does not fool it.
    await store.appendEvents(id, ctx(), [
      {
        type: 'statement.released',
        data: {
          statement: 's',
          version: 1,
          sha256: '0'.repeat(64),
          channels: ['web'],
          facts: { type: 'incident.closed', v: 1 },
        },
      },
    ]);
    expect(incidentLifecycle(ws, id)).toBe('open');
  });
});

describe('the frozen playbook', () => {
  async function realIncident() {
    const ws = await makeWorkspace();
    const loaded = await loadPlaybook(BUNDLED);
    const id = await createIncident(ws, loaded, new Date());
    return { ws, id, loaded, dir: join(ws.incidentsDir, id) };
  }

  test('is read through its cache when the cache belongs to exactly these bytes', async () => {
    const { ws, id, loaded, dir } = await realIncident();
    const got = await frozenPlaybook(ws, id);
    expect(got.sha256).toBe(loaded.sha256);
    expect(got.playbook).toEqual(loaded.playbook);
    expect(got.source).toBe(loaded.source);
    // The frozen copy loads as itself (same source, same digest).
    expect((await loadPlaybook(join(dir, 'playbook.yaml'))).sha256).toBe(loaded.sha256);
  });

  test('a cache that does not match the bytes is ignored and rebuilt from the YAML', async () => {
    const { ws, id, loaded, dir } = await realIncident();
    const cache = join(dir, PLAYBOOK_CACHE);
    writeFileSync(cache, JSON.stringify({ sha256: '0'.repeat(64), playbook: { roles: [] } }));
    const got = await frozenPlaybook(ws, id);
    expect(got.playbook).toEqual(loaded.playbook);
    expect(JSON.parse(readFileSync(cache, 'utf8')).sha256).toBe(loaded.sha256);
    // fresh: the YAML is loaded even when the cache matches (for audits).
    const sha = createHash('sha256')
      .update(readFileSync(join(dir, 'playbook.yaml')))
      .digest('hex');
    writeFileSync(
      cache,
      JSON.stringify({
        format: playbookCacheFormat(),
        sha256: sha,
        playbook: { roles: [{ id: 'forged', title: 'x' }] },
      }),
    );
    expect((await frozenPlaybook(ws, id)).playbook.roles[0]!.id).toBe('forged'); // what the cache says
    expect((await frozenPlaybook(ws, id, { fresh: true })).playbook).toEqual(loaded.playbook);
  });

  test('a missing frozen playbook is an integrity failure', async () => {
    const { ws, id, dir } = await realIncident();
    const { rmSync } = await import('node:fs');
    rmSync(join(dir, 'playbook.yaml'));
    await expect(frozenPlaybook(ws, id)).rejects.toThrow(/frozen playbook.yaml of incident .* is missing/);
    expect(existsSync(dir)).toBe(true);
  });

  test('discoverWorkspace reads the settings of the workspace it finds', async () => {
    const root = tempDir();
    writeFileSync(join(root, 'cic.yaml'), 'playbook: plans/city.yaml\n');
    const ws = await discoverWorkspace(undefined, root, {});
    expect(ws).toMatchObject({
      root,
      playbookFile: join(root, 'plans', 'city.yaml'),
      incidentsDir: join(root, 'incidents'),
    });
  });
});
