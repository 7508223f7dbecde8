import type {
  ApplicationRecorder,
  IndexedDBRecorderOptions,
  InsertOptions,
  Notification,
  NotificationSubscription,
  SelectNotificationsOptions,
  StoredEvent,
  SubscribeOptions,
} from '../../types.js';
import { checkSelectNotifications } from '../validate.js';
import { IndexedDBAggregateRecorder } from './indexeddb-recorder.js';
import { readMaxNotificationId, readNotifications } from './sequence-reads.js';

/** The IndexedDB recorder of an application sequence. */
export class IndexedDBApplicationRecorder
  extends IndexedDBAggregateRecorder
  implements ApplicationRecorder
{
  /** Opens the database `name`; see `IndexedDBAggregateRecorder.open`. */
  static override async open(
    options: IndexedDBRecorderOptions,
  ): Promise<IndexedDBApplicationRecorder> {
    return IndexedDBAggregateRecorder.opened(new IndexedDBApplicationRecorder(options));
  }

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
    options: SelectNotificationsOptions = {},
  ): Promise<Notification[]> {
    return this.read('reading notifications', (db) => {
      checkSelectNotifications(start, limit, options);
      return readNotifications(db, start, limit, options);
    });
  }

  /** The greatest notification id, 0 when empty. */
  maxNotificationId(): Promise<number> {
    return this.read('reading the last notification id', readMaxNotificationId);
  }

  /** Recorded notifications after `gt` (default 0), then each new one as it commits anywhere. */
  subscribe(options?: SubscribeOptions): NotificationSubscription {
    return this.tail(options);
  }
}
