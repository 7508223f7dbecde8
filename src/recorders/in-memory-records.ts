import { DataError, IntegrityError } from '../errors.js';
import type {
  RecordIndexSchema,
  RecordKey,
  RecordQuery,
  RecordStores,
  RecordValue,
} from '../types.js';
import {
  compareKeys,
  emptyBounds,
  isRecordKey,
  queryBounds,
  valueAtKeyPath,
  withinBounds,
} from './record-keys.js';
import { checkDeclared, type CheckedChange } from './record-stores.js';

type Store = Map<string, { readonly key: RecordKey; readonly value: RecordValue }>;

/**
 * Declared record stores in memory, with IndexedDB's semantics: records are copied in and
 * out by structured clone, keys order as IndexedDB orders them, unique indexes are enforced.
 */
export class InMemoryRecords {
  readonly #schemas: RecordStores;
  readonly #stores = new Map<string, Store>();

  constructor(schemas: RecordStores) {
    this.#schemas = schemas;
    for (const name of Object.keys(schemas)) this.#stores.set(name, new Map());
  }

  /**
   * Works out the stores after `changes` without touching them, and returns the step that
   * installs the result. Throws `IntegrityError` if a unique index would hold a key twice,
   * `DataError` if a record cannot be cloned.
   */
  prepare(changes: readonly CheckedChange[]): () => void {
    const next = new Map<string, Store>();
    for (const change of changes) {
      const store = next.get(change.store) ?? new Map(this.#stores.get(change.store));
      next.set(change.store, store);
      if (change.put === undefined) store.delete(serialiseKey(change.key));
      else
        store.set(serialiseKey(change.key), {
          key: change.key,
          value: cloneIn(change.put, change.store),
        });
    }
    for (const [name, store] of next) this.#checkUnique(name, store);
    return () => {
      for (const [name, store] of next) this.#stores.set(name, store);
    };
  }

  /** A copy of the record with `key`, or undefined. */
  get(store: string, key: RecordKey): RecordValue | undefined {
    const entry = this.#store(store).get(serialiseKey(key));
    return entry === undefined ? undefined : structuredClone(entry.value);
  }

  /** Copies of the records within the query's range, in key (or index key) order. */
  query(store: string, query: RecordQuery): RecordValue[] {
    const bounds = queryBounds(query);
    if (query.limit === 0 || emptyBounds(bounds)) return [];
    const entries = [...this.#store(store).values()];
    const keyed =
      query.index === undefined
        ? entries.map((entry) => ({ sortKey: entry.key, entry }))
        : entries.flatMap((entry) =>
            indexKeys(entry.value, this.#index(store, query.index ?? '')).map((sortKey) => ({
              sortKey,
              entry,
            })),
          );
    const selected = keyed
      .filter(({ sortKey }) => withinBounds(sortKey, bounds))
      .sort((a, b) => compareKeys(a.sortKey, b.sortKey) || compareKeys(a.entry.key, b.entry.key));
    if (query.desc === true) selected.reverse();
    return selected.slice(0, query.limit).map(({ entry }) => structuredClone(entry.value));
  }

  #store(name: string): Store {
    checkDeclared(this.#schemas, name);
    return this.#stores.get(name) ?? (new Map() as Store);
  }

  #index(store: string, name: string): RecordIndexSchema {
    checkDeclared(this.#schemas, store, name);
    return this.#schemas[store]?.indexes?.[name] as RecordIndexSchema;
  }

  #checkUnique(name: string, store: Store): void {
    for (const [indexName, index] of Object.entries(this.#schemas[name]?.indexes ?? {})) {
      if (index.unique !== true) continue;
      const seen = new Set<string>();
      for (const { value } of store.values()) {
        for (const key of indexKeys(value, index)) {
          const serialised = serialiseKey(key);
          if (seen.has(serialised)) {
            throw new IntegrityError(
              `The unique index "${indexName}" of "${name}" would hold a key twice; nothing was written.`,
            );
          }
          seen.add(serialised);
        }
      }
    }
  }
}

/** The keys under which `value` appears in `index` (none if it has no valid key there). */
function indexKeys(value: RecordValue, index: RecordIndexSchema): RecordKey[] {
  const key = valueAtKeyPath(value, index.keyPath);
  if (index.multiEntry === true && Array.isArray(key)) {
    const valid = key.filter((k) => isRecordKey(k));
    return valid.filter((k, i) => valid.findIndex((other) => compareKeys(other, k) === 0) === i);
  }
  return isRecordKey(key) ? [key] : [];
}

function cloneIn(value: RecordValue, store: string): RecordValue {
  try {
    return structuredClone(value);
  } catch (error) {
    throw new DataError(
      `A record for "${store}" cannot be stored: it is not structured-clonable.`,
      { cause: error },
    );
  }
}

/** A string that is equal for keys IndexedDB considers equal. */
function serialiseKey(key: RecordKey): string {
  if (typeof key === 'number') return `n${String(key)}`;
  if (typeof key === 'string') return `s${JSON.stringify(key)}`;
  if (key instanceof Date) return `d${String(key.getTime())}`;
  return `[${key.map(serialiseKey).join(',')}]`;
}
