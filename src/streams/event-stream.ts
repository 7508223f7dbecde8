/**
 * One stream: append with an expected version or a write condition, load a range of
 * versions, page through it lazily, snapshot it, delete it.
 */
import { DataError } from '../errors.js';
import type { StreamAppend } from './append-plan.js';
import { ensureStores } from './event-store-stores.js';
import { collect, flatten, streamPages, type PageOptions } from './paging.js';
import { deleteSnapshots } from './snapshot-records.js';
import type { StoreContext } from './store-context.js';
import {
  decodeStreamEvent,
  mapInOrder,
  type EventData,
  type StreamEvent,
  type AnyEvent,
} from './stream-events.js';
import { categoryOf, toOriginatorId } from './stream-ids.js';
import { deleteMetadata } from './stream-metadata.js';
import { loadFromSnapshot, saveSnapshotAt, type SnapshotLoad } from './stream-snapshots.js';
import { readState, writeStreams, type AppendResult, type WriteOptions } from './stream-writer.js';

/** Options of `EventStream.append`: the expectation (see `StreamAppend`) and what to record with it. */
export type AppendOptions = Pick<StreamAppend, 'expectedVersion' | 'when'> & WriteOptions;

/** A range of versions: `start` inclusive, `stop` exclusive (event_sourcery's convention). */
export interface LoadRange {
  /** First version to load (>= 1); default 1. */
  readonly start?: number;
  /** Version to stop before; default: to the end. */
  readonly stop?: number;
}

/**
 * A handle on one stream; creating it does no I/O, and a stream never written reads as empty.
 * The type parameter is the caller's promise of what the stream holds, unchecked at run time.
 */
export class EventStream<E extends EventData = AnyEvent> {
  /** The stream id, without any tenant prefix. */
  readonly id: string;
  /** The part of the id before its first `/`, or `undefined`. */
  readonly category: string | undefined;
  readonly #context: StoreContext;
  readonly #originatorId: string;

  /** Use `store.stream(id)`; throws `TenantError` for an id beginning with `@`. */
  constructor(context: StoreContext, id: string) {
    this.#originatorId = toOriginatorId(context.scope, id);
    this.#context = context;
    this.id = id;
    this.category = categoryOf(id);
  }

  /**
   * Appends `events` atomically. Creating the stream needs no expectation; every later append
   * needs `expectedVersion` (the version loaded) or `when`, else `VersionConflictError`. A
   * stale expectation fails with `VersionConflictError`, an unmet condition with
   * `UnmetWriteConditionError`, the wrong mode with `StreamVersioningError`; all write nothing.
   */
  async append(events: readonly E[], options: AppendOptions = {}): Promise<AppendResult> {
    const { expectedVersion, when, ...write } = options;
    const append: StreamAppend<E> = {
      streamId: this.id,
      events,
      ...(expectedVersion === undefined ? {} : { expectedVersion }),
      ...(when === undefined ? {} : { when }),
    };
    const [result] = await writeStreams(this.#context, [append], write);
    return result as AppendResult;
  }

  /** Events with versions in `[start, stop)`, in memory; an unknown stream gives `[]`. */
  async load(range: LoadRange = {}): Promise<StreamEvent<E>[]> {
    const { start = 1, stop = Infinity } = range;
    checkVersion('start', start, 1);
    if (stop !== Infinity) checkVersion('stop', stop, 1);
    const stored = await this.#context.recorder.selectEvents(this.#originatorId, {
      gt: start - 1,
      ...(stop === Infinity ? {} : { lte: stop - 1 }),
    });
    return mapInOrder(stored, (e) => decodeStreamEvent<E>(this.#context.mapper, e));
  }

  /** Pages of events after version `options.after`, fetched one page at a time. */
  pages(options: PageOptions = {}): AsyncIterable<StreamEvent<E>[]> {
    return streamPages<E>(this.#context, this.#originatorId, options);
  }

  /** Events one by one after `options.after`, fetched a page at a time. */
  events(options: PageOptions = {}): AsyncIterable<StreamEvent<E>> {
    return flatten(this.pages(options));
  }

  /** Every event, in memory (logicblocks' `read`): prefer `events()` for long streams. */
  read(): Promise<StreamEvent<E>[]> {
    return collect(this.pages());
  }

  /** The stream's latest version; 0 when it has no events. */
  async version(): Promise<number> {
    return (await readState(this.#context.recorder, this.#originatorId)).version;
  }

  /**
   * Saves `snapshot` (an event whose fields hold the state) as the state at `version`, which
   * must be the stream's latest version (`DataError` otherwise, writing nothing).
   */
  saveSnapshot(snapshot: AnyEvent, version: number): Promise<void> {
    return saveSnapshotAt(this.#context, this.#originatorId, version, snapshot, true);
  }

  /** The newest snapshot below `stop` (if any) and the events after it and below `stop`. */
  loadFromSnapshot<S extends EventData = AnyEvent>(
    range: Pick<LoadRange, 'stop'> = {},
  ): Promise<SnapshotLoad<E, S>> {
    const { stop = Infinity } = range;
    if (stop !== Infinity) checkVersion('stop', stop, 1);
    return loadFromSnapshot<E, S>(this.#context, this.#originatorId, stop);
  }

  /**
   * Deletes the stream's events, snapshots and metadata; resolves to how many events went.
   * Their positions become gaps that log readers pass over. A deleted stream can be created
   * again, in either versioning mode. Deleting a stream that does not exist does nothing.
   */
  async delete(): Promise<number> {
    const recorder = this.#context.recorder;
    await ensureStores(recorder);
    const changes = [
      deleteMetadata(this.#originatorId),
      ...(await deleteSnapshots(recorder, this.#originatorId)),
    ];
    return recorder.deleteEvents(this.#originatorId, { changes });
  }
}

function checkVersion(name: string, value: number, min: number): void {
  if (!Number.isSafeInteger(value) || value < min) {
    throw new DataError(`${name} must be a safe integer >= ${min}, got ${String(value)}.`);
  }
}
