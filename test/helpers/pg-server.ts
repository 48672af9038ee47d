/**
 * A real PostgreSQL server for the tests that need one (docs/postgres.md, "Running the tests").
 *
 * - `CIC_TEST_PG` (a superuser URL, e.g. what `.ci/run` starts): that server is used, with a fresh
 *   database per test file.
 * - Otherwise the Debian server binaries (`/usr/lib/postgresql/N/bin`) start a throwaway cluster in
 *   a temporary folder, listening only on a unix socket there; as root it runs as the `postgres`
 *   OS user (the server refuses root).
 * - Neither: the tests skip with a one-line notice, except under CI (env CI set), where they fail.
 *
 * Logins are cluster-wide in PostgreSQL, so each test file's people get a prefix of their own.
 */
import { describe, test } from '@jest/globals';
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export interface PgServer {
  /** The socket folder (host) and port. */
  host: string;
  port: number;
  superuser: string;
  /** A URL for `user` (default the superuser) to `database`. */
  url(database: string, user?: string): string;
  /** Run SQL as `user` (default the superuser) in `database`; resolves to the rows. */
  sql<T = Record<string, unknown>>(database: string, text: string, params?: unknown[], user?: string): Promise<T[]>;
  /** A new empty database (UTF8). */
  createDatabase(): Promise<string>;
  /** A login in `cic_city` (or an outsider with `city: false`), named with this file's prefix. */
  createLogin(name: string, options?: { city?: boolean; database?: string }): Promise<string>;
  /** Only for a cluster this helper started: the postmaster's pid, kill -9 all its processes, start it again. */
  own: boolean;
  postmasterPid(): number;
  kill9(): void;
  start(): Promise<void>;
  stop(): Promise<void>;
}

const BIN_ROOT = '/usr/lib/postgresql';

function serverBin(): string | undefined {
  if (!existsSync(BIN_ROOT)) return undefined;
  const versions = readdirSync(BIN_ROOT)
    .filter((v) => existsSync(join(BIN_ROOT, v, 'bin', 'initdb')))
    .sort((a, b) => Number(a) - Number(b));
  const v = versions[versions.length - 1];
  return v === undefined ? undefined : join(BIN_ROOT, v, 'bin');
}

const isRoot = () => process.getuid?.() === 0;

/** Why there is no server here, or undefined when one can be had. */
export function pgUnavailable(): string | undefined {
  if (process.env.CIC_TEST_PG) return undefined;
  if (!serverBin()) return `no PostgreSQL server binaries under ${BIN_ROOT} and CIC_TEST_PG is not set`;
  if (isRoot() && spawnSync('id', ['-u', 'postgres']).status !== 0)
    return 'running as root and there is no postgres OS user to run the server as';
  return undefined;
}

/**
 * `describe` for suites that need PostgreSQL: skipped with a one-line notice when there is none,
 * failing under CI.
 */
export function describePg(name: string, body: () => void): void {
  const why = pgUnavailable();
  if (why === undefined) {
    describe(name, body);
    return;
  }
  if (process.env.CI) {
    describe(name, () => {
      test('PostgreSQL is available (required in CI)', () => {
        throw new Error(`PostgreSQL is needed for these tests in CI: ${why}`);
      });
    });
    return;
  }
  process.stderr.write(`skipped "${name}": ${why} (docs/postgres.md says how to run them)\n`);
  describe.skip(name, body);
}

