/** What a projection is: a named, tracked fold of the application sequence into record stores. */
import type { EventData, LoggedEvent, AnyEvent } from '../streams/stream-events.js';
import type { RecordStores } from '../types.js';
import type { ReadModelView } from './read-model-view.js';

/**
 * A projection of events into a read model kept in record stores. What a caller can get wrong:
 * - `name` is its tracking name: keep it stable (a new name starts over from position 0);
 * - declare its `stores` when opening the recorder (`stores: { ...eventStoreStores,
 *   ...projection.stores }`), and write only through the `view` given to `handle`;
 * - `handle` may read (`view.get` sees the batch's own earlier writes) and may await, but
 *   must have no other effects: a batch that fails is thrown away and handled again later,
 *   so anything done outside the view would happen twice;
 * - throwing from `handle` stops the runner; nothing of that batch is kept.
 */
export interface Projection<E extends EventData = AnyEvent> {
  readonly name: string;
  /** The read model's record stores (their key paths tell the view each record's key). */
  readonly stores: RecordStores;
  /** Only these topics reach `handle`, when non-empty. */
  readonly topics?: readonly string[];
  handle(event: LoggedEvent<E>, view: ReadModelView): void | Promise<void>;
}
