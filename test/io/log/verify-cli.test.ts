/**
 * `cic verify` and `cic note` through the real binary: the clerk's digest, damage reported by seq,
 * a torn tail named and repaired into quarantine, anchors, and the exit codes of docs/design.md#the-command-line.
 */
import { describe, expect, test } from '@jest/globals';
import { createHash } from 'node:crypto';
import { appendFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FileStore } from '../../../src/io/log/file-store.js';
import type { LogEntry } from '../../../src/core/log/envelope.js';
import { runCic } from '../../helpers/run-cic.js';
import { ctx, makeWorkspace, openIncident } from './fixtures.js';

/** A store for an existing incident's workspace (its log lives in <root>/incidents/<id>/). */
async function setupFor(id: string, log: string) {
  const root = join(log, '..', '..', '..');
  return { store: new FileStore({ root, incidentsDir: join(root, 'incidents') }), id };
}

async function setup() {
  const ws = await makeWorkspace();
  const store = new FileStore(ws);
  const id = await openIncident(ws, 'Verify test', store);
  await store.appendEvents(id, ctx(), [
    { type: 'note', data: { text: 'first note' } },
    { type: 'note', data: { text: 'second note' } },
  ]);
  const dir = join(ws.incidentsDir, id);
  const log = join(dir, 'log.jsonl');
  const cic = (...args: string[]) => runCic(args, { cwd: ws.root, env: { CIC_NAME: 'Clerk', CIC_ROLE: undefined } });
  return { ws, store, id, dir, log, cic, lines: () => readFileSync(log, 'utf8').split('\n').filter(Boolean) };
}

