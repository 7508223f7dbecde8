import { OperationalError } from '../../errors.js';
import { migrate, schemaVersion } from './schema.js';
import { translateError } from './translate-error.js';

/**
 * One lazily opened connection to a named database. It lets go of the connection when a
 * newer version wants to upgrade (`versionchange`) or the browser drops it (`close`: site
 * data cleared, Safari's "connection lost"), and the next call opens a fresh one.
 */
export class Connection {
  readonly #name: string;
  readonly #factory: IDBFactory;
  #database: Promise<IDBDatabase> | undefined;

  constructor(name: string, factory: IDBFactory) {
    this.#name = name;
    this.#factory = factory;
  }

  /** The open database, opening (and upgrading) it first if needed. */
  database(): Promise<IDBDatabase> {
    this.#database ??= this.#open();
    return this.#database;
  }

  /** Forgets the current connection (after it was found closing), so the next call reopens. */
  reset(): void {
    const current = this.#database;
    this.#database = undefined;
    current
      ?.then((db) => {
        db.close();
      })
      .catch(() => undefined);
  }

  /** Closes the connection; a later `database()` would open a new one. */
  close(): void {
    this.reset();
  }

  #open(): Promise<IDBDatabase> {
    const opening = openDatabase(this.#factory, this.#name, schemaVersion, migrate, (db) => {
      this.#watch(db);
    });
    // A failed open is not cached: the next call tries again.
    opening.catch(() => {
      if (this.#database === opening) this.#database = undefined;
    });
    return opening;
  }

  #watch(db: IDBDatabase): void {
    const forget = () => {
      void this.#database?.then((current) => {
        if (current === db) this.#database = undefined;
      });
    };
    // Close at once so that a newer tab can upgrade; this connection's next call reopens.
    db.onversionchange = () => {
      db.close();
      forget();
    };
    db.onclose = forget;
  }
}

/**
 * Opens `name` at `version`, running `upgrade` from the version found; a blocked upgrade
 * rejects with `OperationalError` at once, never hangs.
 */
export function openDatabase(
  factory: IDBFactory,
  name: string,
  version: number,
  upgrade: (db: IDBDatabase, oldVersion: number) => void,
  watch: (db: IDBDatabase) => void,
): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    let blocked = false;
    const request = factory.open(name, version);
    request.onupgradeneeded = (event) => {
      upgrade(request.result, event.oldVersion);
    };
    request.onblocked = () => {
      blocked = true;
      reject(
        new OperationalError(
          `Upgrading the database "${name}" is blocked by another tab that keeps an older version open. Close or reload the other tabs, then retry.`,
        ),
      );
    };
    request.onsuccess = () => {
      const db = request.result;
      // The caller was already told the open was blocked; don't leak the late connection.
      if (blocked) {
        db.close();
        return;
      }
      watch(db);
      resolve(db);
    };
    request.onerror = () => {
      reject(translateError(request.error, `opening the database "${name}"`));
    };
  });
}
