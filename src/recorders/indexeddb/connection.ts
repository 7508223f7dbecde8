import type { RecordStores } from '../../types.js';
import { InterfaceError, OperationalError } from '../../errors.js';
import { hasFirstLayout, moveFirstLayout } from './first-layout.js';
import { inspection, keyPathConflict, satisfies, upgradeTo } from './schema.js';
import { translateError } from './translate-error.js';

/** Runs an upgrade inside the `versionchange` transaction. */
export type Upgrade = (db: IDBDatabase, oldVersion: number, tx: IDBTransaction) => void;

/** How often to try upgrading when other tabs keep changing the layout under us. */
const upgradeAttempts = 3;

/**
 * One lazily opened connection to a named database with a declared layout. It lets go of
 * the connection when a newer version wants to upgrade (`versionchange`) or the browser
 * drops it (`close`: site data cleared, Safari's "connection lost"); the next call reopens.
 */
export class Connection {
  readonly #name: string;
  readonly #factory: IDBFactory;
  readonly #layout: RecordStores;
  #database: Promise<IDBDatabase> | undefined;
  #opened: IDBDatabase | undefined;

  constructor(name: string, factory: IDBFactory, layout: RecordStores) {
    this.#name = name;
    this.#factory = factory;
    this.#layout = layout;
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
    const opening = this.#openWithLayout();
    // A failed open is not cached: the next call tries again.
    opening.catch(() => {
      if (this.#database === opening) this.#database = undefined;
    });
    return opening;
  }

  /** Opens at the current version, and upgrades only if the layout is not there yet. */
  async #openWithLayout(): Promise<IDBDatabase> {
    const upgrade: Upgrade = (db, _old, tx) => {
      upgradeTo(db, tx, this.#layout);
      if (hasFirstLayout(tx)) moveFirstLayout(db, tx);
    };
    let db = await openDatabase(this.#factory, this.#name, undefined, upgrade);
    for (let attempt = 1; ; attempt++) {
      const { conflict, ready } = await inspect(db, this.#layout);
      if (conflict !== undefined) {
        db.close();
        throw new InterfaceError(
          `The store "${conflict}" exists in "${this.#name}" with another keyPath; a key path cannot change. Declare a store with a new name.`,
        );
      }
      if (ready) break;
      db.close();
      if (attempt > upgradeAttempts) {
        throw new OperationalError(
          `Other tabs keep changing the layout of "${this.#name}"; reload them.`,
        );
      }
      db = await openDatabase(this.#factory, this.#name, db.version + 1, upgrade);
    }
    this.#watch(db);
    return db;
  }

  #watch(db: IDBDatabase): void {
    this.#opened = db;
    // Synchronous, so that a call made right after the event already reopens.
    const forget = () => {
      if (this.#opened !== db) return;
      this.#opened = undefined;
      this.#database = undefined;
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
 * Checks an open database's layout. One that needs an upgrade is closed next, so this waits
 * for the checking transaction to finish first: WebKit counts a connection with a live
 * transaction as open after `close()`, and fires `blocked` at the upgrade that follows.
 */
async function inspect(
  db: IDBDatabase,
  layout: RecordStores,
): Promise<{ conflict: string | undefined; ready: boolean }> {
  const tx = inspection(db, layout);
  if (tx === undefined) return { conflict: undefined, ready: false };
  const conflict = keyPathConflict(tx, layout);
  const ready = satisfies(tx, layout) && !hasFirstLayout(tx);
  if (conflict === undefined && !ready) {
    await new Promise((resolve) => {
      tx.oncomplete = resolve;
      tx.onabort = resolve;
    });
  }
  return { conflict, ready };
}

/**
 * Opens `name` at `version` (the current one if undefined), running `upgrade` when the
 * version grows; a blocked upgrade rejects with `OperationalError` at once, never hangs.
 */
export function openDatabase(
  factory: IDBFactory,
  name: string,
  version: number | undefined,
  upgrade: Upgrade,
): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    let blocked = false;
    const request = version === undefined ? factory.open(name) : factory.open(name, version);
    request.onupgradeneeded = (event) => {
      upgrade(request.result, event.oldVersion, request.transaction as IDBTransaction);
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
      // The caller was already told the open was blocked; don't leak the late connection.
      if (blocked) request.result.close();
      else resolve(request.result);
    };
    request.onerror = () => {
      reject(translateError(request.error, `opening the database "${name}"`));
    };
  });
}
