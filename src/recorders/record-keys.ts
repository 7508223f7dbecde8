import { DataError } from '../errors.js';
import type { RecordKey, RecordQuery } from '../types.js';

/** Whether `key` is a valid record key: a number (not NaN), string, valid Date, or array of keys. */
export function isRecordKey(key: unknown, depth = 0): key is RecordKey {
  if (typeof key === 'number') return !Number.isNaN(key);
  if (typeof key === 'string') return true;
  if (key instanceof Date) return !Number.isNaN(key.getTime());
  return Array.isArray(key) && depth < 32 && key.every((k) => isRecordKey(k, depth + 1));
}

/** The value at `keyPath` (dotted properties; an array of paths makes a compound key). */
export function valueAtKeyPath(value: unknown, keyPath: string | readonly string[]): unknown {
  if (typeof keyPath !== 'string') return keyPath.map((path) => valueAtKeyPath(value, path));
  let current: unknown = value;
  for (const part of keyPath.split('.')) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

/** The key of `value` at `keyPath`; throws `DataError` naming the store if it has none. */
export function keyOf(
  value: unknown,
  keyPath: string | readonly string[],
  store: string,
): RecordKey {
  const key = valueAtKeyPath(value, keyPath);
  if (!isRecordKey(key)) {
    throw new DataError(
      `A record for "${store}" needs a valid key at ${JSON.stringify(keyPath)} (a number, string, Date or array of them).`,
    );
  }
  return key;
}

const typeRank = (key: RecordKey): number =>
  typeof key === 'number' ? 0 : key instanceof Date ? 1 : typeof key === 'string' ? 2 : 3;

/** Orders keys as IndexedDB does: numbers < dates < strings < arrays, arrays element-wise. */
export function compareKeys(a: RecordKey, b: RecordKey): number {
  const [ra, rb] = [typeRank(a), typeRank(b)];
  if (ra !== rb) return ra - rb;
  if (Array.isArray(a) && Array.isArray(b)) return compareArrays(a, b);
  const [va, vb] = a instanceof Date && b instanceof Date ? [a.getTime(), b.getTime()] : [a, b];
  return va < vb ? -1 : va > vb ? 1 : 0;
}

function compareArrays(a: readonly RecordKey[], b: readonly RecordKey[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const order = compareKeys(a[i] as RecordKey, b[i] as RecordKey);
    if (order !== 0) return order;
  }
  return a.length - b.length;
}

/** The bounds a query asks for, checked: at most one lower and one upper bound, valid keys. */
export interface QueryBounds {
  readonly lower?: RecordKey;
  readonly lowerOpen: boolean;
  readonly upper?: RecordKey;
  readonly upperOpen: boolean;
}

/** Checks a query's bounds and limit; throws `DataError` for anything IndexedDB would refuse. */
export function queryBounds(query: RecordQuery): QueryBounds {
  if (query.gt !== undefined && query.gte !== undefined)
    throw new DataError('Give gt or gte, not both.');
  if (query.lt !== undefined && query.lte !== undefined)
    throw new DataError('Give lt or lte, not both.');
  const lower = query.gt ?? query.gte;
  const upper = query.lt ?? query.lte;
  for (const bound of [lower, upper]) {
    if (bound !== undefined && !isRecordKey(bound))
      throw new DataError('A query bound must be a valid record key.');
  }
  const limit = query.limit;
  if (limit !== undefined && !(Number.isSafeInteger(limit) && limit >= 0)) {
    throw new DataError(`limit must be a safe integer >= 0, got ${String(limit)}.`);
  }
  return {
    ...(lower === undefined ? {} : { lower }),
    lowerOpen: query.gt !== undefined,
    ...(upper === undefined ? {} : { upper }),
    upperOpen: query.lt !== undefined,
  };
}

/** Whether `key` lies within `bounds`. */
export function withinBounds(key: RecordKey, bounds: QueryBounds): boolean {
  if (bounds.lower !== undefined) {
    const order = compareKeys(key, bounds.lower);
    if (order < 0 || (order === 0 && bounds.lowerOpen)) return false;
  }
  if (bounds.upper !== undefined) {
    const order = compareKeys(key, bounds.upper);
    if (order > 0 || (order === 0 && bounds.upperOpen)) return false;
  }
  return true;
}

/** Whether the bounds can contain no key at all (lower above upper). */
export function emptyBounds(bounds: QueryBounds): boolean {
  if (bounds.lower === undefined || bounds.upper === undefined) return false;
  const order = compareKeys(bounds.lower, bounds.upper);
  return order > 0 || (order === 0 && (bounds.lowerOpen || bounds.upperOpen));
}
