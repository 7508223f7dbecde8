/**
 * The projection of the notification log into the read model, exactly once: each
 * notification's read-model changes are written with its tracking record in one transaction.
 * Every tab runs it; when two tabs race for the same notification, the second one's write
 * fails with `IntegrityError` (the tracking record exists), which only means it is done.
 */
import type {
  Mapper,
  Notification,
  NotificationSubscription,
  ProcessRecorder,
} from 'offline-eventstore';
import { isLedgerEvent } from '../domain/events.js';
import { PROJECTION_NAME } from './names.js';
import type { ReadApi } from './read-channel.js';
import {
  changesFor,
  type BudgetRecord,
  type ExpenseRecord,
  type ReadModelReader,
} from './read-model.js';

/** Options of `LedgerProjection`. */
export interface ProjectionOptions {
  readonly recorder: ProcessRecorder;
  readonly mapper: Mapper;
  readonly reads: ReadApi;
  /** Told after each notification is projected (by this tab or another). */
  readonly onProjected: (notificationId: number) => void;
  /** Told of a notification that could not be read (its changes are skipped). */
  readonly onProblem: (notificationId: number, error: unknown) => void;
}

/** Projects the log into the read model, from where the tracking records say it stopped. */
export class LedgerProjection {
  readonly #options: ProjectionOptions;
  readonly #reader: ReadModelReader;
  #subscription: NotificationSubscription | undefined;

  constructor(options: ProjectionOptions) {
    this.#options = options;
    const { reads } = options;
    this.#reader = {
      budget: async (id) => (await reads.record('budgets', id)) as BudgetRecord | undefined,
      expense: async (id) => (await reads.record('expenses', id)) as ExpenseRecord | undefined,
    };
  }

  /** The name of its tracking records. */
  get name(): string {
    return PROJECTION_NAME;
  }

  /** Starts following the log; the returned promise ends when `stop()` is called. */
  async run(): Promise<void> {
    const { recorder } = this.#options;
    const gt = await recorder.maxTrackingId(PROJECTION_NAME);
    const subscription = recorder.subscribe({ gt });
    this.#subscription = subscription;
    for await (const notification of subscription) await this.#project(notification);
  }

  /** Stops following the log. */
  stop(): void {
    this.#subscription?.close();
  }

  async #project(notification: Notification): Promise<void> {
    const { recorder, mapper, onProjected, onProblem } = this.#options;
    const id = notification.id;
    if (await recorder.hasTrackingId(PROJECTION_NAME, id)) {
      onProjected(id);
      return;
    }
    let changes: Awaited<ReturnType<typeof changesFor>> = [];
    try {
      const event = await mapper.toDomainEvent(notification);
      if (isLedgerEvent(event)) changes = await changesFor(event, this.#reader);
    } catch (error) {
      onProblem(id, error);
    }
    try {
      await this.#options.reads.project(PROJECTION_NAME, id, changes);
    } catch (error) {
      if (!(error instanceof Error) || error.name !== 'IntegrityError') throw error;
    }
    onProjected(id);
  }
}
