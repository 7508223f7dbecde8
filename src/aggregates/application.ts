/**
 * The application (after eventsourcing's `Application`): saves aggregates atomically, gets
 * them back through its repository, and snapshots them on demand or every N versions.
 */
import type { Mapper } from '../mapper/mapper.js';
import type { StreamAppend } from '../streams/append-plan.js';
import type { StoreContext } from '../streams/store-context.js';
import { defaultScope, tenantScope, toOriginatorId } from '../streams/stream-ids.js';
import { saveSnapshotAt } from '../streams/stream-snapshots.js';
import { StreamStore } from '../streams/stream-store.js';
import { writeStreams, type AppendResult, type WriteOptions } from '../streams/stream-writer.js';
import { DataError } from '../errors.js';
import type { EventStoreRecorder } from '../types.js';
import {
  aggregateInternals,
  aggregateStreamId,
  typeOf,
  type Aggregate,
  type AggregateType,
} from './aggregate.js';
import { Repository, snapshotTopic, type AggregateSnapshot } from './repository.js';

/** Options of `Application`. */
export interface ApplicationOptions {
  /** Opened with `stores: { ...eventStoreStores, ... }`. */
  readonly recorder: EventStoreRecorder;
  readonly mapper: Mapper;
  /** Keep this application's aggregates in one tenant's scope (see `StreamStore`). */
  readonly tenant?: string;
}

/** What saving one aggregate recorded. */
export interface SavedAggregate extends AppendResult {
  /** The version a snapshot was taken at, when `snapshotEvery` called for one. */
  readonly snapshotVersion?: number;
  /**
   * Why that snapshot failed. The events are recorded all the same: a missing snapshot only
   * makes the next load replay more events, and the next interval tries again.
   */
  readonly snapshotError?: unknown;
}

/**
 * Saves and loads event-sourced aggregates. What a caller can get wrong:
 * - `save(a, b)` records the pending events of all its aggregates in ONE transaction: if any
 *   aggregate was changed elsewhere since it was loaded, `VersionConflictError` names it and
 *   nothing at all is recorded (the aggregates keep their pending events: reload, redo, retry);
 * - snapshots are written after the events, in their own transaction (they are a cache).
 */
export class Application {
  /** The stream store over the same recorder and tenant, for stream-level reads and writes. */
  readonly streams: StreamStore;
  readonly repository: Repository;
  readonly #context: StoreContext;

  constructor(options: ApplicationOptions) {
    const { recorder, mapper, tenant } = options;
    const scope = tenant === undefined ? defaultScope : tenantScope(tenant);
    this.#context = { recorder, mapper, scope };
    this.streams = new StreamStore({
      recorder,
      mapper,
      ...(tenant === undefined ? {} : { tenant }),
    });
    this.repository = new Repository(this.#context);
  }

  /** Records every pending event of `aggregates` atomically; see the class comment. */
  save(...aggregates: Aggregate[]): Promise<SavedAggregate[]> {
    return this.saveWith(aggregates, {});
  }

  /**
   * As `save`, recording `options.tracking` and `options.changes` in the same transaction:
   * what a process application does with the notification it processed.
   */
  async saveWith(
    aggregates: readonly Aggregate[],
    options: WriteOptions,
  ): Promise<SavedAggregate[]> {
    const changed = aggregates.filter((a) => a.pendingEvents.length > 0);
    // Checked before anything is written: after the commit, a bad interval could not fail the call.
    for (const aggregate of changed) checkSnapshotEvery(typeOf(aggregate).snapshotEvery);
    const appends: StreamAppend[] = changed.map((a) => ({
      streamId: aggregateStreamId(typeOf(a), a.id),
      events: a.pendingEvents,
      expectedVersion: a.version - a.pendingEvents.length,
    }));
    const results = await writeStreams(this.#context, appends, options);
    const internals = aggregateInternals();
    for (const aggregate of changed) internals.markSaved(aggregate);
    return Promise.all(
      results.map((result, i) => this.#autoSnapshot(changed[i] as Aggregate, result)),
    );
  }

  /**
   * Snapshots aggregate `id` of `type` at `version` (default: its latest), so loads start
   * there. Rejects with `AggregateNotFoundError` when there is no such aggregate or version.
   */
  async takeSnapshot(type: AggregateType, id: string, version?: number): Promise<void> {
    const options = version === undefined ? {} : { version };
    const aggregate = await this.repository.get(type, id, options);
    await this.#snapshot(aggregate);
  }

  async #snapshot(aggregate: Aggregate): Promise<void> {
    const type = typeOf(aggregate);
    const originatorId = toOriginatorId(this.#context.scope, aggregateStreamId(type, aggregate.id));
    const snapshot: AggregateSnapshot = {
      topic: snapshotTopic(type),
      state: aggregateInternals().snapshot(aggregate),
    };
    await saveSnapshotAt(this.#context, originatorId, aggregate.version, snapshot, false);
  }

  async #autoSnapshot(aggregate: Aggregate, result: AppendResult): Promise<SavedAggregate> {
    const every = typeOf(aggregate).snapshotEvery;
    const before = result.version - result.positions.length;
    if (every === undefined || Math.floor(result.version / every) === Math.floor(before / every)) {
      return result;
    }
    try {
      await this.#snapshot(aggregate);
      return { ...result, snapshotVersion: aggregate.version };
    } catch (error) {
      return { ...result, snapshotError: error };
    }
  }
}

function checkSnapshotEvery(every: number | undefined): void {
  if (every !== undefined && (!Number.isSafeInteger(every) || every < 1)) {
    throw new DataError(
      `snapshotEvery must be a safe integer >= 1 (or undefined), got ${String(every)}. Nothing was saved.`,
    );
  }
}
