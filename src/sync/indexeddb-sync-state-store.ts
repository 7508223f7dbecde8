import { InterfaceError, NotSupportedError, OperationalError } from '../errors.js';
import { translateError } from '../recorders/indexeddb/translate-error.js';
import {
  acknowledgeState,
  addPulled,
  newSyncState,
  rewindState,
  type LoadedSyncState,
  type PullMark,
  type SyncAnchor,
  type SyncState,
  type SyncStateStore,
} from './sync-state.js';

/** Options of `IndexedDBSyncStateStore.open`. */
export interface IndexedDBSyncStateStoreOptions {
  /** The database name, e.g. `${recorderName}-sync`. */
  readonly name: string;
  /** The IndexedDB factory; defaults to `globalThis.indexedDB`. */
  readonly indexedDB?: IDBFactory;
}

const STORE = 'state';
const KEY = 'sync';

/**
 * A `SyncStateStore` in its own IndexedDB database. The stream id is made in the upgrade
 * transaction that creates the database, so a database that was evicted or deleted comes
 * back with a new stream: the server never takes its new events for resent old ones.
 * Browsers evict a whole origin at once, so this state and the recorder's events go together.
 */
export class IndexedDBSyncStateStore implements SyncStateStore {
  readonly #name: string;
  readonly #factory: IDBFactory;
  #db: Promise<IDBDatabase> | undefined;
  #created = false;
  #closed = false;

  private constructor(name: string, factory: IDBFactory) {
    this.#name = name;
    this.#factory = factory;
  }

  /** Opens (creating, with a new stream id, if need be) the store's database. */
  static async open(options: IndexedDBSyncStateStoreOptions): Promise<IndexedDBSyncStateStore> {
    const scope = globalThis as { indexedDB?: IDBFactory };
    const factory = options.indexedDB ?? scope.indexedDB;
    if (!factory) {
      throw new NotSupportedError(
        'No IndexedDB here; pass { indexedDB } or use InMemorySyncStateStore.',
      );
    }
    const store = new IndexedDBSyncStateStore(options.name, factory);
    await store.#database();
    return store;
  }

  /** The state; `created` is true on the first load after this store created the database. */
  async load(): Promise<LoadedSyncState> {
    const state = await this.#update((current) => current);
    const created = this.#created;
    this.#created = false;
    return { state, created };
  }

  /** Moves `acknowledged` forward; ignored for a replaced stream. */
  acknowledge(streamId: string, acknowledged: number, anchor?: SyncAnchor): Promise<SyncState> {
    return this.#update((state) => acknowledgeState(state, streamId, acknowledged, anchor));
  }

  /** Sets `acknowledged` back; ignored for a replaced stream. */
  rewind(streamId: string, acknowledged: number): Promise<SyncState> {
    return this.#update((state) => rewindState(state, streamId, acknowledged));
  }

  /** Marks local ids as pulled (ignored for a replaced stream); remembers `mark`. */
  recordPulled(streamId: string, ids: readonly number[], mark?: PullMark): Promise<SyncState> {
    return this.#update((state) => addPulled(state, streamId, ids, mark));
  }

  /** Replaces the state with a new stream. */
  startNewStream(): Promise<SyncState> {
    return this.#update(() => newSyncState());
  }

  /** Closes the connection; later calls reject with `InterfaceError`. */
  async close(): Promise<void> {
    this.#closed = true;
    const db = this.#db;
    this.#db = undefined;
    (await db?.catch(() => undefined))?.close();
  }

  /** Reads, changes and writes the state in one readwrite transaction, awaiting only its end. */
  async #update(change: (state: SyncState) => SyncState): Promise<SyncState> {
    if (this.#closed) throw new InterfaceError('This SyncStateStore is closed; open a new one.');
    const db = await this.#database();
    return new Promise((resolve, reject) => {
      let next: SyncState | undefined;
      try {
        const tx = db.transaction(STORE, 'readwrite', { durability: 'strict' });
        const store = tx.objectStore(STORE);
        const read = store.get(KEY);
        read.onsuccess = () => {
          const current = (read.result as SyncState | undefined) ?? newSyncState();
          next = change(current);
          if (next !== current || read.result === undefined) store.put(next, KEY);
        };
        tx.oncomplete = () => {
          if (next) resolve(next);
        };
        tx.onabort = () => {
          reject(translateError(tx.error ?? read.error, 'updating the sync state'));
        };
      } catch (error) {
        this.#db = undefined; // closed under us (versionchange, deleted): reopen next time
        reject(translateError(error, 'updating the sync state'));
      }
    });
  }

  #database(): Promise<IDBDatabase> {
    this.#db ??= this.#open().catch((error: unknown) => {
      this.#db = undefined;
      throw error;
    });
    return this.#db;
  }

  /** Opens version 1; a blocked open rejects at once with `OperationalError`, never hangs. */
  #open(): Promise<IDBDatabase> {
    return new Promise((resolve, reject) => {
      const request = this.#factory.open(this.#name, 1);
      request.onupgradeneeded = () => {
        this.#upgrade(request.result);
      };
      request.onblocked = () => {
        reject(
          new OperationalError(
            `Opening "${this.#name}" is blocked by another tab; close it and retry.`,
          ),
        );
      };
      request.onerror = () => {
        reject(translateError(request.error, `opening the sync state "${this.#name}"`));
      };
      request.onsuccess = () => {
        const db = request.result;
        const forget = () => {
          db.close();
          this.#db = undefined;
        };
        // Let a newer version upgrade, and reopen if the browser closed or deleted it.
        db.onversionchange = forget;
        db.onclose = forget;
        resolve(db);
      };
    });
  }

  #upgrade(db: IDBDatabase): void {
    // Version 1 is the only one: the state is born with the database.
    db.createObjectStore(STORE).put(newSyncState(), KEY);
    this.#created = true;
  }
}
