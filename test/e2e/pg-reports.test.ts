/**
 * Reports on a PostgreSQL workspace live in the database (no side files on one person's
 * machine); `cic report --out DIR` writes files where asked.
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { runCic } from '../helpers/run-cic.js';
import { describePg, type PgServer } from '../helpers/pg-server.js';
import { pgWorkspace } from '../helpers/pg-workspace.js';

const ENV = { CIC_NOW: '2026-11-26T02:05:00-06:00', CIC_ROLE: 'police-chief', CIC_NAME: 'Lena Ortiz' };

describePg('reports on a PostgreSQL workspace', () => {
  let server: PgServer;
  let tmp: string;
  let ws: string;
  let db: string;

  beforeAll(async () => {
    ({ server, tmp, db, ws } = await pgWorkspace('cic-pgreports-'));
    expect((await runCic(['open', '--title', 'Stop on Forsyth', '--tier', 'tier-3'], { cwd: ws, env: ENV })).code).toBe(
      0,
    );
    expect((await runCic(['note', 'Mayor briefed'], { cwd: ws, env: ENV })).code).toBe(0);
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
    rmSync(tmp, { recursive: true, force: true });
  });

  const stored = () =>
    server.sql<{ file: string; body: Buffer }>(db, 'SELECT file, body FROM cic.reports ORDER BY file');

  test('cic report keeps every format in the database, says so, and writes no local file', async () => {
    const r = await runCic(['report'], { cwd: ws, env: ENV });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/report-2026-0001\.md \(in the database\)/);
    expect(r.stdout).toMatch(/Kept in postgres:\/\/.*\. For files: cic report 2026-0001 --out DIR/);
    expect((await stored()).map((x) => x.file)).toEqual([
      'report-2026-0001.csv',
      'report-2026-0001.html',
      'report-2026-0001.json',
      'report-2026-0001.md',
    ]);
    expect(existsSync(join(ws, 'incidents', '2026-0001', 'reports'))).toBe(false);
  });

  test('a later report replaces the one kept; --out writes the same text as files, where asked', async () => {
    expect((await runCic(['note', 'Council briefed'], { cwd: ws, env: ENV })).code).toBe(0);
    expect((await runCic(['report', '--format', 'md'], { cwd: ws, env: ENV })).code).toBe(0);
    const md = (await stored()).find((x) => x.file === 'report-2026-0001.md')!.body.toString('utf8');
    expect(md).toMatch(/Council briefed/);
    const out = join(tmp, 'files');
    const r = await runCic(['report', '--format', 'md,json', '--out', out], { cwd: ws, env: ENV });
    expect(r.code).toBe(0);
    expect(readFileSync(join(out, 'report-2026-0001.md'), 'utf8')).toBe(md);
    expect(existsSync(join(out, 'report-2026-0001.json'))).toBe(true);
    expect(existsSync(join(ws, 'incidents', '2026-0001', 'reports'))).toBe(false);
  });
});
