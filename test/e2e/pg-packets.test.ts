/**
 * A PostgreSQL workspace keeps nothing on the machine of the person using it unless asked:
 * `cic init --store` makes no `incidents/` folder, and `cic brief` keeps the briefing packet in the
 * database beside the entry that records its SHA-256 (src/io/pg/migrations/005-packets-model-repair.ts),
 * writing files only with `--out DIR`. The database keeps a packet only for the login that recorded
 * it and only when its Markdown hashes to the logged digest; `cic verify` catches one changed since.
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { runCic } from '../helpers/run-cic.js';
import { describePg, type PgServer } from '../helpers/pg-server.js';
import { pgWorkspace } from '../helpers/pg-workspace.js';

const MANAGER = { CIC_ROLE: 'city-manager', CIC_NAME: 'Sam Reed' };
const at = (hour: number) => `2026-11-26T${String(hour).padStart(2, '0')}:00:00-06:00`;
const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/** Every file and folder under `root`, relative, sorted. */
function tree(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      out.push(relative(root, path));
      if (statSync(path).isDirectory()) walk(path);
    }
  };
  walk(root);
  return out.sort();
}

describePg('briefing packets on a PostgreSQL workspace', () => {
  let server: PgServer;
  let tmp: string;
  let ws: string;
  let db: string;
  let afterInit: string[];
  const login: Record<string, string> = {};

  const cic = (who: string, args: string[], hour: number) =>
    runCic(args, {
      cwd: ws,
      env: { CIC_NOW: at(hour), CIC_DATABASE_URL: server.url(db, login[who]), ...MANAGER },
    });
  const ok = async (who: string, args: string[], hour: number) => {
    const r = await cic(who, args, hour);
    if (r.code !== 0) throw new Error(`cic ${args.join(' ')} exited ${r.code}\n${r.stdout}\n${r.stderr}`);
    return r;
  };
  type Row = { packet: number; seq: string; file: string; body: string; written_by: string };
  const packets = () =>
    server.sql<Row>(db, 'SELECT packet, seq, file, body, written_by FROM cic.packets ORDER BY packet, file');
  /** The `board.briefed` entries' data, by seq. */
  const briefed = async () =>
    new Map(
      (
        await server.sql<{ seq: string; line: string }>(
          db,
          `SELECT seq, line FROM cic.entries WHERE line LIKE '%"type":"board.briefed"%' ORDER BY seq`,
        )
      ).map((r) => [r.seq, (JSON.parse(r.line) as { data: { packet: number; sha256: string } }).data]),
    );

  beforeAll(async () => {
    ({ server, tmp, db, ws } = await pgWorkspace('cic-pgpackets-'));
    afterInit = tree(ws);
    login.manager = await server.createLogin('manager');
    login.pio = await server.createLogin('pio');
    await ok('manager', ['open', '--title', 'Officer-involved shooting', '--tier', 'tier-1'], 2);
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
    rmSync(tmp, { recursive: true, force: true });
  });

  test('cic init --store makes no incidents/ folder, and opening an incident makes none either', () => {
    expect(existsSync(join(ws, 'incidents'))).toBe(false);
    expect(afterInit).toContain('cic.yaml');
    expect(afterInit).toContain('playbook.yaml');
    expect(tree(ws)).toEqual(afterInit);
  });

  test('cic brief keeps the packet in the database beside its entry; nothing is written on this machine', async () => {
    const r = await ok('manager', ['brief', 'board', '--to', 'Ald. Reyes', '--to', 'Ald. Chen'], 4);
    expect(r.stdout).toContain(
      'Briefing packet 1 for the Board of Aldermen recorded as sent to Ald. Reyes, Ald. Chen.',
    );
    expect(r.stdout).toContain('packet-1-2026-11-26-0400.md (in the database)');
    expect(r.stdout).toContain('packet-1-2026-11-26-0400.html (in the database)');
    expect(r.stdout).toContain(
      'Nothing was written on this machine. For files to send: cic packets 2026-0001 --out DIR',
    );
    expect(r.stdout).not.toContain('Wrote');
    expect(tree(ws)).toEqual(afterInit);

    const rows = await packets();
    expect(rows.map((p) => [p.packet, p.file, p.written_by])).toEqual([
      [1, 'packet-1-2026-11-26-0400.html', login.manager],
      [1, 'packet-1-2026-11-26-0400.md', login.manager],
    ]);
    // The Markdown kept is the one whose digest the entry recorded.
    const entry = (await briefed()).get(rows[0]!.seq)!;
    expect(entry.packet).toBe(1);
    expect(sha256(rows.find((p) => p.file.endsWith('.md'))!.body)).toBe(entry.sha256);
    expect(rows.find((p) => p.file.endsWith('.md'))!.body).toContain('Board of Aldermen');
    expect(rows.find((p) => p.file.endsWith('.html'))!.body).toMatch(/^<!doctype html>/i);

    const verify = await ok('pio', ['verify', '--json'], 5);
    expect(JSON.parse(verify.stdout).packet_files).toBeUndefined();
  });

  test('--out DIR writes the files there as well, the same words the database keeps', async () => {
    // A file where the folder should be is refused before anything is recorded.
    const aFile = join(tmp, 'a-file');
    writeFileSync(aFile, '');
    const refused = await cic('manager', ['brief', 'board', '--to', 'Ald. Reyes', '--out', aFile], 6);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('is a file, not a folder; nothing was recorded');
    expect((await briefed()).size).toBe(1);

    const out = join(tmp, 'to-send');
    const r = await ok('manager', ['brief', 'board', '--to', 'Ald. Reyes', '--out', out], 6);
    expect(r.stdout).toContain(`Wrote ${join(out, 'packet-2-2026-11-26-0600.md')} and`);
    expect(r.stdout).toContain('packet-2-2026-11-26-0600.md (in the database)');
    expect(r.stdout).not.toContain('Nothing was written');
    expect(readdirSync(out).sort()).toEqual(['packet-2-2026-11-26-0600.html', 'packet-2-2026-11-26-0600.md']);
    const kept = (await packets()).filter((p) => p.packet === 2);
    for (const p of kept) expect(readFileSync(join(out, p.file), 'utf8')).toBe(p.body);
    expect(readFileSync(join(out, 'packet-2-2026-11-26-0600.md'), 'utf8')).toContain('What changed since packet 1');
    expect(tree(ws)).toEqual(afterInit);
  });

  test('cic packets lists what was sent and, with --out DIR, writes the kept files there (never over other contents)', async () => {
    const listed = JSON.parse((await ok('pio', ['packets', '--json'], 6)).stdout) as {
      packets: { packet: number; to: string[]; files: { file: string; state: string }[] }[];
    };
    expect(listed.packets.map((p) => [p.packet, p.to, p.files.map((f) => [f.file, f.state])])).toEqual([
      [
        1,
        ['Ald. Reyes', 'Ald. Chen'],
        [
          ['packet-1-2026-11-26-0400.md', 'ok'],
          ['packet-1-2026-11-26-0400.html', 'html'],
        ],
      ],
      [
        2,
        ['Ald. Reyes'],
        [
          ['packet-2-2026-11-26-0600.md', 'ok'],
          ['packet-2-2026-11-26-0600.html', 'html'],
        ],
      ],
    ]);
    const out = join(tmp, 'for-the-clerk');
    const r = await ok('pio', ['packets', '--out', out], 6);
    expect(r.stdout).toContain('packet-1-2026-11-26-0400.md  the words its entry records →');
    for (const p of await packets()) expect(readFileSync(join(out, p.file), 'utf8')).toBe(p.body);
    expect(tree(ws)).toEqual(afterInit);
    // Again: the same files are already there, nothing to change.
    expect((await cic('pio', ['packets', '--out', out], 6)).code).toBe(0);
    // A file there with other contents is never overwritten: nothing is written.
    const other = join(tmp, 'other');
    mkdirSync(other);
    writeFileSync(join(other, 'packet-2-2026-11-26-0600.html'), 'somebody else’s file');
    const clash = await cic('pio', ['packets', '--out', other], 6);
    expect(clash.code).toBe(2);
    expect(clash.stderr).toContain(
      'packet-2-2026-11-26-0600.html is already there with other contents; nothing was written',
    );
    expect(readdirSync(other)).toEqual(['packet-2-2026-11-26-0600.html']);
  });

  test('the database keeps a packet only for the login that recorded it, only words that hash to its digest (raw SQL)', async () => {
    const [row] = (await packets()).filter((p) => p.file.endsWith('.md') && p.packet === 2);
    const put = (who: string, md: string, stamp: string) =>
      server
        .sql(
          db,
          'SELECT cic.put_packet($1, $2, $3, $4, $5, $6)',
          ['2026-0001', row!.seq, `packet-2-${stamp}.md`, md, `packet-2-${stamp}.html`, '<p>x</p>'],
          login[who],
        )
        .then(
          () => 'kept',
          (err: Error) => err.message,
        );
    expect(await put('pio', row!.body, '2026-11-26-0601')).toContain(
      `packet 2 of incident 2026-0001 was recorded by ${login.manager}; only that login keeps it`,
    );
    expect(await put('manager', `${row!.body}\nAlso: a forged line.`, '2026-11-26-0602')).toContain(
      'does not hash to the SHA-256 entry',
    );
    // Not beside an entry that records a packet.
    const notPacket = await server
      .sql(
        db,
        'SELECT cic.put_packet($1, 0, $2, $3, $4, $5)',
        ['2026-0001', 'packet-9-2026-11-26-0603.md', 'x', 'packet-9-2026-11-26-0603.html', 'x'],
        login.manager,
      )
      .then(
        () => 'kept',
        (err: Error) => err.message,
      );
    expect(notPacket).toContain('does not record a briefing packet');
    const update = await server.sql(db, "UPDATE cic.packets SET body = 'x'", [], login.manager).then(
      () => 'updated',
      (err: Error) => err.message,
    );
    expect(update).toContain('permission denied');
    const ownerDelete = await server.sql(db, 'DELETE FROM cic.packets').then(
      () => 'deleted',
      (err: Error) => err.message,
    );
    expect(ownerDelete).toContain('the record is append-only');
    expect(await packets()).toHaveLength(4);
  });

  test('a packet changed in the database is caught by cic verify at its entry (exit 3), and passes again once restored', async () => {
    const md = (await packets()).find((p) => p.packet === 1 && p.file.endsWith('.md'))!;
    const setBody = async (body: string) => {
      await server.sql(db, 'ALTER TABLE cic.packets DISABLE TRIGGER no_rewrite');
      await server.sql(db, 'UPDATE cic.packets SET body = $1 WHERE file = $2', [body, md.file]);
      await server.sql(db, 'ALTER TABLE cic.packets ENABLE ALWAYS TRIGGER no_rewrite');
    };
    await setBody(md.body.replace('Board of Aldermen', 'Board of Aldermen (as amended)'));
    const json = await cic('pio', ['verify', '--json'], 7);
    expect(json.code).toBe(3);
    expect(JSON.parse(json.stdout).packet_files).toEqual([
      { file: md.file, packet: 1, problem: 'differs', seq: Number(md.seq) },
    ]);
    const text = await cic('pio', ['verify'], 7);
    expect(text.code).toBe(3);
    expect(text.stdout).toContain(`${md.file} is not briefing packet 1 as sent`);
    expect(text.stderr).toContain(`its SHA-256 is not the one entry #${md.seq} recorded`);
    expect(text.stderr).not.toMatch(/\n\s+at /);

    // cic packets says so too, and does not hand out a changed packet as the one sent.
    const out = join(tmp, 'after-change');
    const listed = await cic('pio', ['packets', '--out', out], 7);
    expect(listed.code).toBe(3);
    expect(listed.stdout).toContain(`${md.file}  DIFFERS from the SHA-256 its entry recorded`);
    // Nothing of that packet is handed out; the others are.
    expect(readdirSync(out).sort()).toEqual(['packet-2-2026-11-26-0600.html', 'packet-2-2026-11-26-0600.md']);

    await setBody(md.body);
    expect((await cic('pio', ['verify'], 8)).code).toBe(0);
    expect((await cic('pio', ['packets'], 8)).code).toBe(0);
  });
  test('a packet that cannot be kept after its entry was recorded is not lost: cic says so and where its files are (exit 6)', async () => {
    const fn = 'cic.put_packet(text, bigint, text, text, text, text)';
    await server.sql(db, `REVOKE EXECUTE ON FUNCTION ${fn} FROM cic_city`);
    try {
      const r = await cic('manager', ['brief', 'board', '--to', 'Ald. Chen'], 9);
      expect(r.code).toBe(6);
      expect(r.stdout).toContain('Briefing packet 3 for the Board of Aldermen recorded as sent to Ald. Chen.');
      expect(r.stderr).toContain('briefing packet 3 (entry #');
      expect(r.stderr).toContain('WAS recorded as sent, but the packet could not be kept in the database');
      expect(r.stderr).not.toMatch(/\n\s+at /);
      const dir = /Its files are in (\S+) \(the only copy/.exec(r.stderr)![1]!;
      try {
        const md = readFileSync(join(dir, 'packet-3-2026-11-26-0900.md'), 'utf8');
        expect(statSync(join(dir, 'packet-3-2026-11-26-0900.md')).mode & 0o777).toBe(0o600);
        const entry = [...(await briefed()).values()].find((d) => d.packet === 3)!;
        expect(sha256(md)).toBe(entry.sha256);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
      expect((await packets()).filter((p) => p.packet === 3)).toEqual([]);
      expect(tree(ws)).toEqual(afterInit);
    } finally {
      await server.sql(db, `GRANT EXECUTE ON FUNCTION ${fn} TO cic_city`);
    }
  });
  test('cic store copy moves the packets kept, byte for byte: into a folder and from it into another database', async () => {
    const rows = await packets();
    const folder = join(tmp, 'copied');
    const dba = { CIC_NOW: at(10), CIC_DATABASE_URL: server.url(db) };
    const out = await runCic(['store', 'copy', '--to', folder], { cwd: ws, env: dba });
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    expect(out.stdout).toMatch(/Copied incident 2026-0001: \d+ entries and 2 briefing packets, byte-identical/);
    const dir = join(folder, 'incidents', '2026-0001', 'briefings');
    expect(readdirSync(dir).sort()).toEqual(rows.map((p) => p.file).sort());
    for (const p of rows) expect(readFileSync(join(dir, p.file), 'utf8')).toBe(p.body);
    expect(
      (await runCic(['verify'], { cwd: folder, env: { CIC_NOW: at(10), CIC_DATABASE_URL: undefined } })).code,
    ).toBe(0);

    const db2 = await server.createDatabase();
    const into = await runCic(['store', 'copy', '--to', server.url(db2)], {
      cwd: folder,
      env: { CIC_NOW: at(10), CIC_DATABASE_URL: undefined },
    });
    expect(into.stderr).toBe('');
    expect(into.code).toBe(0);
    // Beside the same entries; written by the DBA who copied them, as the copied entries are.
    expect(
      await server.sql<Row>(db2, 'SELECT packet, seq, file, body, written_by FROM cic.packets ORDER BY packet, file'),
    ).toEqual(rows.map((p) => ({ ...p, written_by: server.superuser })));
    expect(
      (await runCic(['verify'], { cwd: ws, env: { CIC_NOW: at(10), CIC_DATABASE_URL: server.url(db2) } })).code,
    ).toBe(0);

    // A packet file changed in the folder is not the one its entry records: it stays behind, named.
    const md1 = rows.find((p) => p.packet === 1 && p.file.endsWith('.md'))!;
    writeFileSync(join(dir, md1.file), `${md1.body}\nAdded later.\n`);
    const db3 = await server.createDatabase();
    const partial = await runCic(['store', 'copy', '--to', server.url(db3)], {
      cwd: folder,
      env: { CIC_NOW: at(10), CIC_DATABASE_URL: undefined },
    });
    expect(partial.code).toBe(0);
    expect(partial.stdout).toContain(
      'Not copied: briefing packet 1 of incident 2026-0001: it is not the packet its entry records',
    );
    expect(partial.stdout).toMatch(/entries and 1 briefing packet, byte-identical/);
    expect(await server.sql(db3, 'SELECT DISTINCT packet FROM cic.packets')).toEqual([{ packet: 2 }]);
  });
});
