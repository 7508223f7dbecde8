/**
 * Runs the ledger's projection with the library's `ProjectionRunner` (every tab runs one:
 * each batch is committed by exactly one of them) and tells the page when the read model has
 * caught up with each new notification, whichever tab's runner committed it.
 */
import {
  ProjectionRunner,
  type EventStoreRecorder,
  type Mapper,
  type NotificationSubscription,
} from 'offline-eventstore';
import type { LedgerEvent } from '../domain/events.js';
import { ledgerProjection } from './read-model.js';

/** Options of `LedgerProjection`. */
export interface LedgerProjectionOptions {
  readonly recorder: EventStoreRecorder;
  readonly mapper: Mapper;
  /** Told once the read model includes notification `id` (or moved past it). */
  readonly onProjected: (id: number) => void;
  /** Told when the runner stopped on an error. */
  readonly onProblem: (error: unknown) => void;
}

const POLL_MS = 50;
const PATIENCE_MS = 15_000;

/** The running projection. */
export class LedgerProjection {
  readonly name = ledgerProjection.name;
  readonly #options: LedgerProjectionOptions;
  readonly #runner: ProjectionRunner<LedgerEvent>;
  readonly #stop = new AbortController();
  #watch: NotificationSubscription | undefined;

  constructor(options: LedgerProjectionOptions) {
    this.#options = options;
    const { recorder, mapper } = options;
    this.#runner = new ProjectionRunner({ recorder, mapper, projection: ledgerProjection });
  }

  /** The position the read model is at (its tracking record). */
  position(): Promise<number> {
    return this.#runner.position();
  }

  /** Starts the runner and the watch. */
  async start(): Promise<void> {
    const { recorder, onProblem } = this.#options;
    this.#runner.run({ signal: this.#stop.signal }).catch(onProblem);
    this.#watch = recorder.subscribe({ gt: await recorder.maxNotificationId() });
    void this.#follow(this.#watch);
  }

  /** Stops both. */
  stop(): void {
    this.#stop.abort();
    this.#watch?.close();
  }

  async #follow(watch: NotificationSubscription): Promise<void> {
    try {
      for await (const notification of watch) {
        await this.#caughtUp(notification.id);
        this.#options.onProjected(notification.id);
      }
    } catch (error) {
      this.#options.onProblem(error);
    }
  }

  async #caughtUp(id: number): Promise<void> {
    const deadline = Date.now() + PATIENCE_MS;
    while ((await this.position()) < id && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }
}