describe('cic verify', () => {
  test('a clean log: the entry count and the head digest to record, exit 0', async () => {
    const { cic, id, lines } = await setup();
    const last = JSON.parse(lines().at(-1)!) as LogEntry;
    const r = await cic('verify', id);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Incident ${id}: the log verifies (4 entries).`);
    expect(r.stdout).toContain(`Head digest: 3:${last.hash}`);
    const json = await cic('verify', id, '--json');
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({
      ok: true,
      entries: 4,
      head: `3:${last.hash}`,
      first_bad_seq: null,
      problem: null,
    });
  });

  test('with one incident, the id may be left out', async () => {
    const { cic, id } = await setup();
    const r = await cic('verify');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Incident ${id}`);
  });

  test('damage: the first bad entry by seq and what is wrong, exit 3; --json says the same', async () => {
    const { cic, id, log, lines } = await setup();
    const ls = lines();
    ls[2] = ls[2]!.replace('first note', 'first NOTE');
    writeFileSync(log, ls.map((l) => `${l}\n`).join(''));
    const r = await cic('verify', id);
    expect(r.code).toBe(3);
    expect(r.stdout).toContain('does NOT verify; entries #0–#1 verify');
    expect(r.stderr).toMatch(/entry #2: hash does not match the entry/);
    expect(r.stderr).toMatch(/--repair will not touch it/);
    const json = JSON.parse((await cic('verify', id, '--json')).stdout);
    expect(json).toMatchObject({
      ok: false,
      entries: 2,
      first_bad_seq: 2,
      problem: expect.stringContaining('entry #2'),
    });
    // A command that reads the state (store.append) refuses to record on a damaged log. (`cic note`
    // reads only the tail, so it cannot see damage before the last entry; cic verify does.)
    const { store } = await setupFor(id, log);
    await expect(store.append(id, ctx(), () => [{ type: 'note', data: { text: 'x' } }])).rejects.toThrow(
      /does not verify: entry #2/,
    );
  });

  test('a torn tail is named, blocks writing with the repair named, and --repair quarantines it', async () => {
    const { cic, id, dir, log, store } = await setup();
    const clean = readFileSync(log);
    const torn = '{"actor":{"name":"Pat","ro';
    appendFileSync(log, torn);

    const v = await cic('verify', id);
    expect(v.code).toBe(3);
    expect(v.stderr).toMatch(/torn tail: the last 26 bytes .* are not a complete entry/);
    expect(v.stderr).toContain(`cic verify ${id} --repair`);

    const n = await cic('note', 'after the crash', '-i', id, '--as', 'pio');
    expect(n.code).toBe(3);
    expect(n.stderr).toMatch(/torn write.*nothing was recorded/);
    expect(n.stderr).toContain(`cic verify ${id} --repair`);
    expect(n.stdout).toBe('');

    const r = await cic('verify', id, '--repair');
    expect(r.code).toBe(0);
    const sha = createHash('sha256').update(torn).digest('hex');
    const name = `log.jsonl.quarantine-${clean.length}-${sha.slice(0, 8)}`;
    expect(r.stdout).toContain(`moved 26 bytes from offset ${clean.length} (sha256 ${sha})`);
    expect(r.stdout).toContain('the log verifies (5 entries)');
    expect(readFileSync(join(dir, name), 'utf8')).toBe(torn); // nothing deleted
    const entries = await store.readAll(id);
    expect(entries.at(-1)).toMatchObject({
      type: 'log.repaired',
      actor: { role: 'system', name: 'Clerk' },
      data: { offset: clean.length, length: 26, sha256: sha, quarantine: name },
    });
    expect(readFileSync(log).subarray(0, clean.length)).toEqual(clean);

    expect((await cic('note', 'after the repair', '-i', id, '--as', 'pio')).code).toBe(0);
    const again = await cic('verify', id, '--repair');
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('Nothing to repair');
    expect((await store.readAll(id)).filter((e) => e.type === 'log.repaired')).toHaveLength(1);
  });

  test('--repair never touches damage before the last line', async () => {
    const { cic, id, log, lines } = await setup();
    const ls = lines();
    writeFileSync(log, [ls[0], ls[1], 'garbage', ls[2], ls[3]].map((l) => `${l}\n`).join(''));
    const before = readFileSync(log);
    const r = await cic('verify', id, '--repair');
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/not a torn tail left by a crash, so --repair changes nothing/);
    expect(readFileSync(log)).toEqual(before);
  });

  test('a quarantine whose repair was never recorded (a crash in between) is recorded by the next --repair', async () => {
    const { cic, id, dir, store } = await setup();
    const bytes = Buffer.from('{"half an entr');
    const sha = createHash('sha256').update(bytes).digest('hex');
    writeFileSync(join(dir, `log.jsonl.quarantine-999-${sha.slice(0, 8)}`), bytes);
    const r = await cic('verify', id, '--repair');
    expect(r.code).toBe(0);
    expect((await store.readAll(id)).at(-1)).toMatchObject({
      type: 'log.repaired',
      data: { offset: 999, length: bytes.length, sha256: sha },
    });
  });

  test('--anchor: holds while the log extends it; truncation fails it; a malformed anchor is bad input', async () => {
    const { cic, id, log, lines } = await setup();
    const ls = lines();
    const anchor = `3:${(JSON.parse(ls[3]!) as LogEntry).hash}`;
    const ok = await cic('verify', id, '--anchor', anchor);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/Anchor 3:[0-9a-f]{12}… holds/);
    writeFileSync(
      log,
      ls
        .slice(0, 3)
        .map((l) => `${l}\n`)
        .join(''),
    );
    expect((await cic('verify', id)).code).toBe(0); // a bare chain cannot see the truncation
    const cut = await cic('verify', id, '--anchor', anchor);
    expect(cut.code).toBe(3);
    expect(cut.stderr).toMatch(/the log ends at entry #2 but the anchor is at #3: .*truncated/);
    expect(JSON.parse((await cic('verify', id, '--anchor', anchor, '--json')).stdout)).toMatchObject({
      ok: false,
      anchor: { seq: 3, ok: false },
    });
    const bad = await cic('verify', id, '--anchor', '3:xyz');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/is not a digest/);
  });

  test('a changed frozen playbook is caught by the genesis value', async () => {
    const { cic, id, dir } = await setup();
    appendFileSync(join(dir, 'playbook.yaml'), '\n# edited after the incident was opened\n');
    const r = await cic('verify', id);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(
      /entry #0: prev is not the genesis value .* playbook\.yaml is not the one the incident was opened with/,
    );
  });

  test('the cached copy of the frozen playbook is checked against playbook.yaml, and --repair rebuilds it', async () => {
    const { cic, id, dir } = await setup();
    const cacheFile = join(dir, '.playbook.json');
    const cache = JSON.parse(readFileSync(cacheFile, 'utf8')) as { playbook: { roles: { id: string }[] } };
    expect((await cic('verify', id, '--json')).stdout).toMatch(/"playbook_cache": "ok"/);
    cache.playbook.roles[0]!.id = 'someone-else';
    writeFileSync(cacheFile, JSON.stringify(cache));
    const r = await cic('verify', id);
    expect(r.code).toBe(3);
    expect(r.stdout).toContain('the log verifies');
    expect(r.stderr).toMatch(/\.playbook\.json .* does not match playbook\.yaml/);
    const fixed = await cic('verify', id, '--repair');
    expect(fixed.code).toBe(0);
    expect(fixed.stdout).toContain('Rebuilt .playbook.json');
    expect((await cic('verify', id)).code).toBe(0);
  });

  test('entries written under CIC_NOW are marked and counted', async () => {
    const { id, ws, cic } = await setup();
    const n = await runCic(['note', 'exercise', '-i', id, '--as', 'pio'], {
      cwd: ws.root,
      env: { CIC_NOW: '2026-11-26T10:00:00Z' },
    });
    expect(n.code).toBe(0);
    const last = JSON.parse(
      readFileSync(join(ws.incidentsDir, id, 'log.jsonl'), 'utf8')
        .trim()
        .split('\n')
        .at(-1)!,
    ) as LogEntry;
    expect(last).toMatchObject({ at: '2026-11-26T10:00:00.000Z', clock: 'simulated' });
    const r = await cic('verify', id);
    expect(r.stdout).toContain('1 of these entries were written under a simulated clock (CIC_NOW)');
  });

  test('lock busy: exit 5 after the configured wait, nothing recorded', async () => {
    const { ws, id, dir, log } = await setup();
    writeFileSync(
      join(dir, 'log.jsonl.lock'),
      JSON.stringify({ pid: process.pid, host: (await import('node:os')).hostname(), nonce: 'held', at: 'now' }),
    );
    const before = readFileSync(log);
    const r = await runCic(['note', 'x', '-i', id, '--as', 'pio'], {
      cwd: ws.root,
      env: { CIC_LOCK_TIMEOUT_MS: '300' },
    });
    expect(r.code).toBe(5);
    expect(r.stderr).toMatch(/is busy.*held by process .* Nothing was recorded/s);
    expect(readFileSync(log)).toEqual(before);
    expect(readdirSync(dir)).toContain('log.jsonl.lock');
  });
});

