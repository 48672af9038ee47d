/**
 * One connection to the city's PostgreSQL per cic run, set up the way libpq users expect: the URL
 * from `cic.yaml` or `CIC_DATABASE_URL`, and for whatever it leaves out PGHOST, PGPORT, PGUSER,
 * PGDATABASE, PGPASSWORD, PGSSLMODE, PGCONNECT_TIMEOUT and ~/.pgpass (PGPASSFILE), read by `pg`
 * itself or here (docs/postgres.md).
 *
 * `pg` is imported only when a command first talks to the database, so a folder workspace never
 * loads it.
 */
import { createRequire } from 'node:module';
import type { Client, ClientConfig } from 'pg';
import { BusyError, InputError, PermissionError } from '../../core/errors.js';

/** What a message may say about where the server is: never the password. */
export interface ServerAddress {
  host: string;
  port: number;
  database: string;
  user: string;
}

export type PgClient = Client;

/** A postgres:// or postgresql:// URL, as given in `store:` or CIC_DATABASE_URL. */
export function isPostgresUrl(text: string): boolean {
  return /^postgres(ql)?:\/\//i.test(text);
}

/**
 * Connect, or fail with a message that names the server (host and port) and no stack trace:
 * exit 5 when it cannot be reached (nothing was recorded; try again), exit 4 when it refuses
 * this login.
 */
export async function connect(url: string, env: NodeJS.ProcessEnv = process.env): Promise<PgClient> {
  // Required from node_modules, not bundled: pg's optional requires (pg-native, pg-cloudflare) stay
  // where pg expects them. Bundling it measured no faster (its load is mostly Node's own modules).
  const ClientClass = (createRequire(import.meta.url)('pg') as typeof import('pg')).Client;
  const config: ClientConfig = {
    connectionString: url,
    // Durable before "recorded": a session may not turn synchronous commit off (docs/postgres.md).
    options: '-c synchronous_commit=on -c lock_timeout=10s -c statement_timeout=120s',
    application_name: 'cic',
  };
  if (env.PGCONNECT_TIMEOUT === undefined) config.connectionTimeoutMillis = 10_000;
  const client = new ClientClass(config);
  const address = addressOf(client);
  if (!hasPassword(url, env)) {
    (client as unknown as { password: unknown }).password = () => passwordFromFile(address, env);
  }
  // A server that dies mid-session emits 'error' on the client; the query in flight rejects too.
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (err) {
    await client.end().catch(() => undefined);
    throw connectError(err as PgError, address);
  }
  return client;
}

export function addressOf(client: PgClient): ServerAddress {
  const c = client as unknown as { host: string; port: number; database: string; user: string };
  return { host: c.host, port: c.port, database: c.database, user: c.user };
}

export function describeAddress(a: ServerAddress): string {
  const host = a.host.startsWith('/') ? `socket ${a.host}` : a.host;
  return `${host} port ${a.port}, database ${a.database}, as ${a.user}`;
}

function hasPassword(url: string, env: NodeJS.ProcessEnv): boolean {
  if (env.PGPASSWORD) return true;
  try {
    return new URL(url).password !== '';
  } catch {
    return false;
  }
}

/** ~/.pgpass (or PGPASSFILE), as libpq reads it; undefined when no line matches. */
async function passwordFromFile(a: ServerAddress, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  const pgpass = createRequire(import.meta.url)('pgpass') as (
    conn: Record<string, unknown>,
    cb: (pass: string | undefined) => void,
  ) => void;
  if (env !== process.env && env.PGPASSFILE) process.env.PGPASSFILE = env.PGPASSFILE;
  return new Promise((resolve) => pgpass({ ...a }, resolve));
}

export interface PgError extends Error {
  code?: string;
  constraint?: string;
  detail?: string;
  hint?: string;
}

/** A failure to connect, in words a city's DBA and a PIO can both act on. */
export function connectError(err: PgError, a: ServerAddress): Error {
  const where = `the PostgreSQL server at ${describeAddress(a)}`;
  const code = err.code ?? '';
  if (code === '28P01' || code === '28000')
    return new PermissionError(
      `${where} refused the login: ${err.message}`,
      'Check the login and its password (PGPASSWORD or ~/.pgpass); nothing was recorded.',
    );
  if (code === '3D000')
    return new InputError(
      `${where}: ${err.message}`,
      'Check the database name in cic.yaml (store:) or CIC_DATABASE_URL.',
    );
  if (/self.signed|certificate|SSL|TLS/i.test(err.message))
    return new BusyError(
      `cannot open a secure connection to ${where}: ${err.message}`,
      'Check sslmode (PGSSLMODE or ?sslmode= in the URL) with the city DBA; nothing was recorded.',
    );
  return new BusyError(
    `cannot reach ${where} (${code || err.message}); nothing was recorded`,
    'Check that the server is running and reachable from here (host, port, firewall), then try again.',
  );
}
