/** Keys between `lower` and `upper` (each optional, each excluded if open), in a store or index. */
export interface KeySpan {
  readonly lower?: IDBValidKey;
  readonly upper?: IDBValidKey;
  readonly lowerOpen: boolean;
  readonly upperOpen: boolean;
}

/** How to read a span: the key range class if the runtime has one, and the factory's `cmp`. */
export interface ScanContext {
  readonly keyRange: typeof IDBKeyRange | undefined;
  readonly cmp: (a: unknown, b: unknown) => number;
}

/**
 * Reads the values in `span`, ascending or descending, at most `limit` (all if undefined).
 * Ascending reads use one `getAll`, the fastest read IndexedDB has. With no `IDBKeyRange`
 * class (an injected factory in a runtime without IndexedDB globals) a cursor starts
 * unbounded, jumps to the span with `continue(key)` and stops at its end: slower, same rows.
 * `visit`, if given, sees each cursor in the span (to delete it, say) instead of a getAll.
 */
export async function scan<T>(
  source: IDBObjectStore | IDBIndex,
  span: KeySpan,
  direction: 'next' | 'prev',
  limit: number | undefined,
  context: ScanContext,
  visit?: (cursor: IDBCursorWithValue) => void,
): Promise<T[]> {
  if (isEmpty(span, context)) return [];
  const range = context.keyRange === undefined ? undefined : keyRange(context.keyRange, span);
  if (range !== undefined && direction === 'next' && visit === undefined) {
    return promised<T[]>(source.getAll(range, limit));
  }
  const found: T[] = [];
  await walk(source, span, direction, context, (cursor) => {
    if (limit !== undefined && found.length >= limit) return false;
    found.push(cursor.value as T);
    visit?.(cursor);
    return true;
  });
  return found;
}

/**
 * Walks the values in `span` with a cursor in `direction` until `visit` returns false, with
 * the same fallback as `scan` when the runtime has no `IDBKeyRange`.
 */
export function walk(
  source: IDBObjectStore | IDBIndex,
  span: KeySpan,
  direction: 'next' | 'prev',
  context: ScanContext,
  visit: (cursor: IDBCursorWithValue) => boolean,
): Promise<void> {
  if (isEmpty(span, context)) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const request = source.openCursor(rangeOf(span, context) ?? null, direction);
    request.onerror = () => {
      reject(request.error ?? new Error('An IndexedDB cursor failed without an error.'));
    };
    request.onsuccess = () => {
      const cursor = request.result;
      if (cursor === null) {
        resolve();
        return;
      }
      const where = step(cursor, span, direction, context);
      if (where === 'after') resolve();
      else if (where === 'inside') {
        if (visit(cursor)) cursor.continue();
        else resolve();
      }
    };
  });
}

/** The first key in `span` (in `direction`), read with a key cursor; undefined if none. */
export function firstKeyOf(
  source: IDBObjectStore | IDBIndex,
  span: KeySpan,
  direction: 'next' | 'prev',
  context: ScanContext,
): Promise<IDBValidKey | undefined> {
  return new Promise((resolve, reject) => {
    const request = source.openKeyCursor(rangeOf(span, context) ?? null, direction);
    request.onsuccess = () => {
      const cursor = request.result;
      const where = cursor === null ? 'after' : step(cursor, span, direction, context);
      if (where === 'after') resolve(undefined);
      else if (where === 'inside') resolve(cursor?.key);
    };
    request.onerror = () => {
      reject(request.error ?? new Error('An IndexedDB cursor failed without an error.'));
    };
  });
}

/** The whole key space. */
export const everything: KeySpan = { lowerOpen: false, upperOpen: false };

/**
 * Where a cursor's key lies in the span; a cursor short of it (`before`, or on an open
 * bound) is moved on, and the caller acts on `inside` and `after`.
 */
function step(
  cursor: IDBCursor,
  span: KeySpan,
  direction: 'next' | 'prev',
  context: ScanContext,
): Place {
  const where = spanTest(span, direction, context.cmp)(cursor.key);
  if (where === 'before') cursor.continue(direction === 'next' ? span.lower : span.upper);
  if (where === 'edge') cursor.continue();
  return where;
}

/** Whether no key can lie in the span (a key range would refuse to exist). */
function isEmpty({ lower, upper, lowerOpen, upperOpen }: KeySpan, context: ScanContext): boolean {
  if (lower === undefined || upper === undefined) return false;
  const order = context.cmp(lower, upper);
  return order > 0 || (order === 0 && (lowerOpen || upperOpen));
}

function rangeOf(span: KeySpan, context: ScanContext): IDBKeyRange | undefined {
  return context.keyRange === undefined ? undefined : keyRange(context.keyRange, span);
}

/** The key range of a span, or undefined for an unbounded one. */
function keyRange(KeyRange: typeof IDBKeyRange, span: KeySpan): IDBKeyRange | undefined {
  const { lower, upper, lowerOpen, upperOpen } = span;
  if (lower !== undefined && upper !== undefined)
    return KeyRange.bound(lower, upper, lowerOpen, upperOpen);
  if (lower !== undefined) return KeyRange.lowerBound(lower, lowerOpen);
  if (upper !== undefined) return KeyRange.upperBound(upper, upperOpen);
  return undefined;
}

function promised<T>(request: IDBRequest): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => {
      resolve(request.result as T);
    };
    request.onerror = () => {
      reject(request.error ?? new Error('An IndexedDB request failed without an error.'));
    };
  });
}

type Place = 'before' | 'edge' | 'inside' | 'after';

/**
 * Where a key lies relative to the span in the direction of travel: `before` it (jump
 * ahead), on an open bound (`edge`: step over), `inside`, or `after` it (stop).
 */
function spanTest(
  span: KeySpan,
  direction: 'next' | 'prev',
  cmp: (a: unknown, b: unknown) => number,
): (key: IDBValidKey) => Place {
  return (key) => {
    const fromLower = span.lower === undefined ? 1 : cmp(key, span.lower);
    const fromUpper = span.upper === undefined ? -1 : cmp(key, span.upper);
    const [belowStart, pastEnd] =
      direction === 'next' ? [fromLower < 0, fromUpper > 0] : [fromUpper > 0, fromLower < 0];
    if (belowStart) return 'before';
    if (pastEnd) return 'after';
    const onOpenBound = (fromLower === 0 && span.lowerOpen) || (fromUpper === 0 && span.upperOpen);
    return onOpenBound ? 'edge' : 'inside';
  };
}
