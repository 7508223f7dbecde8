/**
 * The read model's channel from a tab to the ledger worker: a `MessageChannel` with Comlink
 * on it. The tab sends `{ [READ_CHANNEL]: true, port }` on the worker's port; the worker
 * serves `ReadApi` on that port: reads of record stores, and the projection's writes (the
 * recorder's worker wire forwards `tracking` but not yet `changes`, so they go this way).
 */
import { wrap } from 'comlink';
import type { ReadModelChange, ReadModelStore } from './read-model.js';

const READ_CHANNEL = 'tally-read-channel';

/** A record of the read model, as the recorder returns it. */
export type StoredRecord = Readonly<Record<string, unknown>>;

/** Which records to read: through an index, newest first, at most `limit`. */
export interface ReadQuery {
  readonly index?: string;
  readonly desc?: boolean;
  readonly limit?: number;
}

/** What the worker serves. */
export interface ReadApi {
  record(store: ReadModelStore, key: string): Promise<StoredRecord | undefined>;
  records(store: ReadModelStore, query?: ReadQuery): Promise<StoredRecord[]>;
  /**
   * Writes `changes` with the tracking record of `notificationId` in one transaction;
   * rejects with an error named `IntegrityError` when that notification was already tracked.
   */
  project(
    applicationName: string,
    notificationId: number,
    changes: readonly ReadModelChange[],
  ): Promise<void>;
}

/** Whether `data` asks the worker to serve reads on its port. */
export function isReadChannelRequest(data: unknown): data is { readonly port: MessagePort } {
  return typeof data === 'object' && data !== null && READ_CHANNEL in data && 'port' in data;
}

/** Opens a read channel on `endpoint` (a `SharedWorker`'s port, or a `Worker`). */
export function openReadChannel(endpoint: MessagePort | Worker): ReadApi {
  const channel = new MessageChannel();
  endpoint.postMessage({ [READ_CHANNEL]: true, port: channel.port2 }, [channel.port2]);
  const remote = wrap<ReadApi>(channel.port1);
  return {
    record: (store, key) => remote.record(store, key),
    records: (store, query) => remote.records(store, query),
    project: (name, id, changes) => remote.project(name, id, changes),
  };
}
