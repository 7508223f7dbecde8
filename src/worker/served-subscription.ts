import type { Notification, NotificationSubscription } from '../types.js';
import type { Page } from './wire.js';

const pageSize = 100;

/**
 * The worker's side of a subscription: the recorder's own subscription, read a page at a time
 * by the caller's `pull`s. A pull waits for one notification, then takes whatever else arrives
 * within the same task, so a backlog crosses the boundary in pages, not one round trip each.
 */
export class ServedSubscription {
  readonly #subscription: NotificationSubscription;
  readonly #iterator: AsyncIterator<Notification, unknown>;
  /** A `next()` still running when the last pull returned; the next pull starts with it. */
  #carried: Promise<IteratorResult<Notification, unknown>> | undefined;

  constructor(subscription: NotificationSubscription) {
    this.#subscription = subscription;
    this.#iterator = subscription[Symbol.asyncIterator]();
  }

  /** The next notifications (at least one unless `done`), at most a page. */
  async pull(): Promise<Page> {
    const notifications: Notification[] = [];
    let next = this.#carried ?? this.#iterator.next();
    this.#carried = undefined;
    let result: IteratorResult<Notification, unknown> | 'later' = await next;
    const endOfTask = afterTask();
    while (result !== 'later' && result.done !== true) {
      notifications.push(result.value);
      if (notifications.length >= pageSize) return { notifications, done: false };
      next = this.#iterator.next();
      result = await Promise.race([next, endOfTask]);
    }
    if (result === 'later') this.#carried = next;
    return { notifications, done: result !== 'later' };
  }

  /** Ends the recorder's subscription; a running `pull` then returns what it has, `done`. */
  close(): void {
    this.#subscription.close();
  }
}

function afterTask(): Promise<'later'> {
  return new Promise((resolve) =>
    setTimeout(() => {
      resolve('later');
    }, 0),
  );
}
