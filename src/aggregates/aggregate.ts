/**
 * The aggregate base (after eventsourcing's `Aggregate`): command methods `trigger` events,
 * every event mutates the aggregate through `apply`, and the triggered events wait to be
 * saved by an `Application`, all of them in one transaction.
 */
import type { EventData, AnyEvent } from '../streams/stream-events.js';
import { UnknownTopicError } from './errors.js';

/**
 * What the repository needs of an aggregate class: a constructor taking the id, and optional
 * statics. `category` puts its streams in a category (`invoices` gives `invoices/<id>`);
 * `snapshotEvery` makes `Application.save` snapshot each time the version crosses a multiple.
 */
export interface AggregateType<A extends Aggregate = Aggregate> {
  new (id: string): A;
  readonly category?: string | undefined;
  readonly snapshotEvery?: number | undefined;
}

/** A fresh aggregate id: a random UUID. */
export function newAggregateId(): string {
  return crypto.randomUUID();
}

/** What the repository and the application do to aggregates that no caller may do. */
interface AggregateInternals {
  /** Applies a recorded event at `version`. */
  replay(aggregate: Aggregate, event: AnyEvent, version: number): void;
  /** Restores a snapshot's state at `version`. */
  restore(aggregate: Aggregate, state: Record<string, unknown>, version: number): void;
  snapshot(aggregate: Aggregate): Record<string, unknown>;
  /** Forgets the pending events once they are recorded. */
  markSaved(aggregate: Aggregate): void;
}

// Set by the class's static block, which alone may touch its private fields.
let internals: AggregateInternals | undefined;

/**
 * The base of event-sourced aggregates. What a subclass can get wrong:
 * - `apply` is the only place state changes, and it must not fail for a recorded event:
 *   validate in the command method, before `trigger`;
 * - end `apply`'s switch with `default: this.unknownTopic(event)`: the compiler then checks
 *   that every topic is handled, and an unknown one fails with `UnknownTopicError`;
 * - topics are explicit strings, stable forever (never a class name);
 * - snapshots hold the own enumerable fields (not `id`, not functions); override
 *   `snapshotState` / `restoreState` when that is not the state.
 */
export abstract class Aggregate<E extends EventData = AnyEvent> {
  /** Streams of this class go in this category; subclasses set `static override category`. */
  static readonly category: string | undefined = undefined;
  /** Snapshot every this many versions on save; `undefined`: only on demand. */
  static readonly snapshotEvery: number | undefined = undefined;

  /** The aggregate id (within its category). */
  readonly id: string;
  #version = 0;
  #pending: E[] = [];

  /** A new, empty aggregate; `id` defaults to a random UUID. It has version 0 until it triggers. */
  constructor(id: string = newAggregateId()) {
    this.id = id;
  }

  /** The version of the latest event applied: 0 for an aggregate with no events. */
  get version(): number {
    return this.#version;
  }

  /** Events triggered since the aggregate was loaded or last saved. */
  get pendingEvents(): readonly E[] {
    return this.#pending;
  }

  /** Applies `event` and queues it for saving. Throws whatever `apply` throws, queuing nothing. */
  protected trigger(event: E): void {
    this.apply(event);
    this.#version += 1;
    this.#pending.push(event);
  }

  /** Changes the state for one event; switch on `event.topic`. */
  protected abstract apply(event: E): void;

  /** Throws `UnknownTopicError`; call it from `apply`'s default branch. */
  protected unknownTopic(event: never): never {
    const topic = (event as { topic?: unknown }).topic;
    throw new UnknownTopicError(String(topic), `The aggregate ${this.id}`);
  }

  /** The state a snapshot keeps: the own enumerable fields except `id` and functions. */
  protected snapshotState(): Record<string, unknown> {
    const state: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(this)) {
      if (key !== 'id' && typeof value !== 'function') state[key] = value;
    }
    return state;
  }

  /** Sets the state a snapshot kept (on a freshly constructed aggregate). */
  protected restoreState(state: Record<string, unknown>): void {
    Object.assign(this, state);
  }

  static {
    internals = {
      replay(aggregate, event, version) {
        aggregate.apply(event);
        aggregate.#version = version;
      },
      restore(aggregate, state, version) {
        aggregate.restoreState(state);
        aggregate.#version = version;
      },
      snapshot: (aggregate) => aggregate.snapshotState(),
      markSaved(aggregate) {
        aggregate.#pending = [];
      },
    };
  }
}

/** The aggregate operations reserved to this layer. */
export function aggregateInternals(): AggregateInternals {
  if (internals === undefined) throw new Error('Aggregate is not initialised.');
  return internals;
}

/** The stream id of aggregate `id` of `type`: `category/id`, or `id` without a category. */
export function aggregateStreamId(type: AggregateType, id: string): string {
  return type.category === undefined ? id : `${type.category}/${id}`;
}

/** The class of an aggregate instance. */
export function typeOf(aggregate: Aggregate): AggregateType {
  return aggregate.constructor as AggregateType;
}
