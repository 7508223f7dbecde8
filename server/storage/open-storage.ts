/**
 * Opens the configured storage: PostgreSQL when a connection URL is given, else PGlite in the
 * data directory. Both run `SqlSyncStorage`, the same SQL.
 */
import { join } from 'node:path';
import { openPGliteExecutor } from './pglite-executor.js';
import { openPostgresExecutor } from './postgres-executor.js';
import { SqlSyncStorage } from './sql-sync-storage.js';
import type { SyncStorage } from './sync-storage.js';

/** Where to keep the logs. */
export interface StorageOptions {
  /** A `postgres://` URL; when absent, PGlite in `dataDir` is used. */
  readonly databaseUrl?: string | undefined;
  /** The server's data directory; PGlite keeps its database in `<dataDir>/pglite`. */
  readonly dataDir: string;
  /** The schema holding the tables (created if missing). */
  readonly schema: string;
}

/** Opens and migrates the storage `options` describe. */
export async function openStorage(options: StorageOptions): Promise<SyncStorage> {
  const db = options.databaseUrl
    ? await openPostgresExecutor(options.databaseUrl)
    : await openPGliteExecutor(join(options.dataDir, 'pglite'));
  try {
    return await SqlSyncStorage.open(db, options.schema);
  } catch (error) {
    await db.close();
    throw error;
  }
}

/** A short description of the storage for logs: never the URL, which may hold a password. */
export function describeStorage(options: StorageOptions): string {
  return options.databaseUrl
    ? `postgresql (schema ${options.schema})`
    : `pglite at ${join(options.dataDir, 'pglite')} (schema ${options.schema})`;
}
