import type { StoredEvent } from '../../src/types.js';
import { committed } from '../recorder/raw-idb.js';

// Raw IndexedDB in the plainest layout (one record per event: an auto-incremented `events`
// store with a unique position index) with the recorder's default durability: the floor the
// recorder is measured against. It only writes databases of its own, never one of ours.

const durability = 'strict';

/** Opens (creating) a database with the events layout. */
export function openRaw(name: string): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open(name, 1);
    open.onupgradeneeded = () => {
      const store = open.result.createObjectStore('events', { keyPath: 'id', autoIncrement: true });
      store.createIndex('position', ['originatorId', 'originatorVersion'], { unique: true });
    };
    open.onsuccess = () => {
      resolve(open.result);
    };
    open.onerror = () => {
      reject(open.error ?? new Error('open failed'));
    };
  });
}

/** Writes `events` in one transaction. */
export function writeBatch(db: IDBDatabase, events: readonly StoredEvent[]): Promise<void> {
  const tx = db.transaction('events', 'readwrite', { durability });
  const store = tx.objectStore('events');
  for (const event of events) store.add({ ...event });
  return committed(tx);
}

/** Writes each event in its own transaction: all started at once, or each after the last. */
export async function writeEach(
  db: IDBDatabase,
  events: readonly StoredEvent[],
  mode: 'concurrent' | 'sequential',
): Promise<void> {
  if (mode === 'concurrent') {
    await Promise.all(events.map((event) => writeBatch(db, [event])));
    return;
  }
  for (const event of events) await writeBatch(db, [event]);
}