function asServerUser(bin: string, args: string[]): string {
  const cmd = isRoot() ? 'runuser' : bin;
  const argv = isRoot() ? ['-u', 'postgres', '--', bin, ...args] : args;
  return execFileSync(cmd, argv, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** A server for this test file: CIC_TEST_PG's, or a throwaway cluster (`own: true` forces one). */
export async function pgServer(options: { own?: boolean } = {}): Promise<PgServer> {
  const prefix = `t${randomBytes(3).toString('hex')}_`;
  const given = process.env.CIC_TEST_PG;
  if (given && !options.own) {
    const u = new URL(given);
    const host = decodeURIComponent(u.hostname) || u.searchParams.get('host') || '/var/run/postgresql';
    return makeServer(host, Number(u.port || 5432), decodeURIComponent(u.username) || 'postgres', prefix, false);
  }
  const bin = serverBin();
  if (!bin) throw new Error(pgUnavailable());
  const dir = mkdtempSync(join(tmpdir(), 'cic-pg-'));
  if (isRoot()) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }));
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }));
    chownSync(dir, uid, gid);
  }
  const data = join(dir, 'data');
  asServerUser(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C']);
  const port = 20000 + Math.floor(Math.random() * 30000);
  const server = makeServer(dir, port, 'postgres', prefix, true);
  const pgctl = (...args: string[]) => asServerUser(join(bin, 'pg_ctl'), ['-D', data, ...args]);
  server.start = async () => {
    // After a kill -9, surviving backends hold the shared memory until they exit: retry a while.
    for (let attempt = 0; ; attempt++) {
      try {
        pgctl('-w', '-l', join(dir, 'log'), '-o', `-k ${dir} -p ${port} -c listen_addresses=''`, 'start');
        return;
      } catch (err) {
        if (attempt > 100) throw err;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  };
  server.stop = async () => {
    try {
      pgctl('-m', 'immediate', 'stop');
    } catch {
      // already stopped
    }
    rmSync(dir, { recursive: true, force: true });
  };
  server.postmasterPid = () => Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
  server.kill9 = () => {
    // Every process of the server at once, as a crash does: killed alone, the postmaster leaves its
    // backends and WAL writer running to finish (and write out) what they were doing, so WAL held
    // only in the server's memory would survive. Stopped first, so that it forks no one meanwhile.
    const postmaster = server.postmasterPid();
    process.kill(postmaster, 'SIGSTOP');
    for (const pid of [postmaster, ...childrenOf(postmaster)]) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  };
  await server.start();
  return server;
}

function makeServer(host: string, port: number, superuser: string, prefix: string, own: boolean): PgServer {
  const url = (database: string, user = superuser) =>
    `postgres://${encodeURIComponent(user)}@${encodeURIComponent(host)}:${port}/${database}`;
  const sql = async <T>(database: string, text: string, params: unknown[] = [], user = superuser): Promise<T[]> => {
    const client = new pg.Client({ host, port, user, database });
    client.on('error', () => undefined);
    await client.connect();
    try {
      return (await client.query(text, params)).rows as T[];
    } finally {
      await client.end().catch(() => undefined);
    }
  };
  const created: string[] = [];
  return {
    host,
    port,
    superuser,
    own,
    url,
    sql,
    async createDatabase() {
      const name = `${prefix}db${created.length}`;
      await sql('postgres', `CREATE DATABASE ${name} ENCODING 'UTF8' TEMPLATE template0`);
      created.push(name);
      return name;
    },
    async createLogin(name, options = {}) {
      const login = `${prefix}${name}`;
      await sql('postgres', `CREATE ROLE ${login} LOGIN`);
      if (options.city !== false) {
        // cic_city exists once a database has been migrated; create it if this runs first.
        await sql(
          'postgres',
          `DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'cic_city') THEN CREATE ROLE cic_city NOLOGIN; END IF; END $$`,
        );
        await sql('postgres', `GRANT cic_city TO ${login}`);
      }
      return login;
    },
    postmasterPid: () => {
      throw new Error('not a cluster this helper started');
    },
    kill9: () => {
      throw new Error('not a cluster this helper started');
    },
    start: async () => undefined,
    stop: async () => {
      for (const db of created)
        await sql('postgres', `DROP DATABASE IF EXISTS ${db} WITH (FORCE)`).catch(() => undefined);
    },
  };
}

/** The processes whose parent is `pid` (Linux: from /proc; elsewhere none). */
function childrenOf(pid: number): number[] {
  if (!existsSync('/proc')) return [];
  const out: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // pid (comm) state ppid …; comm may hold spaces and parentheses, so read after the last ')'.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) out.push(Number(name));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}
