import { Dexie, type Table } from 'dexie';
import type { Durability, StoredEvent } from '../../src/index.js';
import type { EventRow } from './raw-idb.js';

/** The tracking record, as the recorder keeps it. */
interface TrackingRow {
  readonly applicationName: string;
  readonly notificationId: number;
}

/**
 * The peer baseline: the same job done with Dexie, the wrapper most browser apps use. Same
 * schema (`++id` application sequence, unique compound index on the aggregate position) and
 * the same durability hint as the recorder.
 */
export class DexieStore {
  readonly #db: Dexie;
  readonly #events: Table<EventRow, number>;
  readonly #tracking: Table<TrackingRow, string>;

  private constructor(db: Dexie) {
    this.#db = db;
    this.#events = db.table('events');
    this.#tracking = db.table('tracking');
  }

  /** Opens (creating if needed) `name`. */
  static async open(name: string, durability: Durability = 'strict'): Promise<DexieStore> {
    const db = new Dexie(name, { chromeTransactionDurability: durability });
    db.version(1).stores({
      events: '++id, &[originatorId+originatorVersion]',
      tracking: 'applicationName',
    });
    await db.open();
    return new DexieStore(db);
  }

  /** `bulkAdd` in one transaction; resolves to the ids. */
  insert(events: readonly StoredEvent[]): Promise<number[]> {
    return this.#events.bulkAdd([...events], { allKeys: true });
  }

  /** One event by `add`, in its own transaction. */
  add(event: StoredEvent): Promise<number> {
    return this.#events.add(event);
  }

  /** One aggregate's events by the compound index. */
  selectEvents(originatorId: string): Promise<EventRow[]> {
    return this.#events
      .where('[originatorId+originatorVersion]')
      .between([originatorId, Dexie.minKey], [originatorId, Dexie.maxKey], true, true)
      .toArray();
  }

  /** Up to `limit` notifications from id `start`. */
  selectNotifications(start: number, limit: number): Promise<EventRow[]> {
    return this.#events.where(':id').aboveOrEqual(start).limit(limit).toArray();
  }

  /** The greatest id, 0 when empty. */
  async maxNotificationId(): Promise<number> {
    const last = await this.#events.orderBy(':id').lastKey();
    return typeof last === 'number' ? last : 0;
  }

  /** Records how far `applicationName` has processed. */
  async track(applicationName: string, notificationId: number): Promise<void> {
    await this.#tracking.put({ applicationName, notificationId });
  }

  close(): void {
    this.#db.close();
  }
}
