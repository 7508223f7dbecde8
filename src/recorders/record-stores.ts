import { DataError, InterfaceError } from '../errors.js';
import type { RecordChange, RecordKey, RecordStores, RecordStoreSchema } from '../types.js';
import { isRecordKey, keyOf } from './record-keys.js';

/** Store names the recorders use themselves. */
const reservedStoreNames: ReadonlySet<string> = new Set([
  'events',
  'segments',
  'commits',
  'tracking',
]);

/** Checks declared record stores; throws `InterfaceError` for a layout that cannot work. */
export function checkStores(stores: RecordStores): void {
  for (const [name, schema] of Object.entries(stores)) {
    if (name.length === 0 || reservedStoreNames.has(name)) {
      throw new InterfaceError(
        `"${name}" cannot name a record store: ${[...reservedStoreNames].map((n) => `"${n}"`).join(', ')} are the recorder's own.`,
      );
    }
    checkKeyPath(schema.keyPath, `the store "${name}"`);
    for (const [indexName, index] of Object.entries(schema.indexes ?? {})) {
      checkKeyPath(index.keyPath, `the index "${indexName}" of "${name}"`);
      if (index.multiEntry === true && typeof index.keyPath !== 'string') {
        throw new InterfaceError(
          `The multiEntry index "${indexName}" of "${name}" needs a single key path.`,
        );
      }
    }
  }
}

function checkKeyPath(keyPath: unknown, what: string): void {
  const paths = typeof keyPath === 'string' ? [keyPath] : keyPath;
  if (
    !Array.isArray(paths) ||
    paths.length === 0 ||
    !paths.every((p) => typeof p === 'string' && p.length > 0)
  ) {
    throw new InterfaceError(`${what} needs a keyPath: a non-empty string or array of them.`);
  }
}

/** A change, checked against the declared stores, with the key it touches. */
export interface CheckedChange {
  readonly store: string;
  readonly key: RecordKey;
  /** The record to put, or undefined to delete. */
  readonly put: Readonly<Record<string, unknown>> | undefined;
}

/**
 * Checks every change before anything is written: the store must be declared (else
 * `InterfaceError`), a put must be an object carrying a valid key, a delete a valid key
 * (else `DataError`).
 */
export function checkChanges(
  changes: readonly RecordChange[] | undefined,
  stores: RecordStores,
): CheckedChange[] {
  if (changes === undefined) return [];
  if (!Array.isArray(changes)) throw new DataError('changes must be an array of record changes.');
  return (changes as readonly RecordChange[]).map((change, index) =>
    checkChange(change, index, stores),
  );
}

function checkChange(change: RecordChange, index: number, stores: RecordStores): CheckedChange {
  const schema: RecordStoreSchema | undefined = Object.hasOwn(stores, change.store)
    ? stores[change.store]
    : undefined;
  if (schema === undefined) {
    throw new InterfaceError(
      `Change ${index} names the record store "${change.store}", which this recorder was not opened with. Declare it in options.stores.`,
    );
  }
  if ('put' in change) {
    if (
      typeof change.put !== 'object' ||
      (change.put as unknown) === null ||
      Array.isArray(change.put)
    ) {
      throw new DataError(
        `Change ${index} puts something that is not an object into "${change.store}".`,
      );
    }
    return {
      store: change.store,
      key: keyOf(change.put, schema.keyPath, change.store),
      put: change.put,
    };
  }
  if (!isRecordKey(change.delete)) {
    throw new DataError(`Change ${index} deletes from "${change.store}" by an invalid key.`);
  }
  return { store: change.store, key: change.delete, put: undefined };
}

/** Throws `InterfaceError` unless `store` (and `index`, if given) was declared. */
export function checkDeclared(stores: RecordStores, store: string, index?: string): void {
  const schema = Object.hasOwn(stores, store) ? stores[store] : undefined;
  if (schema === undefined) {
    throw new InterfaceError(`There is no record store "${store}". Declare it in options.stores.`);
  }
  if (index !== undefined && !Object.hasOwn(schema.indexes ?? {}, index)) {
    throw new InterfaceError(
      `The record store "${store}" has no index "${index}". Declare it in its schema.`,
    );
  }
}
