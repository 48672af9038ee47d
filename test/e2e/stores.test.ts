/**
 * One behaviour suite, run against both stores: the same commands in the same order give the
 * same answers on the folder store and on PostgreSQL (entries differ only in who wrote them:
 * `user@host` against `pg:LOGIN`, and so in their hashes). Then `cic store copy` both ways.
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCic, type CicResult } from '../helpers/run-cic.js';
import { describePg, pgServer, type PgServer } from '../helpers/pg-server.js';

const NOW = '2026-11-26T02:05:00-06:00';
const CHIEF = { CIC_ROLE: 'police-chief', CIC_NAME: 'Lena Ortiz' };

interface Kind {
  name: 'folder' | 'postgres';
  init(dir: string): Promise<CicResult>;
}

/** The night, step by step: each step's --json output (or its text) and exit code. */
async function night(ws: string): Promise<Record<string, unknown>> {
  const run = async (args: string[], now = NOW, env: Record<string, string> = CHIEF) => {
    const r = await runCic(args, { cwd: ws, env: { CIC_NOW: now, ...env } });
    if (r.code !== 0 && !args.includes('verify')) throw new Error(`cic ${args.join(' ')}: ${r.code}\n${r.stderr}`);
    return r;
  };
  const json = async (args: string[], now = NOW) => normalise(JSON.parse((await run([...args, '--json'], now)).stdout));
  const out: Record<string, unknown> = {};
  await run([
    'open',
    '--title',
    'Officer-involved shooting, Forsyth Blvd',
    '--occurred-at',
    '2026-11-26 01:52',
    '--fact',
    'shots_fired_by_officer=yes',
    '--fact',
    'injury_level=hospitalised',
  ]);
  await run(['done', 'notify-city-manager', '--note', 'Called on his cell'], '2026-11-26T02:14:00-06:00');
  await run(['note', 'Mayor briefed by phone'], '2026-11-26T02:20:00-06:00', {
    CIC_ROLE: 'city-manager',
    CIC_NAME: 'Marcus Reed',
  });
  await run(['fact', 'set', 'incident_location=the 7700 block of Forsyth Boulevard'], '2026-11-26T02:30:00-06:00');
  await run(
    ['extend', 'video-release', '--by', 'P14D', '--reason', "Prosecutor's written request"],
    '2026-11-26T02:35:00-06:00',
    { CIC_ROLE: 'pio', CIC_NAME: 'Jo Park' },
  );
  const pio = { CIC_ROLE: 'pio', CIC_NAME: 'Jo Park' };
  const manager = { CIC_ROLE: 'city-manager', CIC_NAME: 'Marcus Reed' };
  await run(
    [
      'draft',
      'holding-statement',
      '--fact',
      'incident_summary=An officer fired at the driver of a car.',
      '--fact',
      'next_update_at=2026-11-26 06:30',
      '--fact',
      'info_url=https://www.example.gov/news',
    ],
    '2026-11-26T02:36:00-06:00',
    pio,
  );
  await run(['approve', 'holding-statement'], '2026-11-26T02:37:00-06:00');
  await run(['approve', 'holding-statement'], '2026-11-26T02:38:00-06:00', manager);
  await run(
    ['release', 'holding-statement', '--channel', 'media-email-list', '--channel', 'city-website'],
    '2026-11-26T02:39:00-06:00',
    pio,
  );
  const later = '2026-11-26T02:40:00-06:00';
  out.status = await json(['status'], later);
  out.log = await json(['log'], later);
  out.list = await json(['list'], later);
  // The one answer that differs by design: the folder keeps draft copies to compare, the database none.
  const { draft_files: draftCopies, ...verify } = (await json(['verify'], later)) as Record<string, unknown>;
  out.verify = verify;
  out.draftCopies = draftCopies;
  out.statements = await json(['statements'], later);
  const reports = join(ws, 'out');
  await run(['report', '--format', 'json,csv', '--out', reports], later);
  out.report = normalise(JSON.parse(readFileSync(join(reports, 'report-2026-0001.json'), 'utf8')));
  out.csv = readFileSync(join(reports, 'report-2026-0001.csv'), 'utf8').replace(
    /pg:\S+?(?=[,"])|\S+@\S+?(?=[,"])/g,
    'USER',
  );
  await run(['close', '--force', '--reason', 'exercise over'], '2026-11-26T03:00:00-06:00');
  out.closed = await json(['list'], '2026-11-26T03:01:00-06:00');
  return out;
}

/** What legitimately differs between the stores: who wrote each entry, and so every digest. */
function normalise(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normalise);
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'string' && /^(-1|\d+):[0-9a-f]{64}$/.test(value)) return 'HEAD';
    if (typeof value === 'string' && /^[0-9a-f]{64}$/.test(value)) return 'HASH';
    if (typeof value === 'string' && /^pg:|@/.test(value) && !value.includes(' ')) return 'USER';
    return value;
  }
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>)
      .filter(([k]) => k !== 'playbook_cache' && k !== 'saved_state')
      .map(([k, v]) => [k, k === 'user' ? 'USER' : normalise(v)]),
  );
}

