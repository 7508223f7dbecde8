import { DataError, InterfaceError } from '../errors.js';
import type {
  AggregateRecorder,
  ApplicationRecorder,
  InsertOptions,
  Notification,
  NotificationSubscription,
  EventStoreRecorder,
  RecordChange,
  RecordKey,
  RecordQuery,
  RecordStores,
  RecordValue,
  SelectEventsOptions,
  SelectNotificationsOptions,
  StoredEvent,
  SubscribeOptions,
} from '../types.js';
import { positionConflict, trackingConflict, trackingMoved } from './conflicts.js';
import { InMemoryRecords } from './in-memory-records.js';
import { CommitSignal, NotificationTail } from './notification-tail.js';
import { checkChanges, checkStores } from './record-stores.js';
import { filterNotifications, windowEvents } from './select-window.js';
import {
  checkOptionalInteger,
  checkSelectEvents,
  checkSelectNotifications,
  copyEvent,
  validateInsert,
} from './validate.js';

/**
 * The reference recorder: everything in one JavaScript heap, every call atomic because it
 * changes nothing until it has checked everything. Data lives as long as the object.
 */
export class InMemoryAggregateRecorder implements AggregateRecorder {
  readonly #byOriginator = new Map<string, Map<number, Notification>>();
  #notifications: Notification[] = [];
  #lastId = 0;
  readonly #tracking = new Map<string, number>();
  readonly #signal = new CommitSignal();
  readonly #stores: RecordStores;
  readonly #records: InMemoryRecords;
  #closed = false;

  /** `stores`: record stores (read models, say) written in the same step as events. */
  constructor(options: { readonly stores?: RecordStores } = {}) {
    this.#stores = options.stores ?? {};
    checkStores(this.#stores);
    this.#records = new InMemoryRecords(this.#stores);
  }

  /** Records the events atomically; resolves `undefined` (an aggregate recorder has no ids). */
  async insertEvents(
    events: readonly StoredEvent[],
    options?: InsertOptions,
  ): Promise<number[] | undefined> {
    await this.record(events, options);
    return undefined;
  }

  /** Versions `> gt` and `<= lte`, ascending unless `desc`, then `limit`; copies. */
  selectEvents(originatorId: string, options: SelectEventsOptions = {}): Promise<StoredEvent[]> {
    return this.#run(() => {
      checkSelectEvents(originatorId, options);
      const stored = [...(this.#byOriginator.get(originatorId)?.values() ?? [])];
      stored.sort((a, b) => a.originatorVersion - b.originatorVersion);
      return windowEvents(stored, options).map(copyEvent);
    });
  }

  /** Ends the recorder and its subscriptions. A second call does nothing. */
  close(): Promise<void> {
    this.#closed = true;
    this.#signal.closeAll();
    return Promise.resolve();
  }

  /** Records events and tracking at once, after checking all of it; returns the new ids. */
  protected record(events: readonly StoredEvent[], options?: InsertOptions): Promise<number[]> {
    return this.#run(() => {
      const copies = validateInsert(events, options);
      this.#checkFree(copies, options);
      const installRecords = this.#records.prepare(checkChanges(options?.changes, this.#stores));
      const ids = copies.map((event) => this.#append(event));
      installRecords();
      if (options?.tracking) {
        this.#tracking.set(options.tracking.applicationName, options.tracking.notificationId);
      }
      if (ids.length > 0) this.#signal.notify();
      return ids;
    });
  }

