/**
 * The little the SQL storage needs from a database driver, so that PGlite and PostgreSQL run
 * the very same statements. Rows come back as plain objects; `bigint` columns may arrive as
 * numbers (PGlite) or strings (node-postgres), so readers convert with `Number`.
 */

/** A result row, by column name. */
export type Row = Readonly<Record<string, unknown>>;

/** Runs one statement (one only: no `;`-separated lists) with `$1`-style parameters. */
export type Query = (sql: string, params?: readonly unknown[]) => Promise<Row[]>;

/** A database the SQL storage can talk to. */
export interface SqlExecutor {
  /** Runs one statement outside any explicit transaction. */
  readonly query: Query;
  /**
   * Runs `work` in one transaction on one connection: commits when it resolves, rolls back
   * when it rejects (and rejects with the same reason).
   */
  transaction<T>(work: (query: Query) => Promise<T>): Promise<T>;
  /** Releases the connection(s). */
  close(): Promise<void>;
}

/** The SQLSTATE of a driver error (both drivers put it on `code`), if there is one. */
export function sqlState(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  return typeof error.code === 'string' ? error.code : undefined;
}
