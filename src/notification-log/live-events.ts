/**
 * Following the application sequence live, decoded, from a position that survives a page
 * reload: one the caller persisted, or the tracking record of a named application.
 */
import { DataError } from '../errors.js';
import type { Mapper } from '../mapper/mapper.js';
import {
  decodeLoggedEvent,
  type EventData,
  type LoggedEvent,
  type AnyEvent,
} from '../streams/stream-events.js';
import type { NotificationSubscription, ProcessRecorder } from '../types.js';

/** Where following starts; give at most one of `after` and `trackedBy`. */
export interface FollowOptions {
  /** Start after this position (a notification id the caller persisted); default 0. */
  readonly after?: number;
  /** Start after the position tracked for this application name (`maxTrackingId`). */
  readonly trackedBy?: string;
  /** Only these topics, when non-empty. */
  readonly topics?: readonly string[];
}

/** Options of `followLog`. */
export interface LiveEventsOptions extends FollowOptions {
  readonly recorder: ProcessRecorder;
  readonly mapper: Mapper;
}

/**
 * Every event recorded after the start position, then each new one as it commits (in this
 * tab or another), in order, without gaps or repeats. What a caller can get wrong: nothing
 * is remembered for you; persist `event.position` (or a tracking record) as you handle each
 * event, and pass it back as `after` after a reload. `break` or `close()` ends it.
 */
export class LiveEvents<E extends EventData = AnyEvent> implements AsyncIterable<LoggedEvent<E>> {
  readonly #options: LiveEventsOptions;
  #subscription: NotificationSubscription | undefined;
  #closed = false;

  constructor(options: LiveEventsOptions) {
    const { after, trackedBy } = options;
    if (after !== undefined && trackedBy !== undefined) {
      throw new DataError('Follow from after or from trackedBy, not both.');
    }
    if (after !== undefined && (!Number.isSafeInteger(after) || after < 0)) {
      throw new DataError(`after must be a safe integer >= 0, got ${String(after)}.`);
    }
    this.#options = options;
  }

  /** Ends the iteration: a pending `next()` resolves `done`. */
  close(): void {
    this.#closed = true;
    this.#subscription?.close();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<LoggedEvent<E>, void, undefined> {
    const { recorder, mapper, trackedBy, topics } = this.#options;
    const gt =
      trackedBy === undefined
        ? (this.#options.after ?? 0)
        : await recorder.maxTrackingId(trackedBy);
    if (this.#closed) return;
    const subscription = recorder.subscribe({ gt, ...(topics === undefined ? {} : { topics }) });
    this.#subscription = subscription;
    try {
      for await (const notification of subscription)
        yield await decodeLoggedEvent<E>(mapper, notification);
    } finally {
      subscription.close();
    }
  }
}

/** Follows the application sequence live; see `LiveEvents`. */
export function followLog<E extends EventData = AnyEvent>(
  options: LiveEventsOptions,
): LiveEvents<E> {
  return new LiveEvents<E>(options);
}
