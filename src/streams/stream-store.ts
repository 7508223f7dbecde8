/**
 * The stream store: streams by id with expected versions (event_sourcery), categories and
 * write conditions (logicblocks), the tenant's log, atomic writes across streams, all over
 * one `Mapper` and one `EventStoreRecorder`.
 */
import type { Mapper } from '../mapper/mapper.js';
import type { EventStoreRecorder } from '../types.js';
import type { StreamAppend } from './append-plan.js';
import { EventCategory } from './event-category.js';
import { EventLog } from './event-log.js';
import { EventStream } from './event-stream.js';
import type { StoreContext } from './store-context.js';
import type { EventData, AnyEvent } from './stream-events.js';
import { defaultScope, tenantScope } from './stream-ids.js';
import { writeStreams, type AppendResult, type WriteOptions } from './stream-writer.js';

/** Options of `StreamStore`. */
export interface StreamStoreOptions {
  /** Opened with `stores: { ...eventStoreStores, ... }`, else calls fail with `MissingStoresError`. */
  readonly recorder: EventStoreRecorder;
  readonly mapper: Mapper;
  /** The tenant to scope the store to (as `scopedForTenant`); default: the default tenant. */
  readonly tenant?: string;
}

/**
 * Streams, categories and the log of one tenant (the default tenant unless made by
 * `scopedForTenant`). What a caller can get wrong:
 * - stream ids are `category/name`; an id beginning with `@` is refused (`TenantError`);
 * - versions start at 1; a stream's events are numbered without gaps;
 * - every write maps its events first, then records them in one transaction: all or nothing.
 */
export class StreamStore {
  /** The tenant this store reads and writes; `undefined` for the default tenant. */
  readonly tenant: string | undefined;
  readonly #context: StoreContext;

  constructor(options: StreamStoreOptions) {
    const scope = options.tenant === undefined ? defaultScope : tenantScope(options.tenant);
    this.#context = { recorder: options.recorder, mapper: options.mapper, scope };
    this.tenant = options.tenant;
  }

  /** A handle on stream `id` (no I/O). */
  stream<E extends EventData = AnyEvent>(id: string): EventStream<E> {
    return new EventStream<E>(this.#context, id);
  }

  /** A handle on category `name` (no I/O). */
  category<E extends EventData = AnyEvent>(name: string): EventCategory<E> {
    return new EventCategory<E>(this.#context, name);
  }

  /** The log of this store's tenant. */
  log<E extends EventData = AnyEvent>(): EventLog<E> {
    return new EventLog<E>(this.#context);
  }

  /**
   * Appends to several streams, with `options.tracking` and `options.changes`, in ONE
   * transaction: every append is judged as `EventStream.append` judges it, and one failing
   * check (typed as there) writes nothing at all. Name each stream once.
   */
  appendMany(appends: readonly StreamAppend[], options?: WriteOptions): Promise<AppendResult[]> {
    return writeStreams(this.#context, appends, options);
  }

  /**
   * The position of the latest event in the application sequence (0 when empty): a cursor
   * for `log().events({ after })`. It counts every tenant's events, never exposing them.
   */
  position(): Promise<number> {
    return this.#context.recorder.maxNotificationId();
  }

  /**
   * A store over the same recorder that reads and writes only tenant `tenantId`'s streams:
   * its ids, categories and log can never reach another tenant's (or the default tenant's).
   * Throws `TenantError` for an empty id or one with `/`.
   */
  scopedForTenant(tenantId: string): StreamStore {
    const { recorder, mapper } = this.#context;
    return new StreamStore({ recorder, mapper, tenant: tenantId });
  }
}
