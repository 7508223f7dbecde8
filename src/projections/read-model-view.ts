/**
 * The read model as a projection's batch sees it: reads fall through to the recorder, writes
 * are collected as record changes, and later reads in the batch see the earlier writes.
 */
import { DataError, InterfaceError } from '../errors.js';
import { isRecordKey, keyOf } from '../recorders/record-keys.js';
import type {
  EventStoreRecorder,
  RecordChange,
  RecordKey,
  RecordStores,
  RecordValue,
} from '../types.js';

type Pending = {
  readonly store: string;
  readonly key: RecordKey;
  readonly value: RecordValue | undefined;
};

/**
 * One batch's view of a read model. What a caller can get wrong: only `get` sees this batch's
 * writes; query the read model with `recorder.getRecords` outside projections. Values are
 * copied in and out, so mutating a record after `put` or `get` changes nothing.
 */
export class ReadModelView {
  readonly #recorder: EventStoreRecorder;
  readonly #stores: RecordStores;
  readonly #pending = new Map<string, Pending>();

  /** `stores`: the projection's declared stores. */
  constructor(recorder: EventStoreRecorder, stores: RecordStores) {
    this.#recorder = recorder;
    this.#stores = stores;
  }

  /** The record of `store` with `key`, as this batch has left it. */
  async get(store: string, key: RecordKey): Promise<RecordValue | undefined> {
    this.#schema(store);
    const pending = this.#pending.get(pendingKey(store, key));
    if (pending !== undefined)
      return pending.value === undefined ? undefined : structuredClone(pending.value);
    return this.#recorder.getRecord(store, key);
  }

  /** Puts `value` (which carries its key) into `store`; `DataError` if it has no valid key. */
  put(store: string, value: RecordValue): void {
    const key = keyOf(value, this.#schema(store).keyPath, store);
    this.#pending.set(pendingKey(store, key), { store, key, value: structuredClone(value) });
  }

  /** Deletes the record of `store` with `key` (nothing happens if there is none). */
  delete(store: string, key: RecordKey): void {
    this.#schema(store);
    this.#pending.set(pendingKey(store, key), { store, key, value: undefined });
  }

  /** The batch's writes, one per record, last write winning. */
  changes(): RecordChange[] {
    return [...this.#pending.values()].map(({ store, key, value }) =>
      value === undefined ? { store, delete: key } : { store, put: value },
    );
  }

  #schema(store: string): RecordStores[string] {
    const schema = Object.hasOwn(this.#stores, store) ? this.#stores[store] : undefined;
    if (schema === undefined) {
      throw new InterfaceError(
        `The projection has no store "${store}". Add it to the projection's stores and to the recorder's.`,
      );
    }
    return schema;
  }
}

/** A string equal for keys IndexedDB considers equal. */
function pendingKey(store: string, key: RecordKey): string {
  return `${JSON.stringify(store)}:${keyString(key)}`;
}

function keyString(key: RecordKey): string {
  if (!isRecordKey(key))
    throw new DataError('A record key must be a number, string, Date or array of them.');
  if (typeof key === 'number') return `n${key}`;
  if (typeof key === 'string') return `s${JSON.stringify(key)}`;
  if (key instanceof Date) return `d${key.getTime()}`;
  return `[${key.map(keyString).join(',')}]`;
}
