/**
 * The record stores the store APIs keep their own data in, written in the same transactions
 * as the events they describe. Apps declare them when opening a recorder, next to their read
 * models: `IndexedDBProcessRecorder.open({ name, stores: { ...eventStoreStores, ...mine } })`.
 */
import { InterfaceError } from '../errors.js';
import type { EventStoreRecorder, RecordStores } from '../types.js';
import { MissingStoresError } from './errors.js';

/**
 * - `streams`: one record per stream, written with its first events: its versioning mode
 *   and its incarnation (a fresh id each time the stream is created, so that snapshots of a
 *   deleted stream can never be mistaken for those of a new stream with the same id);
 * - `snapshots`: mapped snapshots keyed `[originatorId, originatorVersion]`, apart from the
 *   events (a snapshot never takes an event's position);
 *
 * What a caller can get wrong: naming one of its own stores `streams` or `snapshots`;
 * opening the recorder without these (the APIs then fail with `MissingStoresError`).
 */
export const eventStoreStores = {
  streams: { keyPath: 'originatorId' },
  snapshots: { keyPath: ['originatorId', 'originatorVersion'] },
} as const satisfies RecordStores;

/** The name of one of {@link eventStoreStores}. */
export type EventStoreStoreName = keyof typeof eventStoreStores;

const checked = new WeakMap<EventStoreRecorder, Promise<void>>();

/**
 * Resolves once `recorder` is known to have {@link eventStoreStores}; rejects with
 * `MissingStoresError` otherwise. Probes once per recorder.
 */
export function ensureStores(recorder: EventStoreRecorder): Promise<void> {
  let probe = checked.get(recorder);
  if (probe === undefined) {
    probe = probeStores(recorder);
    checked.set(recorder, probe);
    // A failed probe is not cached: the caller may reopen with the stores declared.
    probe.catch(() => checked.delete(recorder));
  }
  return probe;
}

async function probeStores(recorder: EventStoreRecorder): Promise<void> {
  for (const store of Object.keys(eventStoreStores)) {
    try {
      await recorder.getRecord(store, '');
    } catch (error) {
      // Both recorders answer an undeclared store with InterfaceError naming it, which tells
      // a missing store from a closed recorder.
      const miss = error instanceof InterfaceError;
      if (miss && error.message.includes(`"${store}"`)) {
        throw new MissingStoresError(store, { cause: error });
      }
      throw error;
    }
  }
}
