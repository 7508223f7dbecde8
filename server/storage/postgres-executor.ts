/**
 * PostgreSQL through node-postgres as an `SqlExecutor`: the production storage, reached by a
 * connection URL. A pool, one connection per transaction.
 */
import pg from 'pg';
import type { Query, SqlExecutor } from './sql-executor.js';

/** Connects a pool to `url` and checks that the server answers. */
export async function openPostgresExecutor(url: string): Promise<SqlExecutor> {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  // An idle client's error (the server restarted) must not crash the process.
  pool.on('error', () => undefined);
  await pool.query('SELECT 1');
  const query: Query = async (sql, params) =>
    (await pool.query(sql, params ? [...params] : [])).rows as never;
  return {
    query,
    async transaction(work) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await work(
          async (sql, params) => (await client.query(sql, params ? [...params] : [])).rows as never,
        );
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}
