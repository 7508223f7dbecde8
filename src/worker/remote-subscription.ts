import type { Notification, NotificationSubscription, SubscribeOptions } from '../types.js';
import type { Connection } from './connection.js';

type Done = IteratorReturnResult<undefined>;
const done: Done = { done: true, value: undefined };

/**
 * The caller's side of a subscription served by a worker. It pulls a page at a time, so a
 * backlog crosses in a few round trips. `close()` (or `break`) ends it at once, here and in
 * the worker; a pull that fails (the worker died) rejects that `next()` with the error and
 * ends the subscription. Resume with `subscribe({ gt: lastIdSeen })`.
 */
export class RemoteSubscription implements NotificationSubscription {
  readonly #connection: Connection;
  readonly #id: Promise<number>;
  readonly #onClose: () => void;
  readonly #closing: Promise<Done>;
  #signalClose: () => void = () => undefined;
  #buffer: Notification[] = [];
  #ended = false;
  #closed = false;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(connection: Connection, options: SubscribeOptions, onClose: () => void) {
    this.#connection = connection;
    this.#onClose = onClose;
    this.#closing = new Promise((resolve) => {
      this.#signalClose = () => {
        resolve(done);
      };
    });
    this.#id = connection.call((remote) => remote.openSubscription(options), false);
    this.#id.catch(() => undefined); // surfaces from next()
  }

  /** The next notification, or `done` once closed or ended. Calls are served one at a time. */
  next(): Promise<IteratorResult<Notification, undefined>> {
    const result = this.#queue.then(() => this.#next());
    this.#queue = result.catch(() => undefined);
    return result;
  }

  /** Ends the iteration here and in the worker: a pending `next()` resolves `done`. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#buffer = [];
    this.#signalClose();
    this.#onClose();
    this.#id
      .then((id) => this.#connection.call((remote) => remote.closeSubscription(id), false))
      .catch(() => undefined); // a broken or closed connection has ended it already
  }

  [Symbol.asyncIterator](): AsyncIterator<Notification, undefined> {
    return {
      next: () => this.next(),
      return: () => {
        this.close();
        return Promise.resolve(done);
      },
    };
  }

  // A method, not the field: the field changes across awaits, which narrowing cannot see.
  #isOpen(): boolean {
    return !this.#closed && !this.#ended;
  }

  async #next(): Promise<IteratorResult<Notification, undefined>> {
    while (this.#buffer.length > 0 || this.#isOpen()) {
      const head = this.#buffer.shift();
      if (head !== undefined) return { done: false, value: head };
      try {
        const page = await Promise.race([this.#pull(), this.#closing]);
        if (!('notifications' in page)) return done; // closed while waiting
        if (page.done) this.#ended = true;
        if (!this.#closed) this.#buffer = page.notifications;
      } catch (error) {
        this.#ended = true;
        throw error;
      }
    }
    return done;
  }

  async #pull() {
    const id = await this.#id;
    return this.#connection.call((remote) => remote.pull(id), false);
  }
}
