/**
 * The server's tables, as an ordered list of migrations applied once each, in one transaction
 * under an advisory lock so that two servers starting together do not race.
 */
import type { SqlExecutor } from './sql-executor.js';

/** The advisory lock class of this server (the second key is the tenant's hash, or 0). */
export const LOCK_CLASS = 0x0e5_5c;

/** Quotes a schema name after checking it is a plain lower-case identifier. */
export function quoteSchema(schema: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
    throw new Error(`Schema "${schema}" must match [a-z_][a-z0-9_]* (at most 63 characters).`);
  }
  return `"${schema}"`;
}

/** Migration `i` takes the schema from version `i` to `i + 1`; statements run one by one. */
const MIGRATIONS: readonly ((s: string) => readonly string[])[] = [
  (s) => [
    `CREATE TABLE ${s}.streams (
      tenant text NOT NULL,
      stream_id text NOT NULL,
      client_id text NOT NULL,
      acknowledged bigint NOT NULL DEFAULT 0,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant, stream_id))`,
    `CREATE INDEX streams_by_client ON ${s}.streams (tenant, client_id)`,
    `CREATE TABLE ${s}.events (
      position bigserial PRIMARY KEY,
      tenant text NOT NULL,
      stream_id text NOT NULL,
      stream_position bigint NOT NULL,
      originator_id text NOT NULL,
      originator_version bigint NOT NULL,
      topic text NOT NULL,
      state bytea NOT NULL,
      UNIQUE (tenant, stream_id, stream_position),
      UNIQUE (tenant, originator_id, originator_version))`,
    `CREATE INDEX events_by_tenant ON ${s}.events (tenant, position)`,
  ],
];

/** Creates the schema and brings its tables to the newest version. */
export async function migrate(db: SqlExecutor, schema: string): Promise<void> {
  const s = quoteSchema(schema);
  await db.transaction(async (query) => {
    await query('SELECT pg_advisory_xact_lock($1, 0)', [LOCK_CLASS]);
    await query(`CREATE SCHEMA IF NOT EXISTS ${s}`);
    await query(`CREATE TABLE IF NOT EXISTS ${s}.migrations (
      version integer PRIMARY KEY,
      applied_at timestamptz NOT NULL DEFAULT now())`);
    const [row] = await query(`SELECT coalesce(max(version), 0) AS version FROM ${s}.migrations`);
    for (let version = Number(row?.version ?? 0); version < MIGRATIONS.length; version++) {
      for (const statement of MIGRATIONS[version]?.(s) ?? []) await query(statement);
      await query(`INSERT INTO ${s}.migrations (version) VALUES ($1)`, [version + 1]);
    }
  });
}