  /** Notifications with ids in `[start, stop]`, of `topics` if non-empty, at most `limit`. */
  protected notifications(
    start: number,
    limit: number,
    options: SelectNotificationsOptions = {},
  ): Promise<Notification[]> {
    return this.#run(() => {
      checkSelectNotifications(start, limit, options);
      const from = this.#notifications.findIndex((n) => n.id >= start);
      const candidates = from < 0 ? [] : this.#notifications.slice(from);
      return filterNotifications(candidates, limit, options).map(copyNotification);
    });
  }

  /** The greatest notification id, 0 when empty. */
  protected maxId(): Promise<number> {
    return this.#run(() => this.#notifications.at(-1)?.id ?? 0);
  }

  /** The greatest tracked id of `applicationName`, 0 when none. */
  protected maxTracked(applicationName: string): Promise<number> {
    return this.#run(() => this.#tracking.get(applicationName) ?? 0);
  }

  /** A live tail of the application sequence. */
  protected tail(options: SubscribeOptions = {}): NotificationSubscription {
    this.#assertOpen();
    checkOptionalInteger('gt', options.gt, 0);
    const topics = options.topics;
    const read = (afterId: number, limit: number) =>
      this.notifications(afterId + 1, limit, topics === undefined ? {} : { topics });
    return new NotificationTail({ read, signal: this.#signal }, options.gt ?? 0);
  }

  #checkFree(events: readonly StoredEvent[], options?: InsertOptions): void {
    for (const { originatorId, originatorVersion } of events) {
      if (this.#byOriginator.get(originatorId)?.has(originatorVersion)) {
        throw positionConflict(originatorId, originatorVersion);
      }
    }
    const tracking = options?.tracking;
    if (tracking !== undefined) {
      const max = this.#tracking.get(tracking.applicationName) ?? 0;
      const expected = options?.expectedTrackingId;
      if (expected !== undefined && expected !== max) {
        throw trackingMoved(tracking.applicationName, expected, max);
      }
      if (tracking.notificationId <= max) throw trackingConflict(tracking.applicationName, max);
    }
  }

  /** Deletes an aggregate's events with `changes`, in one step; returns how many went. */
  protected deleteAggregate(
    originatorId: string,
    changes?: readonly RecordChange[],
  ): Promise<number> {
    return this.#run(() => {
      if (typeof originatorId !== 'string')
        throw new DataError('deleteEvents needs a string originatorId.');
      const installRecords = this.#records.prepare(checkChanges(changes, this.#stores));
      const deleted = this.#byOriginator.get(originatorId)?.size ?? 0;
      this.#byOriginator.delete(originatorId);
      this.#notifications = this.#notifications.filter((n) => n.originatorId !== originatorId);
      installRecords();
      return deleted;
    });
  }

  /** The record stores, read in one step. */
  protected records<T>(read: (records: InMemoryRecords) => T): Promise<T> {
    return this.#run(() => read(this.#records));
  }

  #append(event: StoredEvent): number {
    // A counter, not the last notification's id: ids of deleted events are never reused.
    const id = ++this.#lastId;
    const notification: Notification = { id, ...event };
    this.#notifications.push(notification);
    const versions = this.#byOriginator.get(event.originatorId) ?? new Map<number, Notification>();
    versions.set(event.originatorVersion, notification);
    this.#byOriginator.set(event.originatorId, versions);
    return id;
  }

  #assertOpen(): void {
    if (this.#closed) throw new InterfaceError('This recorder is closed. Open a new one.');
  }

  /** Runs `body` as one atomic step, turning a closed recorder and any throw into a rejection. */
  // eslint-disable-next-line @typescript-eslint/require-await -- async turns a throw into a rejection
  async #run<T>(body: () => T): Promise<T> {
    this.#assertOpen();
    return body();
  }
}

/** The in-memory recorder of an application sequence. */
export class InMemoryApplicationRecorder
  extends InMemoryAggregateRecorder
  implements ApplicationRecorder
{
  /** Records the events atomically; resolves to their notification ids in the order given. */
  override insertEvents(
    events: readonly StoredEvent[],
    options?: InsertOptions,
  ): Promise<number[]> {
    return this.record(events, options);
  }

  /** Ids `>= start` and `<= stop`, ascending, at most `limit` counted after `topics`. */
  selectNotifications(
    start: number,
    limit: number,
    options?: SelectNotificationsOptions,
  ): Promise<Notification[]> {
    return this.notifications(start, limit, options);
  }

  /** The greatest notification id, 0 when empty. */
  maxNotificationId(): Promise<number> {
    return this.maxId();
  }

  /** Recorded notifications after `gt` (default 0), then each new one as it commits. */
  subscribe(options?: SubscribeOptions): NotificationSubscription {
    return this.tail(options);
  }
}

/**
 * The in-memory recorder of an application sequence with tracking records, record stores
 * and aggregate deletion.
 */
export class InMemoryProcessRecorder
  extends InMemoryApplicationRecorder
  implements EventStoreRecorder
{
  /** The greatest tracked id of `applicationName`, 0 when none. */
  maxTrackingId(applicationName: string): Promise<number> {
    return this.maxTracked(applicationName);
  }

  /** True for every id up to `maxTrackingId(applicationName)`: tracking only moves forward. */
  async hasTrackingId(applicationName: string, notificationId: number): Promise<boolean> {
    return notificationId <= (await this.maxTracked(applicationName));
  }

  /** A copy of the record of `store` with `key`, or undefined. */
  getRecord(store: string, key: RecordKey): Promise<RecordValue | undefined> {
    return this.records((records) => records.get(store, key));
  }

  /** Copies of the records of `store` within `query`, in key (or index key) order. */
  getRecords(store: string, query: RecordQuery = {}): Promise<RecordValue[]> {
    return this.records((records) => records.query(store, query));
  }

  /** Deletes every event of `originatorId` with `changes`, atomically; resolves to the count. */
  deleteEvents(
    originatorId: string,
    options: { readonly changes?: readonly RecordChange[] } = {},
  ): Promise<number> {
    return this.deleteAggregate(originatorId, options.changes);
  }
}

function copyNotification(notification: Notification): Notification {
  return { id: notification.id, ...copyEvent(notification) };
}
