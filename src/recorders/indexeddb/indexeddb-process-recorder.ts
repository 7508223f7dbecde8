import type {
  EventStoreRecorder,
  IndexedDBRecorderOptions,
  RecordChange,
  RecordKey,
  RecordQuery,
  RecordValue,
} from '../../types.js';
import { IndexedDBAggregateRecorder } from './indexeddb-recorder.js';
import { IndexedDBApplicationRecorder } from './indexeddb-application-recorder.js';
import { readMaxTrackingId, readRecord, readRecords } from './reads.js';

/**
 * The IndexedDB recorder of an application sequence with tracking records, declared record
 * stores written in the same transactions as events, and aggregate deletion.
 */
export class IndexedDBProcessRecorder
  extends IndexedDBApplicationRecorder
  implements EventStoreRecorder
{
  /** Opens the database `name`; see `IndexedDBAggregateRecorder.open`. */
  static override async open(options: IndexedDBRecorderOptions): Promise<IndexedDBProcessRecorder> {
    return IndexedDBAggregateRecorder.opened(new IndexedDBProcessRecorder(options));
  }

  /** The greatest tracked id of `applicationName`, 0 when none. */
  maxTrackingId(applicationName: string): Promise<number> {
    return this.read('reading tracking', (db) => readMaxTrackingId(db, applicationName));
  }

  /** True for every id up to `maxTrackingId(applicationName)`: tracking only moves forward. */
  async hasTrackingId(applicationName: string, notificationId: number): Promise<boolean> {
    return notificationId <= (await this.maxTrackingId(applicationName));
  }

  /** The record of `store` with `key`, or undefined. */
  getRecord(store: string, key: RecordKey): Promise<RecordValue | undefined> {
    return this.readStore(store, undefined, (context) => readRecord(context, store, key));
  }

  /** The records of `store` within `query`, in key (or index key) order. */
  getRecords(store: string, query: RecordQuery = {}): Promise<RecordValue[]> {
    return this.readStore(store, query.index, (context) => readRecords(context, store, query));
  }

  /** Deletes every event of `originatorId` with `changes`, atomically; resolves to the count. */
  deleteEvents(
    originatorId: string,
    options: { readonly changes?: readonly RecordChange[] } = {},
  ): Promise<number> {
    return this.deleteWith(originatorId, options.changes);
  }
}
