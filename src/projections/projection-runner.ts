/**
 * Runs a projection exactly once over the application sequence: each batch of notifications
 * is folded into the read model and committed with its tracking record in ONE transaction.
 */
import { DataError } from '../errors.js';
import type { Mapper } from '../mapper/mapper.js';
import {
  decodeLoggedEvent,
  mapInOrder,
  type EventData,
  type AnyEvent,
} from '../streams/stream-events.js';
import type { EventStoreRecorder, Notification } from '../types.js';
import type { Projection } from './projection.js';
import { ReadModelView } from './read-model-view.js';
import { catchUpWith, followWith } from './runner-loop.js';
import { commitTracked } from './tracked-commit.js';

/** Options of `ProjectionRunner`. */
export interface ProjectionRunnerOptions<E extends EventData> {
  /** Opened with `stores: { ...eventStoreStores, ...projection.stores }`. */
  readonly recorder: EventStoreRecorder;
  readonly mapper: Mapper;
  readonly projection: Projection<E>;
  /** Notifications per transaction (a safe integer >= 1); default 100. */
  readonly batchSize?: number;
}

/**
 * What a caller can get wrong:
 * - a crash, a failing handler or a failing write loses the current batch whole (read model
 *   and tracking together) and the next run starts again after the last committed batch, so
 *   no event is skipped or applied twice;
 * - any number of runners of one projection may run at once (tabs, workers): each batch is
 *   committed by exactly one of them, the others process from the new position;
 * - larger batches mean fewer transactions but more work redone after a failure.
 */
export class ProjectionRunner<E extends EventData = AnyEvent> {
  readonly #recorder: EventStoreRecorder;
  readonly #mapper: Mapper;
  readonly #projection: Projection<E>;
  readonly #batchSize: number;

  constructor(options: ProjectionRunnerOptions<E>) {
    const { batchSize = 100 } = options;
    if (!Number.isSafeInteger(batchSize) || batchSize < 1) {
      throw new DataError(`batchSize must be a safe integer >= 1, got ${String(batchSize)}.`);
    }
    this.#recorder = options.recorder;
    this.#mapper = options.mapper;
    this.#projection = options.projection;
    this.#batchSize = batchSize;
  }

  /** The position processed so far (the tracking record), 0 before the first batch. */
  position(): Promise<number> {
    return this.#recorder.maxTrackingId(this.#projection.name);
  }

  /** Processes everything recorded now; resolves to the position reached. */
  async catchUp(): Promise<number> {
    await catchUpWith(() => this.#step());
    return this.position();
  }

  /** Catches up, then processes new notifications as they commit, until `signal` aborts. */
  run(options: { readonly signal: AbortSignal }): Promise<void> {
    const { name, topics } = this.#projection;
    return followWith(this.#recorder, name, topics, options.signal, () => this.#step());
  }

  async #step(): Promise<boolean> {
    const { name, topics, stores } = this.#projection;
    const from = await this.position();
    const page = await this.#recorder.selectNotifications(
      from + 1,
      this.#batchSize,
      topics === undefined ? {} : { topics },
    );
    const last = page.at(-1);
    if (last === undefined) return false;
    const view = new ReadModelView(this.#recorder, stores);
    await this.#handle(page, view);
    const outcome = await commitTracked(this.#recorder, name, { from, to: last.id }, (write) =>
      this.#recorder.insertEvents([], { ...write, changes: [...view.changes(), ...write.changes] }),
    );
    return outcome === 'raced' || page.length === this.#batchSize;
  }

  async #handle(page: readonly Notification[], view: ReadModelView): Promise<void> {
    const events = await mapInOrder(page, (n) => decodeLoggedEvent<E>(this.#mapper, n));
    for (const event of events) await this.#projection.handle(event, view);
  }
}
