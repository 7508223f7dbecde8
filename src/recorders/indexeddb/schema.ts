import type { RecordIndexSchema, RecordStores } from '../../types.js';

/** A stored event as recorded: its key `id` is its notification id. */
export interface EventRecord {
  readonly id?: number;
  readonly originatorId: string;
  readonly originatorVersion: number;
  readonly topic: string;
  readonly state: Uint8Array;
}

/** How far an upstream application has been processed. */
export interface TrackingRecord {
  readonly applicationName: string;
  readonly notificationId: number;
}

/**
 * The database layout: our two stores plus the app's declared record stores.
 *
 * `events` is keyed by an auto-incremented notification id, which IndexedDB hands out inside
 * the writing transaction (and takes back if it aborts), so ids follow commit order; its
 * unique `position` index on `[originatorId, originatorVersion]` enforces one event per
 * aggregate position. `tracking` keeps one record per upstream application, keyed by its
 * name: tracking only moves forward.
 *
 * The layout is declarative rather than a list of numbered migrations because apps declare
 * stores too: opening creates what is missing and rebuilds an index whose definition
 * changed, and never drops a store, so two versions of an app in two tabs cannot destroy
 * each other's data by upgrading back and forth.
 */
const ownStores: RecordStores = {
  events: {
    keyPath: 'id',
    indexes: { position: { keyPath: ['originatorId', 'originatorVersion'], unique: true } },
  },
  tracking: { keyPath: 'applicationName' },
};

/** Our stores and the app's, as one layout. */
export function layoutWith(stores: RecordStores): RecordStores {
  return { ...stores, ...ownStores };
}

/** A store that exists with another key path than declared: it cannot change without data loss. */
export function keyPathConflict(db: IDBDatabase, layout: RecordStores): string | undefined {
  const existing = Object.keys(layout).filter((name) => db.objectStoreNames.contains(name));
  if (existing.length === 0) return undefined;
  const tx = db.transaction(existing, 'readonly');
  return existing.find(
    (name) =>
      JSON.stringify(tx.objectStore(name).keyPath) !== JSON.stringify(layout[name]?.keyPath),
  );
}

/** Whether the open database already has every store and index of `layout`, as declared. */
export function satisfies(db: IDBDatabase, layout: RecordStores): boolean {
  const names = Object.keys(layout);
  if (!names.every((name) => db.objectStoreNames.contains(name))) return false;
  const tx = db.transaction(names, 'readonly');
  return names.every((name) => {
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
      : db.createObjectStore(name, {
          keyPath: keyPathOf(schema.keyPath),
          autoIncrement: name === 'events',
        });
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