describePg('the same night on the folder store and on PostgreSQL', () => {
  let server: PgServer;
  let tmp: string;
  const results: Partial<Record<Kind['name'], Record<string, unknown>>> = {};

  beforeAll(async () => {
    server = await pgServer();
    tmp = mkdtempSync(join(tmpdir(), 'cic-stores-'));
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
    rmSync(tmp, { recursive: true, force: true });
  });

  const kinds: Kind[] = [
    { name: 'folder', init: (dir) => runCic(['init', dir]) },
    {
      name: 'postgres',
      init: async (dir) => runCic(['init', dir, '--store', server.url(await server.createDatabase())]),
    },
  ];

  for (const kind of kinds) {
    test(`${kind.name}: the night runs and verifies`, async () => {
      const ws = join(tmp, kind.name);
      const init = await kind.init(ws);
      expect(init.stderr).toBe('');
      expect(init.code).toBe(0);
      const out = await night(ws);
      expect((out.verify as { ok: boolean }).ok).toBe(true);
      expect((out.verify as { entries: number }).entries).toBeGreaterThanOrEqual(6);
      results[kind.name] = out;
    });
  }

  test('both stores give the same answers', () => {
    expect(results.folder).toBeDefined();
    const { draftCopies: folderCopies, ...folder } = results.folder!;
    const { draftCopies: pgCopies, ...postgres } = results.postgres!;
    expect(postgres).toEqual(folder);
    expect(folderCopies).toEqual([]); // compared, and none differs
    expect(pgCopies).toBeUndefined(); // no copies kept: the words are the log's
  });

  test('cic store copy moves the workspace both ways, byte for byte', async () => {
    const fromFolder = join(tmp, 'folder');
    const db = await server.createDatabase();
    const toPg = await runCic(['store', 'copy', '--to', server.url(db)], { cwd: fromFolder });
    expect(toPg.stderr).toBe('');
    expect(toPg.code).toBe(0);
    expect(toPg.stdout).toMatch(/Copied incident 2026-0001: \d+ entries, byte-identical/);
    const pgLines = await server.sql<{ line: string }>(db, 'SELECT line FROM cic.entries ORDER BY seq');
    const folderText = readFileSync(join(fromFolder, 'incidents', '2026-0001', 'log.jsonl'), 'utf8');
    expect(pgLines.map((r) => `${r.line}\n`).join('')).toBe(folderText);
    // A draft's words travel in its entry: the database keeps no separate copy of them.
    expect(await server.sql(db, 'SELECT file FROM cic.drafts')).toEqual([]);

    // And back: the PostgreSQL workspace copied into a new folder.
    const back = join(tmp, 'back');
    const toDir = await runCic(['store', 'copy', '--to', back], { cwd: join(tmp, 'postgres') });
    expect(toDir.stderr).toBe('');
    expect(toDir.code).toBe(0);
    const original = await server.sql<{ line: string }>(
      dbOf(join(tmp, 'postgres')),
      'SELECT line FROM cic.entries ORDER BY seq',
    );
    expect(readFileSync(join(back, 'incidents', '2026-0001', 'log.jsonl'), 'utf8')).toBe(
      original.map((r) => `${r.line}\n`).join(''),
    );
    // The folder store's draft copies, written from the logged words (the database had none).
    const draft = join('incidents', '2026-0001', 'drafts', 'holding-statement.v1.md');
    expect(readFileSync(join(back, draft), 'utf8')).toBe(readFileSync(join(tmp, 'folder', draft), 'utf8'));
    const verify = await runCic(['verify', '--json'], { cwd: back });
    expect(verify.code).toBe(0);
    expect(JSON.parse(verify.stdout).draft_files).toEqual([]);
    const statements = await runCic(['statements', '--json'], { cwd: back });
    expect(statements.code).toBe(0);
  });

  test('a copy into a store that already holds the incident is refused and changes nothing', async () => {
    const db = dbOf(join(tmp, 'postgres'));
    const before = await server.sql<{ n: string }>(db, 'SELECT count(*) AS n FROM cic.entries');
    const again = await runCic(['store', 'copy', '--to', server.url(db)], { cwd: join(tmp, 'folder') });
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/already holds incident 2026-0001/);
    expect(await server.sql<{ n: string }>(db, 'SELECT count(*) AS n FROM cic.entries')).toEqual(before);
  });
});

/** The database a PostgreSQL workspace's cic.yaml names. */
function dbOf(ws: string): string {
  const m = /^store: "?postgres:\/\/[^/]*\/([^"?\s]+)/m.exec(readFileSync(join(ws, 'cic.yaml'), 'utf8'));
  return m![1]!;
}
