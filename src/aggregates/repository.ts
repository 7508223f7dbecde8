/** Rebuilding aggregates from their newest snapshot and the events after it. */
import { DataError } from '../errors.js';
import { EventStream } from '../streams/event-stream.js';
import type { StoreContext } from '../streams/store-context.js';
import type { EventData } from '../streams/stream-events.js';
import {
  aggregateInternals,
  aggregateStreamId,
  type Aggregate,
  type AggregateType,
} from './aggregate.js';
import { AggregateNotFoundError } from './errors.js';

/** The event a snapshot of an aggregate is mapped as. */
export interface AggregateSnapshot extends EventData {
  readonly state: Record<string, unknown>;
}

/** The topic of `type`'s snapshots: per category, so that upcasters can tell them apart. */
export function snapshotTopic(type: AggregateType): string {
  return `${type.category ?? 'aggregate'}.Snapshot`;
}

/**
 * Gets aggregates as recorded (eventsourcing's `Repository`). What a caller can get wrong:
 * pass the aggregate's class, whose `category` decides which stream is read; the aggregate
 * returned has no pending events, and is a copy: two `get`s give two independent objects.
 */
export class Repository {
  readonly #context: StoreContext;

  /** Use `application.repository`. */
  constructor(context: StoreContext) {
    this.#context = context;
  }

  /**
   * Aggregate `id` of `type` at its latest version, or at `options.version`, starting from
   * the newest snapshot at or below it. Rejects with `AggregateNotFoundError` when there is
   * no such aggregate or version, `UnknownTopicError` for an event `apply` does not handle.
   */
  async get<A extends Aggregate>(
    type: AggregateType<A>,
    id: string,
    options: { readonly version?: number } = {},
  ): Promise<A> {
    const { version } = options;
    if (version !== undefined && (!Number.isSafeInteger(version) || version < 1)) {
      throw new DataError(`version must be a safe integer >= 1, got ${String(version)}.`);
    }
    const streamId = aggregateStreamId(type, id);
    const stream = new EventStream(this.#context, streamId);
    const range = version === undefined ? {} : { stop: version + 1 };
    const { snapshot, events } = await stream.loadFromSnapshot<AggregateSnapshot>(range);
    const aggregate = new type(id);
    const internals = aggregateInternals();
    if (snapshot !== undefined)
      internals.restore(aggregate, snapshot.event.state, snapshot.version);
    for (const { event, version: v } of events) internals.replay(aggregate, event, v);
    if (aggregate.version === 0 || (version !== undefined && aggregate.version !== version)) {
      throw new AggregateNotFoundError(streamId, version, aggregate.version);
    }
    return aggregate;
  }
}