describe('cic note', () => {
  test('records a note with who and when, and says which seq', async () => {
    const { cic, id, store } = await setup();
    const r = await cic(
      'note',
      'Called the Mayor at 02:14',
      '--as',
      'pio',
      '--name',
      'Jo Park',
      '--stated-at',
      '2026-01-02T08:14:00Z',
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`Recorded note #4 in ${id}: "Called the Mayor at 02:14"\n`);
    expect((await store.readAll(id)).at(-1)).toMatchObject({
      seq: 4,
      type: 'note',
      stated_at: '2026-01-02T08:14:00.000Z',
      actor: { role: 'pio', name: 'Jo Park', user: expect.stringMatching(/.+@.+/) },
      data: { text: 'Called the Mayor at 02:14' },
    });
  });

  test('bad input exits 2: an unknown role (listing the roles), an empty note, a future --stated-at', async () => {
    const { cic } = await setup();
    const role = await cic('note', 'x', '--as', 'mayr');
    expect(role.code).toBe(2);
    expect(role.stderr).toMatch(/"mayr" is not a role .*\n\s+city-manager\s+\(City Manager\)/);
    expect((await cic('note', '   ')).code).toBe(2);
    const future = await cic('note', 'x', '--as', 'pio', '--stated-at', '2999-01-01T00:00:00Z');
    expect(future.code).toBe(2);
    expect(future.stderr).toMatch(/in the future/);
    expect((await cic('note', 'x', '--as', 'pio', '--stated-at', 'yesterday')).code).toBe(2);
  });

  test('the role comes from --as, else CIC_ROLE, else the workspace default', async () => {
    const { ws, id, store } = await setup();
    await runCic(['note', 'a', '--as', 'pio'], { cwd: ws.root, env: { CIC_ROLE: 'mayor' } });
    await runCic(['note', 'b'], { cwd: ws.root, env: { CIC_ROLE: 'mayor' } });
    await runCic(['note', 'c'], { cwd: ws.root, env: { CIC_ROLE: undefined } });
    const roles = (await store.readAll(id)).slice(-3).map((e) => e.actor.role);
    expect(roles).toEqual(['pio', 'mayor', 'city-manager']);
  });

  test('with several incidents open, the id is needed and the open ones are listed', async () => {
    const { ws, store } = await setup();
    await openIncident(ws, 'A second incident', store);
    const r = await runCic(['note', 'x', '--as', 'pio'], { cwd: ws.root });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/2 incidents are open; say which one with --incident ID/);
    expect(r.stderr).toMatch(/2026-0002\s+open\s+A second incident/);
  });

  test("notes are allowed on a closed incident (a clerk's annotation), given its id", async () => {
    const { ws, id, store } = await setup();
    await store.appendEvents(id, ctx(), [{ type: 'incident.closed', data: { forced: false, left_open: [] } }]);
    const without = await runCic(['note', 'x', '--as', 'city-clerk'], { cwd: ws.root });
    expect(without.code).toBe(2);
    expect(without.stderr).toMatch(/no incident is open/);
    const r = await runCic(['note', 'Log received by the clerk', '-i', id, '--as', 'city-clerk'], { cwd: ws.root });
    expect(r.code).toBe(0);
  });
});
