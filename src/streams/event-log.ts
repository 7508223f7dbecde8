/** The application sequence as one store (one tenant) sees it. */
import type { Notification } from '../types.js';
import { collect, flatten, logPages, type PageOptions } from './paging.js';
import type { StoreContext } from './store-context.js';
import type { EventData, LoggedEvent, AnyEvent } from './stream-events.js';
import { inScope } from './stream-ids.js';

/**
 * Every event of the store's tenant in application order (logicblocks' log). A tenant's log
 * holds its own events only; the default tenant's holds every event without a tenant. For
 * all tenants at once, read the recorder through a `NotificationLog`.
 */
export class EventLog<E extends EventData = AnyEvent> {
  readonly #context: StoreContext;

  /** Use `store.log()`. */
  constructor(context: StoreContext) {
    this.#context = context;
  }

  /** Pages of events after position `options.after`, fetched lazily. */
  pages(options: PageOptions = {}): AsyncIterable<LoggedEvent<E>[]> {
    const keep = (n: Notification) => inScope(this.#context.scope, n.originatorId);
    return logPages<E>(this.#context, keep, options);
  }

  /** Events one by one after `options.after`, fetched a page at a time. */
  events(options: PageOptions = {}): AsyncIterable<LoggedEvent<E>> {
    return flatten(this.pages(options));
  }

  /** Every event, in memory: prefer `events()`. */
  read(): Promise<LoggedEvent<E>[]> {
    return collect(this.pages());
  }
}
