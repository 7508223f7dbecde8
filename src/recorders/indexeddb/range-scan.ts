/** Keys from `lower` (excluded if `lowerOpen`) to `upper` (included), in one store or index. */
export interface KeySpan {
  readonly lower: IDBValidKey;
  readonly upper: IDBValidKey;
  readonly lowerOpen: boolean;
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
 */
export function scan<T>(
  source: IDBObjectStore | IDBIndex,
  span: KeySpan,
  direction: 'next' | 'prev',
  limit: number | undefined,
  context: ScanContext,
): Promise<T[]> {
  const range = context.keyRange?.bound(span.lower, span.upper, span.lowerOpen, false);
  if (range !== undefined && direction === 'next') return getAll<T>(source, range, limit);
  return new Promise((resolve, reject) => {
    const found: T[] = [];
    const request = source.openCursor(range ?? null, direction);
    const inSpan = spanTest(span, direction, context.cmp);
    request.onerror = () => {
      reject(request.error ?? new Error('An IndexedDB cursor failed without an error.'));
    };
    request.onsuccess = () => {
      const cursor = request.result;
      if (cursor === null || (limit !== undefined && found.length >= limit)) {
        resolve(found);
        return;
      }
      const where = inSpan(cursor.key);
      if (where === 'before') {
        cursor.continue(direction === 'next' ? span.lower : span.upper);
        return;
      }
      if (where === 'after') {
        resolve(found);
        return;
      }
      if (where === 'inside') found.push(cursor.value as T);
      cursor.continue();
    };
  });
}

function getAll<T>(
  source: IDBObjectStore | IDBIndex,
  range: IDBKeyRange,
  limit: number | undefined,
): Promise<T[]> {
  return new Promise((resolve, reject) => {
    const request = source.getAll(range, limit);
    request.onsuccess = () => {
      resolve(request.result as T[]);
    };
    request.onerror = () => {
      reject(request.error ?? new Error('An IndexedDB getAll failed without an error.'));
    };
  });
}

type Place = 'before' | 'edge' | 'inside' | 'after';

/**
 * Where a key lies relative to the span in the direction of travel: `before` it (jump
 * ahead), on its open lower `edge` (step over), `inside`, or `after` it (stop).
 */
function spanTest(
  span: KeySpan,
  direction: 'next' | 'prev',
  cmp: (a: unknown, b: unknown) => number,
): (key: IDBValidKey) => Place {
  return (key) => {
    const fromLower = cmp(key, span.lower);
    const fromUpper = cmp(key, span.upper);
    const belowSpan = fromLower < 0;
    const aboveSpan = fromUpper > 0;
    if (direction === 'next') {
      if (belowSpan) return 'before';
      if (aboveSpan) return 'after';
    } else {
      if (aboveSpan) return 'before';
      if (belowSpan || (fromLower === 0 && span.lowerOpen)) return 'after';
    }
    return fromLower === 0 && span.lowerOpen ? 'edge' : 'inside';
  };
}
