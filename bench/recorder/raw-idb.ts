import type { Durability, StoredEvent } from '../../src/index.js';

/** A record of the raw layout: its key `id` is the notification id. */
export interface EventRow extends StoredEvent {
  readonly id?: number;
}

/**
 * The baseline: a hand-written IndexedDB recorder doing the recorder's job with nothing
 * else, in the plainest layout: one record per event in an auto-increment `events` store
 * with a unique `position` index on `[originatorId, originatorVersion]`, and a `tracking`
 * store. The recorder stores segments instead, so neither reads the other's database: every
 * case gives the baseline its own, written with the same events. No validation, no copies,
 * no errors translated, no group commit: the floor our recorder is compared with.
 */
export class RawRecorder {
  readonly #db: IDBDatabase;
  readonly #durability: Durability;

  private constructor(db: IDBDatabase, durability: Durability) {
    this.#db = db;
    this.#durability = durability;
  }

  /** Opens `name`, creating the raw layout's stores when the database is new. */
  static async open(name: string, durability: Durability = 'strict'): Promise<RawRecorder> {
    const request = indexedDB.open(name, 1);
    request.onupgradeneeded = () => {
      const db = request.result;
      const events = db.createObjectStore('events', { keyPath: 'id', autoIncrement: true });
      events.createIndex('position', ['originatorId', 'originatorVersion'], { unique: true });
      db.createObjectStore('tracking', { keyPath: 'applicationName' });
    };
    return new RawRecorder(await settled(request), durability);
  }

  /** Adds the events in one transaction; resolves to their ids once it committed. */
  insert(events: readonly StoredEvent[]): Promise<number[]> {
    const tx = this.#db.transaction('events', 'readwrite', { durability: this.#durability });
    const store = tx.objectStore('events');
    const ids: number[] = [];
    events.forEach((event, i) => {
      const request = store.add(event);
      request.onsuccess = () => {
        ids[i] = request.result as number;
      };
    });
    return committed(tx).then(() => ids);
  }

  /** One event per transaction, every transaction started at once (no group commit). */
  insertEach(events: readonly StoredEvent[]): Promise<number[][]> {
    return Promise.all(events.map((event) => this.insert([event])));
  }

  /** One aggregate's events by the position index: the raw `getAll` our reads are held to. */
  async selectEvents(originatorId: string): Promise<EventRow[]> {
    const index = this.#db
      .transaction('events', 'readonly')
      .objectStore('events')
      .index('position');
    const range = IDBKeyRange.bound([originatorId, -Infinity], [originatorId, Infinity]);
    return (await settled(index.getAll(range))) as EventRow[];
  }

  /** Up to `limit` notifications from id `start`, by one `getAll` on the key. */
  async selectNotifications(start: number, limit: number): Promise<EventRow[]> {
    const store = this.#db.transaction('events', 'readonly').objectStore('events');
    return (await settled(store.getAll(IDBKeyRange.lowerBound(start), limit))) as EventRow[];
  }

  /** The greatest notification id, 0 when empty. */
  async maxNotificationId(): Promise<number> {
    const store = this.#db.transaction('events', 'readonly').objectStore('events');
    const cursor = await settled(store.openKeyCursor(null, 'prev'));
    return cursor === null ? 0 : (cursor.key as number);
  }

  /** Records how far `applicationName` has processed, in its own transaction. */
  track(applicationName: string, notificationId: number): Promise<void> {
    const tx = this.#db.transaction('tracking', 'readwrite', { durability: this.#durability });
    tx.objectStore('tracking').put({ applicationName, notificationId });
    return committed(tx);
  }

  close(): void {
    this.#db.close();
  }
}

/** The result of a request, or its error. */
export function settled<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => {
      resolve(request.result);
    };
    request.onerror = () => {
      reject(request.error ?? new Error('An IndexedDB request failed.'));
    };
  });
}

/** Resolves when the transaction commits; rejects when it aborts. */
export function committed(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => {
      resolve();
    };
    tx.onabort = () => {
      reject(tx.error ?? new Error('The transaction was aborted.'));
    };
  });
}
