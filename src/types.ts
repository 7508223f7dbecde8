/**
 * The records and interfaces of the persistence contract (`shared/CONTRACT.md`).
 * Every recorder implements one of these interfaces directly; helpers are shared by import.
 */

/** An event as the persistence layer sees it: an id, a position, a type and opaque bytes. */
export interface StoredEvent {
  /** Aggregate or stream id: a non-empty string (a UUID or a name like `invoices/1003`). */
  readonly originatorId: string;
  /** Position in its aggregate sequence: a safe integer >= 0, unique per `originatorId`. */
  readonly originatorVersion: number;
  /** Identifies the event's type: a non-empty string. */
  readonly topic: string;
  /** Serialised state (maybe compressed, maybe encrypted). Recorders copy it in and out. */
  readonly state: Uint8Array;
}

/** A stored event with its position in the application sequence. */
export interface Notification extends StoredEvent {
  /** Position in the application sequence: a safe integer >= 1. Gaps may occur. */
  readonly id: number;
}

/** Records that `applicationName`'s notification `notificationId` has been processed. */
export interface Tracking {
  /** The upstream application whose sequence was read: a non-empty string. */
  readonly applicationName: string;
  /** The position processed: a safe integer >= 1. */
  readonly notificationId: number;
}

/** Options of `insertEvents`. */
export interface InsertOptions {
  /** Recorded in the same transaction as the events, or not at all. */
  readonly tracking?: Tracking;
  /**
   * With `tracking`: the application's tracked position this insert was computed from. The
   * insert fails with `IntegrityError` unless that is still the recorded position (0 for
   * none), so that of two runners that read different batches from one position, only one
   * commits: `notificationId > max` alone would let the one that read more apply the overlap twice.
   */
  readonly expectedTrackingId?: number;
  /**
   * Changes to declared record stores (a read model, say), applied in the same transaction
   * as the events and the tracking record, or not at all. Only recorders opened with
   * `stores` take them.
   */
  readonly changes?: readonly RecordChange[];
}

/** A key of a record store: what IndexedDB accepts, less binary keys. */
export type RecordKey = number | string | Date | readonly RecordKey[];

/** A record in a declared store: a structured-clonable object that carries its key. */
export type RecordValue = Readonly<Record<string, unknown>>;

/** A secondary index of a record store. */
export interface RecordIndexSchema {
  /** The property (or properties, for a compound key) indexed. */
  readonly keyPath: string | readonly string[];
  /** Two records with the same index key make the write fail with `IntegrityError`. */
  readonly unique?: boolean;
  /** An array value is indexed under each of its elements. */
  readonly multiEntry?: boolean;
}

/** The layout of one app-declared record store. */
export interface RecordStoreSchema {
  /** The property (or properties) that form each record's key. */
  readonly keyPath: string | readonly string[];
  /** Secondary indexes, by name. */
  readonly indexes?: Readonly<Record<string, RecordIndexSchema>>;
}

/** Record stores by name, declared when a recorder is opened. */
export type RecordStores = Readonly<Record<string, RecordStoreSchema>>;

/** A change to a declared record store: put a record (its key is in it) or delete one by key. */
export type RecordChange =
  | { readonly store: string; readonly put: RecordValue }
  | { readonly store: string; readonly delete: RecordKey };

/** Which records of a store to read: a key range over the store or one of its indexes. */
export interface RecordQuery {
  /** Read through this index instead of the store's key. */
  readonly index?: string;
  readonly gt?: RecordKey;
  readonly gte?: RecordKey;
  readonly lt?: RecordKey;
  readonly lte?: RecordKey;
  /** Greatest key first. */
  readonly desc?: boolean;
  /** At most this many records. */
  readonly limit?: number;
}

/** Options of `selectEvents`. `limit` applies after ordering. */
export interface SelectEventsOptions {
  /** Only versions strictly greater than this. */
  readonly gt?: number;
  /** Only versions less than or equal to this. */
  readonly lte?: number;
  /** Newest first (so `{ desc: true, limit: 1 }` is the latest event). */
  readonly desc?: boolean;
  /** At most this many events; `0` returns `[]`. */
  readonly limit?: number;
}

/** Options of `selectNotifications`. */
export interface SelectNotificationsOptions {
  /** Only ids less than or equal to this. */
  readonly stop?: number;
  /** Only these topics, when non-empty. `limit` counts what passes this filter. */
  readonly topics?: readonly string[];
}

