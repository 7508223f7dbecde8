import type { RecordIndexSchema, RecordStores } from '../../types.js';

/**
 * A run of one aggregate's events with consecutive versions, recorded by one transaction:
 * the unit the recorder stores, so that a batch costs IndexedDB a few records, not one
 * per event. Keyed by `[originatorId, lastVersion, firstVersion]`.
 */
export interface SegmentRecord {
  readonly originatorId: string;
  readonly lastVersion: number;
  readonly firstVersion: number;
  /** The notification id of each event, in version order (not always ascending). */
  readonly ids: readonly number[];
  /** The greatest of `ids`; the unique `sequence` index orders segments by it. */
  readonly lastId: number;
  /**
   * The greatest id the writing transaction gave out. Its segments' ids interleave, so a
   * reader in id order holds their events back until it has read the segment whose
   * `lastId` is `txLast`: then every id up to it has been read.
   */
  readonly txLast: number;
  readonly topics: readonly string[];
  readonly states: readonly Uint8Array[];
  /** `[originatorId, version]` of each event: the unique multi-entry `position` index. */
  readonly positions: readonly (readonly [string, number])[];
}

/**
 * One write transaction's ids, `start` to `last`: the `commits` store keeps the recent ones.
 * A writer that believes it knows the last id adds its record without reading first; if
 * another writer got there, `start` is taken and IndexedDB refuses the whole transaction.
 */
export interface CommitRecord {
  readonly start: number;
  readonly last: number;
}

/** How far an upstream application has been processed. */
export interface TrackingRecord {
  readonly applicationName: string;
  readonly notificationId: number;
}

/**
 * The database layout: our stores plus the app's declared record stores.
 *
 * `segments` holds the events, one record per run of an aggregate's consecutive versions
 * written by one transaction, keyed by `[originatorId, lastVersion, firstVersion]`: one
 * aggregate's runs are adjacent and ordered, so loading it is one key-range read. Its
 * unique multi-entry `position` index holds every event's `[originatorId, version]`, so
 * IndexedDB itself refuses a taken position (and runs of consecutive versions that share
 * none never overlap); an index entry costs far less than a record, or than a read. Its
 * unique `sequence` index on `lastId` orders the runs for the application sequence. The
 * `commits` store keeps a record of each write transaction's ids (the recent ones): the
 * newest says which id comes next, deleting events never frees one, and every write adds
 * one, so IndexedDB serialises writers across tabs and workers and ids follow commit
 * order. `tracking` keeps one record per upstream application.
 *
 * The layout is declarative rather than a list of numbered migrations because apps declare
 * stores too: opening creates what is missing and rebuilds an index whose definition
 * changed, and never drops an app's store, so two versions of an app in two tabs cannot
 * destroy each other's data by upgrading back and forth. The one migration is ours: a
 * database of the first layout (one record per event) is rewritten into segments.
 */
const ownStores: RecordStores = {
  segments: {
    keyPath: ['originatorId', 'lastVersion', 'firstVersion'],
    indexes: {
      sequence: { keyPath: 'lastId', unique: true },
      position: { keyPath: 'positions', unique: true, multiEntry: true },
    },
  },
  commits: { keyPath: 'start' },
  tracking: { keyPath: 'applicationName' },
};

/** Our stores and the app's, as one layout. */
export function layoutWith(stores: RecordStores): RecordStores {
  return { ...stores, ...ownStores };
}

/**
 * A read-only transaction over the stores of `layout` that exist, and the first layout's
 * store if there; undefined in an empty database. The checks below read through it.
 */
export function inspection(db: IDBDatabase, layout: RecordStores): IDBTransaction | undefined {
  const names = [...Object.keys(layout), 'events'].filter((name) =>
    db.objectStoreNames.contains(name),
  );
  return names.length === 0 ? undefined : db.transaction(names, 'readonly');
}

/** A store that exists with another key path than declared: it cannot change without data loss. */
export function keyPathConflict(tx: IDBTransaction, layout: RecordStores): string | undefined {
  return Object.keys(layout).find(
    (name) =>
      tx.objectStoreNames.contains(name) &&
      JSON.stringify(tx.objectStore(name).keyPath) !== JSON.stringify(layout[name]?.keyPath),
  );
}

/** Whether the open database already has every store and index of `layout`, as declared. */
export function satisfies(tx: IDBTransaction, layout: RecordStores): boolean {
  return Object.keys(layout).every((name) => {
    if (!tx.objectStoreNames.contains(name)) return false;
    const store = tx.objectStore(name);
    return Object.entries(layout[name]?.indexes ?? {}).every(
      ([indexName, index]) =>
        store.indexNames.contains(indexName) && sameIndex(store.index(indexName), index),
    );
  });
}

/** Creates the missing stores and indexes of `layout`, and rebuilds changed indexes. */
export function upgradeTo(db: IDBDatabase, tx: IDBTransaction, layout: RecordStores): void {
  for (const [name, schema] of Object.entries(layout)) {
    const store = db.objectStoreNames.contains(name)
      ? tx.objectStore(name)
      : db.createObjectStore(name, { keyPath: keyPathOf(schema.keyPath) });
    for (const [indexName, index] of Object.entries(schema.indexes ?? {})) {
      if (store.indexNames.contains(indexName)) {
        if (sameIndex(store.index(indexName), index)) continue;
        store.deleteIndex(indexName);
      }
      store.createIndex(indexName, keyPathOf(index.keyPath), {
        unique: index.unique ?? false,
        multiEntry: index.multiEntry ?? false,
      });
    }
  }
}

function sameIndex(index: IDBIndex, schema: RecordIndexSchema): boolean {
  return (
    JSON.stringify(index.keyPath) === JSON.stringify(schema.keyPath) &&
    index.unique === (schema.unique ?? false) &&
    index.multiEntry === (schema.multiEntry ?? false)
  );
}

function keyPathOf(keyPath: string | readonly string[]): string | string[] {
  return typeof keyPath === 'string' ? keyPath : [...keyPath];
}
