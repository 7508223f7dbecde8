/**
 * The two storages every server test runs against: PGlite in a fresh data directory, and the
 * PostgreSQL at 127.0.0.1:5432 (database `test`, or `OES_TEST_POSTGRES_URL`) in a fresh schema
 * dropped afterwards. PostgreSQL is required: if it cannot be reached the tests fail.
 */
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { StorageTarget } from './server-process.js';

/** The PostgreSQL the tests use. */
export const POSTGRES_URL =
  process.env.OES_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Creates, backs up, restores and disposes of one storage kind. */
export interface StorageFixture {
  readonly name: 'PGlite' | 'PostgreSQL';
  create(): Promise<StorageTarget>;
  /** Copies the storage aside (the server must be stopped). */
  backup(target: StorageTarget): Promise<void>;
  /** Puts the copy back, as a restore from an older backup would (the server must be stopped). */
  restore(target: StorageTarget): Promise<void>;
  dispose(target: StorageTarget): Promise<void>;
}

const pglite: StorageFixture = {
  name: 'PGlite',
  async create() {
    return { kind: 'pglite', dataDir: await mkdtemp(join(tmpdir(), 'oes-sync-')) };
  },
  async backup(target) {
    const dir = dataDirOf(target);
    await cp(dir, `${dir}.backup`, { recursive: true });
  },
  async restore(target) {
    const dir = dataDirOf(target);
    await rm(dir, { recursive: true, force: true });
    await cp(`${dir}.backup`, dir, { recursive: true });
  },
  async dispose(target) {
    const dir = dataDirOf(target);
    await rm(dir, { recursive: true, force: true });
    await rm(`${dir}.backup`, { recursive: true, force: true });
  },
};

const postgres: StorageFixture = {
  name: 'PostgreSQL',
  async create() {
    const schema = `oes_test_${crypto.randomUUID().replace(/-/g, '').slice(0, 16)}`;
    await withPostgres(() => Promise.resolve()); // fail now, loudly, if it is unreachable
    return { kind: 'postgres', url: POSTGRES_URL, schema };
  },
  backup: (target) =>
    withPostgres(async (db) => {
      const { s, copy } = schemasOf(target);
      await db.query(`CREATE SCHEMA ${copy}`);
      await db.query(`CREATE TABLE ${copy}.events AS TABLE ${s}.events`);
      await db.query(`CREATE TABLE ${copy}.streams AS TABLE ${s}.streams`);
      await db.query(
        `CREATE TABLE ${copy}.seq AS SELECT last_value, is_called FROM ${s}.events_position_seq`,
      );
    }),
  restore: (target) =>
    withPostgres(async (db) => {
      const { s, copy } = schemasOf(target);
      await db.query(`TRUNCATE ${s}.events, ${s}.streams`);
      await db.query(`INSERT INTO ${s}.events SELECT * FROM ${copy}.events`);
      await db.query(`INSERT INTO ${s}.streams SELECT * FROM ${copy}.streams`);
      await db.query(
        `SELECT setval('${s}.events_position_seq', last_value, is_called) FROM ${copy}.seq`,
      );
    }),
  dispose: (target) =>
    withPostgres(async (db) => {
      const { s, copy } = schemasOf(target);
      await db.query(`DROP SCHEMA IF EXISTS ${s} CASCADE`);
      await db.query(`DROP SCHEMA IF EXISTS ${copy} CASCADE`);
    }),
};

/** Both storages, PGlite first. */
export const STORAGES: readonly StorageFixture[] = [pglite, postgres];

async function withPostgres(work: (db: pg.Client) => Promise<void>): Promise<void> {
  const db = new pg.Client({ connectionString: POSTGRES_URL });
  try {
    await db.connect();
  } catch (error) {
    throw new Error(
      `PostgreSQL is required for these tests and ${POSTGRES_URL} is unreachable. Start it, or set OES_TEST_POSTGRES_URL.`,
      { cause: error },
    );
  }
  try {
    await work(db);
  } finally {
    await db.end();
  }
}

function dataDirOf(target: StorageTarget): string {
  if (target.kind !== 'pglite') throw new Error('Not a PGlite target.');
  return target.dataDir;
}

function schemasOf(target: StorageTarget): { s: string; copy: string } {
  if (target.kind !== 'postgres') throw new Error('Not a PostgreSQL target.');
  return { s: target.schema, copy: `${target.schema}_backup` };
}
