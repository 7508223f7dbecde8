/** A category: the streams whose ids begin with `category/`, read in application order. */
import type { Notification } from '../types.js';
import { EventStream } from './event-stream.js';
import { collect, flatten, logPages, type PageOptions } from './paging.js';
import type { StoreContext } from './store-context.js';
import type { EventData, LoggedEvent, AnyEvent } from './stream-events.js';
import { checkCategory } from './stream-ids.js';

/**
 * A handle on a category; creating it does no I/O, and a category never written reads as
 * empty. What a caller can get wrong: reading a category scans the application sequence and
 * keeps its streams' events (the recorder has no index by category), so its cost grows with
 * the whole log; page through it with `events({ after })` from a position you keep.
 */
export class EventCategory<E extends EventData = AnyEvent> {
  readonly name: string;
  readonly #context: StoreContext;
  readonly #prefix: string;

  /** Use `store.category(name)`; throws `DataError` for a name with `/`, `TenantError` for `@`. */
  constructor(context: StoreContext, name: string) {
    checkCategory(name);
    this.#context = context;
    this.name = name;
    this.#prefix = `${context.scope.prefix}${name}/`;
  }

  /** The stream `name` of this category (`invoices` + `1003` is `invoices/1003`). */
  stream<S extends E = E>(name: string): EventStream<S> {
    return new EventStream<S>(this.#context, `${this.name}/${name}`);
  }

  /** Pages of the category's events after position `options.after`, fetched lazily. */
  pages(options: PageOptions = {}): AsyncIterable<LoggedEvent<E>[]> {
    const keep = (n: Notification) => n.originatorId.startsWith(this.#prefix);
    return logPages<E>(this.#context, keep, options);
  }

  /** The category's events one by one after `options.after`, fetched a page at a time. */
  events(options: PageOptions = {}): AsyncIterable<LoggedEvent<E>> {
    return flatten(this.pages(options));
  }

  /** Every event of the category, in memory: prefer `events()` for large categories. */
  read(): Promise<LoggedEvent<E>[]> {
    return collect(this.pages());
  }
}
