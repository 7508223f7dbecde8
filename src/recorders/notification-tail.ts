import type { Notification, NotificationSubscription } from '../types.js';

/** Where a tail reads from, and how it learns that something new may have committed. */
export interface TailSource {
  /** Notifications with ids greater than `afterId`, ascending, at most `limit`. */
  read(afterId: number, limit: number): Promise<Notification[]>;
  /** Signals every commit that may have added notifications, and the recorder's close. */
  readonly signal: CommitSignal;
}

const pageSize = 100;

/**
 * Follows an application sequence: first what is recorded after `afterId`, then each new
 * notification as it commits, in id order, never missing or repeating one.
 *
 * Nothing is missed because a wake-up that arrives while a read is running marks the tail
 * dirty, and a dirty tail reads again before it waits. Ids only ever grow in commit order
 * (the recorders serialise writers), so reading "after the last id seen" cannot skip a late commit.
 */
export class NotificationTail implements NotificationSubscription {
  readonly #source: TailSource;
  readonly #unlisten: () => void;
  #position: number;
  #buffer: Notification[] = [];
  #dirty = true;
  #closed = false;
  #wake: (() => void) | undefined;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(source: TailSource, afterId: number) {
    this.#source = source;
    this.#position = afterId;
    this.#unlisten = source.signal.listen({
      onCommit: () => {
        this.#dirty = true;
        this.#wake?.();
      },
      onClose: () => {
        this.close();
      },
    });
  }

  /** The next notification, or `done` once closed. Calls are served one at a time. */
  next(): Promise<IteratorResult<Notification, undefined>> {
    const result = this.#queue.then(() => this.#next());
    this.#queue = result.catch(() => undefined);
    return result;
  }

  /** Ends the iteration: a pending `next()` resolves `done`. Safe to call twice. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#buffer = [];
    this.#unlisten();
    this.#wake?.();
  }

  [Symbol.asyncIterator](): AsyncIterator<Notification, undefined> {
    return {
      next: () => this.next(),
      return: () => {
        this.close();
        return Promise.resolve({ done: true, value: undefined });
      },
    };
  }

  // A method, not the field: the field changes across awaits, which narrowing cannot see.
  #isOpen(): boolean {
    return !this.#closed;
  }

  async #next(): Promise<IteratorResult<Notification, undefined>> {
    while (this.#isOpen()) {
      const head = this.#buffer.shift();
      if (head !== undefined) {
        this.#position = head.id;
        return { done: false, value: head };
      }
      if (this.#dirty) {
        this.#dirty = false;
        const page = await this.#source.read(this.#position, pageSize);
        // A full page may have more behind it, committed before any wake-up we will get.
        if (page.length === pageSize) this.#dirty = true;
        if (this.#isOpen()) this.#buffer = page;
        continue;
      }
      await new Promise<void>((resolve) => (this.#wake = resolve));
      this.#wake = undefined;
    }
    return { done: true, value: undefined };
  }
}

/** What a tail is told: a commit that may have added notifications, or its recorder's close. */
export interface CommitListener {
  onCommit(): void;
  onClose(): void;
}

/** Tells the open tails of one recorder about commits, and ends them when it closes. */
export class CommitSignal {
  readonly #listeners = new Set<CommitListener>();

  /** Adds a listener; returns the function that removes it. */
  listen(listener: CommitListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Tells every listener that something may have committed. */
  notify(): void {
    for (const listener of this.#listeners) listener.onCommit();
  }

  /** Ends every listener (their tails resolve `done`). */
  closeAll(): void {
    for (const listener of [...this.#listeners]) listener.onClose();
    this.#listeners.clear();
  }
}
