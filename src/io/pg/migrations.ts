/**
 * The PostgreSQL schema's versions, applied in order by `cic init --store URL` and
 * `cic store migrate`: each in its own transaction under an advisory lock, recorded in
 * `cic_schema.migrations` with the SHA-256 of its text. cic refuses a database whose schema is
 * newer than it knows, and one whose applied migrations differ from the text shipped here.
 */
import { createHash } from 'node:crypto';
import { InputError } from '../../core/errors.js';
import type { PgClient } from './connect.js';
import * as v1 from './migrations/001-incident-log.js';
import * as v2 from './migrations/002-state-roster-import.js';
import * as v3 from './migrations/003-playbook-models.js';
import * as v4 from './migrations/004-kept-state-guard.js';
import * as v5 from './migrations/005-packets-model-repair.js';

interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: v1.name, sql: v1.sql },
  { version: 2, name: v2.name, sql: v2.sql },
  { version: 3, name: v3.name, sql: v3.sql },
  { version: 4, name: v4.name, sql: v4.sql },
  { version: 5, name: v5.name, sql: v5.sql },
];
export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;

const sha = (text: string) => createHash('sha256').update(text).digest('hex');
const LOCK = 'SELECT pg_advisory_xact_lock(hashtext($1))';

const BOOKKEEPING = `
CREATE SCHEMA IF NOT EXISTS cic_schema;
CREATE TABLE IF NOT EXISTS cic_schema.migrations (
  version int PRIMARY KEY,
  name text NOT NULL,
  sha256 text NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  applied_by name NOT NULL DEFAULT session_user
);`;

export interface MigrateResult {
  from: number;
  to: number;
  applied: number[];
}

/** The schema version the database is at (0: never migrated), checked against this cic. */
export async function schemaVersion(client: PgClient): Promise<number> {
  const exists = await client.query<{ t: string | null }>("SELECT to_regclass('cic_schema.migrations')::text AS t");
  if (exists.rows[0]?.t == null) return 0;
  const r = await client.query<{ v: number }>('SELECT coalesce(max(version), 0) AS v FROM cic_schema.migrations');
  return r.rows[0]?.v ?? 0;
}

/** Refuse a database this cic cannot use as it is: not migrated, behind, or ahead. */
export function checkVersion(version: number, where: string): void {
  if (version > SCHEMA_VERSION)
    throw new InputError(
      `${where} holds a cic schema of version ${version}, newer than this cic knows (${SCHEMA_VERSION})`,
      'Upgrade cic; an older cic never writes to a newer schema.',
    );
  if (version < SCHEMA_VERSION)
    throw new InputError(
      version === 0
        ? `${where} has no cic schema yet`
        : `${where} holds cic schema version ${version}; this cic needs ${SCHEMA_VERSION}`,
      'A DBA (a login that may create roles and schemas) runs `cic store migrate` once.',
    );
}

/** Apply every migration the database lacks, in order; refuse a newer or altered schema. */
export async function migrate(client: PgClient, where: string): Promise<MigrateResult> {
  const before = await schemaVersion(client);
  if (before > SCHEMA_VERSION) checkVersion(before, where);
  if (before === SCHEMA_VERSION) {
    // Up to date: only read, so that anyone (not just a DBA) may run `cic init --store` against it.
    const rows = await client.query<{ version: number; sha256: string }>(
      'SELECT version, sha256 FROM cic_schema.migrations',
    );
    for (const r of rows.rows) {
      const m = MIGRATIONS.find((x) => x.version === r.version);
      if (m && sha(m.sql) !== r.sha256) throw altered(where, m);
    }
    return { from: before, to: before, applied: [] };
  }
  if (before === 0) {
    await client.query('BEGIN');
    try {
      await client.query(LOCK, ['cic.migrate']);
      await client.query(BOOKKEEPING);
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    }
  }
  const from = await schemaVersion(client);
  const applied: number[] = [];
  for (const m of MIGRATIONS) {
    await client.query('BEGIN');
    try {
      await client.query(LOCK, ['cic.migrate']);
      const done = await client.query<{ sha256: string }>(
        'SELECT sha256 FROM cic_schema.migrations WHERE version = $1',
        [m.version],
      );
      if (done.rows[0]) {
        if (done.rows[0].sha256 !== sha(m.sql)) throw altered(where, m);
      } else {
        await client.query(m.sql);
        await client.query('INSERT INTO cic_schema.migrations (version, name, sha256) VALUES ($1, $2, $3)', [
          m.version,
          m.name,
          sha(m.sql),
        ]);
        applied.push(m.version);
      }
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    }
  }
  return { from, to: SCHEMA_VERSION, applied };
}

function altered(where: string, m: Migration): InputError {
  return new InputError(
    `${where}: migration ${m.version} (${m.name}) was applied from a different text than this cic ships`,
    'Compare the cic versions that have migrated this database; nothing was changed.',
  );
}
