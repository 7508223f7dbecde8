/**
 * A process application (after eventsourcing's `ProcessApplication`): a policy reacts to
 * each notification by changing aggregates, and their new events are recorded with the
 * notification's tracking record in ONE transaction (requirement 10 of the persistence doc).
 */
import type { Aggregate } from '../aggregates/aggregate.js';
import { Application } from '../aggregates/application.js';
import type { Repository } from '../aggregates/repository.js';
import type { Mapper } from '../mapper/mapper.js';
import {
  decodeLoggedEvent,
  type EventData,
  type LoggedEvent,
  type AnyEvent,
} from '../streams/stream-events.js';
import type { EventStoreRecorder } from '../types.js';
import { catchUpWith, followWith } from './runner-loop.js';
import { commitTracked } from './tracked-commit.js';

/** What a policy gets to work with while it processes one notification. */
export interface Processing {
  /** Loads aggregates as recorded (the policy's own saves are not recorded until it returns). */
  readonly repository: Repository;
  /** Queues aggregates whose pending events are recorded with the tracking record. */
  save(...aggregates: Aggregate[]): void;
}

/**
 * Reacts to one notification. What a caller can get wrong: it may run again for the same
 * notification after a failure, so its only effects must be the aggregates it saves; it
 * should ignore the topics it does not handle (its own new events come back to it too).
 */
export type Policy<E extends EventData = AnyEvent> = (
  event: LoggedEvent<E>,
  processing: Processing,
) => void | Promise<void>;

/** Options of `ProcessApplication`. */
export interface ProcessApplicationOptions<E extends EventData> {
  /** Opened with `stores: { ...eventStoreStores, ... }`. */
  readonly recorder: EventStoreRecorder;
  readonly mapper: Mapper;
  /** Its tracking name: keep it stable. */
  readonly name: string;
  readonly policy: Policy<E>;
  /** Only these topics reach the policy, when non-empty. */
  readonly topics?: readonly string[];
  /** Scope its aggregates to a tenant (see `StreamStore`). */
  readonly tenant?: string;
}

/**
 * Processes the application sequence one notification per transaction (so that the policy
 * always loads what earlier notifications produced). A policy error, a conflict on an
 * aggregate (`VersionConflictError`) or a failed write stops it with that error, having
 * recorded nothing for that notification; the next run processes it again.
 */
export class ProcessApplication<E extends EventData = AnyEvent> {
  /** The application its policy saves through (and the caller may read through). */
  readonly application: Application;
  readonly #options: ProcessApplicationOptions<E>;

  constructor(options: ProcessApplicationOptions<E>) {
    const { recorder, mapper, tenant } = options;
    this.application = new Application({
      recorder,
      mapper,
      ...(tenant === undefined ? {} : { tenant }),
    });
    this.#options = options;
  }

  /** The position processed so far (its tracking record), 0 at first. */
  position(): Promise<number> {
    return this.#options.recorder.maxTrackingId(this.#options.name);
  }

  /** Processes everything recorded now; resolves to the position reached. */
  async catchUp(): Promise<number> {
    await catchUpWith(() => this.#step());
    return this.position();
  }

  /** Catches up, then processes new notifications as they commit, until `signal` aborts. */
  run(options: { readonly signal: AbortSignal }): Promise<void> {
    const { recorder, name, topics } = this.#options;
    return followWith(recorder, name, topics, options.signal, () => this.#step());
  }

  async #step(): Promise<boolean> {
    const { recorder, mapper, name, topics, policy } = this.#options;
    const from = await this.position();
    const [notification] = await recorder.selectNotifications(
      from + 1,
      1,
      topics === undefined ? {} : { topics },
    );
    if (notification === undefined) return false;
    const saved: Aggregate[] = [];
    const processing: Processing = {
      repository: this.application.repository,
      save: (...aggregates) => saved.push(...aggregates),
    };
    await policy(await decodeLoggedEvent<E>(mapper, notification), processing);
    await commitTracked(recorder, name, { from, to: notification.id }, (write) =>
      this.application.saveWith(saved, write),
    );
    return true;
  }
}
