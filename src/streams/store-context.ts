/** What every handle of a stream store shares: its recorder, its mapper and its tenant. */
import type { Mapper } from '../mapper/mapper.js';
import type { EventStoreRecorder } from '../types.js';
import type { TenantScope } from './stream-ids.js';

/** The recorder, mapper and tenant scope behind a `StreamStore` and its handles. */
export interface StoreContext {
  readonly recorder: EventStoreRecorder;
  readonly mapper: Mapper;
  readonly scope: TenantScope;
}