/** Options of `subscribe`. */
export interface SubscribeOptions {
  /** Start after this notification id; default 0 (from the beginning). */
  readonly gt?: number;
  /** Only these topics, when non-empty. */
  readonly topics?: readonly string[];
}

/** Records and reads events in per-aggregate sequences. */
export interface AggregateRecorder {
  /**
   * Records all the events (and the tracking record, if given) atomically, or none of them.
   * Rejects with `DataError` for invalid input and `IntegrityError` for a taken position.
   */
  insertEvents(
    events: readonly StoredEvent[],
    options?: InsertOptions,
  ): Promise<number[] | undefined>;
  /** Versions `> gt` and `<= lte` of one aggregate, ascending unless `desc`, then `limit`. */
  selectEvents(originatorId: string, options?: SelectEventsOptions): Promise<StoredEvent[]>;
  /** Releases the recorder; every later call fails with `InterfaceError`. */
  close(): Promise<void>;
}

/** An aggregate recorder that also numbers every event in one application sequence. */
export interface ApplicationRecorder extends AggregateRecorder {
  /** As for `AggregateRecorder`, resolving to the new notification ids in the order given. */
  insertEvents(events: readonly StoredEvent[], options?: InsertOptions): Promise<number[]>;
  /** Ids `>= start` and `<= stop`, ascending, at most `limit` (counted after `topics`). */
  selectNotifications(
    start: number,
    limit: number,
    options?: SelectNotificationsOptions,
  ): Promise<Notification[]>;
  /** The greatest recorded notification id, 0 when there is none. */
  maxNotificationId(): Promise<number>;
  /** Recorded notifications after `gt`, then each new one as it commits, in id order. */
  subscribe(options?: SubscribeOptions): NotificationSubscription;
}

/** A live, ordered stream of notifications. `break` out of `for await` also ends it. */
export interface NotificationSubscription extends AsyncIterable<Notification> {
  /** Ends the iteration: a pending `next()` resolves `done`. */
  close(): void;
}

/** An application recorder that also records which upstream notifications were processed. */
export interface ProcessRecorder extends ApplicationRecorder {
  /** The greatest tracked notification id of `applicationName`, 0 when there is none. */
  maxTrackingId(applicationName: string): Promise<number>;
  /**
   * Whether `notificationId` of `applicationName` counts as processed. Tracking only moves
   * forward, so this is true for every id up to `maxTrackingId(applicationName)`.
   */
  hasTrackingId(applicationName: string, notificationId: number): Promise<boolean>;
}

/**
 * A process recorder with the extras the store APIs build on: declared record stores read
 * and written in the same transactions as events, and the deletion of an aggregate's events.
 */
export interface EventStoreRecorder extends ProcessRecorder {
  /** The record of `store` with `key`, or `undefined`. */
  getRecord(store: string, key: RecordKey): Promise<RecordValue | undefined>;
  /** The records of `store` in key order (of `query.index` if given), within the range. */
  getRecords(store: string, query?: RecordQuery): Promise<RecordValue[]>;
  /**
   * Deletes every event of `originatorId` (their notification ids become gaps that readers
   * skip) with `changes`, atomically; resolves to the number of events deleted.
   */
  deleteEvents(
    originatorId: string,
    options?: { readonly changes?: readonly RecordChange[] },
  ): Promise<number>;
}

/** How hard IndexedDB flushes a commit; see the README for why `strict` is our default. */
export type Durability = 'default' | 'strict' | 'relaxed';

/** Options of the `IndexedDB*Recorder.open` functions. */
export interface IndexedDBRecorderOptions {
  /** The database name. Two recorders opened with the same name and factory share data. */
  readonly name: string;
  /** The IndexedDB factory; defaults to `globalThis.indexedDB`. */
  readonly indexedDB?: IDBFactory;
  /**
   * The key range class of the same IndexedDB implementation; defaults to
   * `globalThis.IDBKeyRange`. Pass fake-indexeddb's with its factory in Node for fast reads;
   * without any, reads still work, through cursors.
   */
  readonly IDBKeyRange?: typeof IDBKeyRange;
  /** Record stores to keep in the same database (created or extended on open; never dropped). */
  readonly stores?: RecordStores;
  /** Transaction durability of writes; default `'strict'`. */
  readonly durability?: Durability;
}
