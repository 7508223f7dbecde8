import type { Durability, Notification, StoredEvent } from '../../src/index.js';
import { committed, settled } from './raw-idb.js';

/** One committed `insertEvents` call stored as one record. */
interface BatchRow {
  /** The notification id of the batch's last event: the key, so `id >= n` is a key range. */
  readonly last: number;
  readonly first: number;
  /** `[originatorId, originatorVersion]` of each event: the multi-entry unique index. */
  readonly positions?: readonly (readonly [string, number])[];
  readonly events: readonly StoredEvent[];
}

/**
 * A prototype of another record layout, measured to see what the recorder could reach:
 * one record per committed batch instead of one per event, with a unique multi-entry index
 * holding every event's aggregate position (so IndexedDB still rejects a taken position).
 * Notification ids are `first..last` of the batch; `first` is read from the newest key in the
 * same transaction, so writers in other tabs stay serialised. With `positionIndex: false` it
 * keeps no index at all: the upper bound of the layout, which no longer detects conflicts.
 * Not a recorder: no validation, no tracking, no error translation.
 */
export class BatchLayout {
  readonly #db: IDBDatabase;
  readonly #durability: Durability;
  readonly #indexed: boolean;

  private constructor(db: IDBDatabase, durability: Durability, indexed: boolean) {
    this.#db = db;
    this.#durability = durability;
    this.#indexed = indexed;
  }

  /** Opens (creating if needed) `name` with this layout. */
  static async open(
    name: string,
    {
      durability = 'strict',
      positionIndex = true,
    }: { durability?: Durability; positionIndex?: boolean } = {},
  ): Promise<BatchLayout> {
    const request = indexedDB.open(name, 1);
    request.onupgradeneeded = () => {
      const batches = request.result.createObjectStore('batches', { keyPath: 'last' });
      if (positionIndex)
        batches.createIndex('position', 'positions', { unique: true, multiEntry: true });
    };
    return new BatchLayout(await settled(request), durability, positionIndex);
  }

  /** Writes the events as one record in one transaction; resolves to their ids. */
  insert(events: readonly StoredEvent[]): Promise<number[]> {
    // A multi-entry index silently folds duplicates within one record: check them here.
    const seen = new Set(events.map((e) => `${e.originatorVersion}\u0000${e.originatorId}`));
    if (seen.size !== events.length)
      return Promise.reject(new Error('Repeated aggregate position.'));
    const tx = this.#db.transaction('batches', 'readwrite', { durability: this.#durability });
    const store = tx.objectStore('batches');
    let first = 0;
    const newest = store.openKeyCursor(null, 'prev');
    newest.onsuccess = () => {
      first = ((newest.result?.key as number | undefined) ?? 0) + 1;
      const row: BatchRow = {
        last: first + events.length - 1,
        first,
        ...(this.#indexed
          ? { positions: events.map((e) => [e.originatorId, e.originatorVersion] as const) }
          : {}),
        events,
      };
      store.add(row);
    };
    return committed(tx).then(() => events.map((_, i) => first + i));
  }

  /** Up to `limit` notifications from id `start`: reads whole batches, then cuts. */
  async selectNotifications(start: number, limit: number): Promise<Notification[]> {
    const store = this.#db.transaction('batches', 'readonly').objectStore('batches');
    const found: Notification[] = [];
    let range = IDBKeyRange.lowerBound(start);
    for (;;) {
      const rows = (await settled(store.getAll(range, 16))) as BatchRow[];
      for (const row of rows) {
        row.events.forEach((e, i) => {
          const id = row.first + i;
          if (id >= start && found.length < limit) found.push({ id, ...e });
        });
      }
      const lastRow = rows.at(-1);
      if (found.length >= limit || rows.length < 16 || lastRow === undefined) return found;
      range = IDBKeyRange.lowerBound(lastRow.last, true);
    }
  }

  /**
   * One aggregate's events: the index gives the keys of the batches that hold them, each
   * batch is read whole, and the other aggregates' events in it are thrown away.
   */
  async selectEvents(originatorId: string): Promise<StoredEvent[]> {
    const store = this.#db.transaction('batches', 'readonly').objectStore('batches');
    const range = IDBKeyRange.bound([originatorId, -Infinity], [originatorId, Infinity]);
    const keys = (await settled(store.index('position').getAllKeys(range))) as number[];
    const rows = await Promise.all(
      [...new Set(keys)].map((key) => settled(store.get(key)) as Promise<BatchRow>),
    );
    return rows
      .flatMap((row) => row.events.filter((e) => e.originatorId === originatorId))
      .sort((a, b) => a.originatorVersion - b.originatorVersion);
  }

  /** The greatest notification id, 0 when empty. */
  async maxNotificationId(): Promise<number> {
    const store = this.#db.transaction('batches', 'readonly').objectStore('batches');
    const cursor = await settled(store.openKeyCursor(null, 'prev'));
    return cursor === null ? 0 : (cursor.key as number);
  }

  close(): void {
    this.#db.close();
  }
}
