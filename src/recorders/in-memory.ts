import { InterfaceError } from '../errors.js';
import type {
  AggregateRecorder,
  ApplicationRecorder,
  InsertOptions,
  Notification,
  NotificationSubscription,
  ProcessRecorder,
  SelectEventsOptions,
  SelectNotificationsOptions,
  StoredEvent,
  SubscribeOptions,
} from '../types.js';
import { positionConflict, trackingConflict } from './conflicts.js';
import { CommitSignal, NotificationTail } from './notification-tail.js';
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
  readonly #notifications: Notification[] = [];
  readonly #tracking = new Map<string, number>();
  readonly #signal = new CommitSignal();
  #closed = false;

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
      const ids = copies.map((event) => this.#append(event));
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
      if (tracking.notificationId <= max) throw trackingConflict(tracking.applicationName, max);
    }
  }

  #append(event: StoredEvent): number {
    const id = (this.#notifications.at(-1)?.id ?? 0) + 1;
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

/** The in-memory recorder of an application sequence with tracking records. */
export class InMemoryProcessRecorder
  extends InMemoryApplicationRecorder
  implements ProcessRecorder
{
  /** The greatest tracked id of `applicationName`, 0 when none. */
  maxTrackingId(applicationName: string): Promise<number> {
    return this.maxTracked(applicationName);
  }

  /** True for every id up to `maxTrackingId(applicationName)`: tracking only moves forward. */
  async hasTrackingId(applicationName: string, notificationId: number): Promise<boolean> {
    return notificationId <= (await this.maxTracked(applicationName));
  }
}

function copyNotification(notification: Notification): Notification {
  return { id: notification.id, ...copyEvent(notification) };
}
