import { DataError, InterfaceError } from '../errors.js';
import { checkOptionalInteger, validateInsert } from '../recorders/validate.js';
import type {
  EventStoreRecorder,
  InsertOptions,
  Notification,
  NotificationSubscription,
  RecordChange,
  RecordKey,
  RecordQuery,
  RecordValue,
  SelectEventsOptions,
  SelectNotificationsOptions,
  StoredEvent,
  SubscribeOptions,
} from '../types.js';
import type { Connection, RemoteServer } from './connection.js';
import { RemoteSubscription } from './remote-subscription.js';
import type { Reply } from './wire.js';

/** A connection, and how to let go of whatever was started for it (a worker, say). */
export interface Link {
  readonly connection: Connection;
  dispose(): void;
}

/** Options of a `RemoteRecorder`. */
export interface RemoteRecorderOptions {
  /** Starts a link: called once at once, and again after a break when `restart` is set. */
  readonly start: () => Link;
  /** Whether a call after a break starts a new link (an owned worker) or fails. */
  readonly restart: boolean;
  /**
   * How inserted `state` buffers cross: cloned (the default), or our validated copies
   * transferred. See `bench/worker/results.md` for why cloning is the default.
   */
  readonly states?: 'clone' | 'transfer';
}

/**
 * An `EventStoreRecorder` that forwards every call over a connection to a served recorder
 * (record-store calls fail with `InterfaceError` if the served one is a plain `ProcessRecorder`).
 * Inserts are validated here first, so bad input fails with `DataError` before anything is
 * sent and only tight copies of the states cross. Calls are never queued behind each other.
 */
export class RemoteRecorder implements EventStoreRecorder {
  readonly #options: RemoteRecorderOptions;
  readonly #subscriptions = new Set<RemoteSubscription>();
  #link: Link;
  #closing: Promise<void> | undefined;

  constructor(options: RemoteRecorderOptions) {
    this.#options = options;
    this.#link = options.start();
  }

  /** Resolves once the recorder is open behind the current connection. */
  get ready(): Promise<undefined> {
    return this.#link.connection.ready;
  }

  /**
   * Records the events (and tracking) atomically behind the boundary; resolves to their ids.
   * Inserts made in one task travel in one message and share the worker's group commit.
   */
  insertEvents(events: readonly StoredEvent[], options?: InsertOptions): Promise<number[]> {
    return this.#call((connection) => {
      const copies = validateInsert(events, options);
      const tracking = options?.tracking;
      const changes = cloneChanges(options?.changes);
      const sent = {
        ...(tracking === undefined ? {} : { tracking: plainTracking(tracking) }),
        ...(options?.expectedTrackingId === undefined
          ? {}
          : { expectedTrackingId: options.expectedTrackingId }),
        ...(changes === undefined ? {} : { changes }),
      };
      // The copies are ours, so transferring their buffers takes nothing from the caller.
      const transfer =
        this.#options.states === 'transfer'
          ? copies.map((event) => event.state.buffer as ArrayBuffer)
          : [];
      return connection.insert({ events: copies, options: sent }, transfer);
    });
  }

  /** Versions `> gt` and `<= lte` of one aggregate, ascending unless `desc`, then `limit`. */
  selectEvents(originatorId: string, options?: SelectEventsOptions): Promise<StoredEvent[]> {
    return this.#forward((remote) => remote.selectEvents(originatorId, options));
  }

  /** Ids `>= start` and `<= stop`, ascending, at most `limit` (counted after `topics`). */
  selectNotifications(
    start: number,
    limit: number,
    options?: SelectNotificationsOptions,
  ): Promise<Notification[]> {
    return this.#forward((remote) => remote.selectNotifications(start, limit, options));
  }

  /** The greatest recorded notification id, 0 when there is none. */
  maxNotificationId(): Promise<number> {
    return this.#forward((remote) => remote.maxNotificationId());
  }

  /** The greatest tracked notification id of `applicationName`, 0 when there is none. */
  maxTrackingId(applicationName: string): Promise<number> {
    return this.#forward((remote) => remote.maxTrackingId(applicationName));
  }

  /** Whether `notificationId` of `applicationName` counts as processed. */
  hasTrackingId(applicationName: string, notificationId: number): Promise<boolean> {
    return this.#forward((remote) => remote.hasTrackingId(applicationName, notificationId));
  }

  /** The record of `store` with `key`, or undefined. */
  getRecord(store: string, key: RecordKey): Promise<RecordValue | undefined> {
    return this.#forward((remote) => remote.getRecord(store, key));
  }

  /** The records of `store` within `query`, in key (or index key) order. */
  getRecords(store: string, query: RecordQuery = {}): Promise<RecordValue[]> {
    return this.#forward((remote) => remote.getRecords(store, query));
  }

  /** Deletes every event of `originatorId` with `changes`, atomically; resolves to the count. */
  deleteEvents(
    originatorId: string,
    options: { readonly changes?: readonly RecordChange[] } = {},
  ): Promise<number> {
    const changes = cloneChanges(options.changes);
    return this.#forward((remote) =>
      remote.deleteEvents(originatorId, changes === undefined ? {} : { changes }),
    );
  }

  /** Recorded notifications after `gt` (default 0), then each new one as it commits. */
  subscribe(options: SubscribeOptions = {}): NotificationSubscription {
    this.#assertOpen();
    checkOptionalInteger('gt', options.gt, 0);
    const sent = {
      ...(options.gt === undefined ? {} : { gt: options.gt }),
      ...(options.topics === undefined ? {} : { topics: [...options.topics] }),
    };
    const subscription = new RemoteSubscription(this.#live(), sent, () =>
      this.#subscriptions.delete(subscription),
    );
    this.#subscriptions.add(subscription);
    return subscription;
  }

  /**
   * Ends this connection only, after the calls in flight: the recorder behind it stays open
   * for its other connections. Ends this recorder's subscriptions. A second call does nothing.
   */
  close(): Promise<void> {
    this.#closing ??= this.#shutdown();
    return this.#closing;
  }

  async #shutdown(): Promise<void> {
    for (const subscription of [...this.#subscriptions]) subscription.close();
    await this.#link.connection.close();
    this.#link.dispose();
  }

  #assertOpen(): void {
    if (this.#closing !== undefined)
      throw new InterfaceError('This recorder is closed. Open a new one.');
  }

  /** The current connection, or a new one when it broke and restarting is allowed. */
  #live(): Connection {
    if (this.#link.connection.broken && this.#options.restart) {
      this.#link.dispose();
      this.#link = this.#options.start();
    }
    return this.#link.connection;
  }

  async #call<T>(body: (connection: Connection) => Promise<T>): Promise<T> {
    this.#assertOpen();
    return body(this.#live());
  }

  #forward<T>(send: (remote: RemoteServer) => Promise<Reply<T>>): Promise<T> {
    return this.#call((connection) => connection.call(send));
  }
}

function plainTracking(tracking: NonNullable<InsertOptions['tracking']>) {
  return { applicationName: tracking.applicationName, notificationId: tracking.notificationId };
}

/**
 * A clone of the record changes, made here so that one that cannot be cloned fails its own
 * call with `DataError` instead of the whole message of inserts it would travel in.
 */
function cloneChanges(changes: readonly RecordChange[] | undefined): RecordChange[] | undefined {
  if (changes === undefined) return undefined;
  try {
    return structuredClone([...changes]);
  } catch (error) {
    throw new DataError(
      'A record change cannot be sent to the worker: it is not structured-clonable.',
      {
        cause: error,
      },
    );
  }
}
