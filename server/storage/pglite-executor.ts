/**
 * PGlite (Postgres compiled to WebAssembly) as an `SqlExecutor`: the embedded default, one data
 * directory and nothing to install. It is a single connection, so transactions queue.
 */
import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import type { Query, SqlExecutor } from './sql-executor.js';

/** Opens (creating if need be) the PGlite database in `dataDir`. */
export async function openPGliteExecutor(dataDir: string): Promise<SqlExecutor> {
  await mkdir(dataDir, { recursive: true });
  const db = await PGlite.create(dataDir);
  const query: Query = async (sql, params) =>
    (await db.query(sql, params ? [...params] : [])).rows as never;
  return {
    query,
    transaction: (work) =>
      db.transaction((tx) =>
        work(async (sql, params) => (await tx.query(sql, params ? [...params] : [])).rows as never),
      ),
    close: () => db.close(),
  };
}
