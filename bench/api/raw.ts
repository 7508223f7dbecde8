/**
 * The baselines: the same data read with bare IndexedDB calls on the database our recorder
 * wrote (its layout: an auto-increment `events` store with a `position` index on
 * `[originatorId, originatorVersion]`). No validation, no copies, no mapping.
 */

function settled<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => {
      resolve(request.result);
    };
    request.onerror = () => {
      reject(request.error ?? new Error('IndexedDB request failed.'));
    };
  });
}

/** Opens `name` at its current version (the recorder created it). */
export function openRaw(name: string): Promise<IDBDatabase> {
  return settled(indexedDB.open(name));
}

/** One aggregate's events: one `getAll` on the position index. */
export function rawAggregate(db: IDBDatabase, originatorId: string): Promise<unknown[]> {
  const index = db.transaction('events', 'readonly').objectStore('events').index('position');
  return settled(index.getAll(IDBKeyRange.bound([originatorId, 0], [originatorId, Infinity])));
}

/** Every event: one `getAll` on the events store. */
export function rawAll(db: IDBDatabase): Promise<unknown[]> {
  return settled(db.transaction('events', 'readonly').objectStore('events').getAll());
}

interface RawEvent {
  readonly id: number;
  readonly originatorId: string;
  readonly topic: string;
  readonly state: Uint8Array;
}

interface CountRow {
  readonly run: string;
  readonly stream: string;
  readonly lines: number;
  readonly total: number;
}

/**
 * A hand-written projection doing our projection's job: pages of `pageSize` by `getAll`,
 * every JSON state decoded, and per page ONE read-write transaction that reads each touched
 * row, adds the page's lines to it, puts it back and puts the tracking record. Resolves to
 * the events processed.
 */
export async function rawProjection(
  db: IDBDatabase,
  run: string,
  pageSize: number,
): Promise<number> {
  let after = 0;
  let processed = 0;
  for (;;) {
    const store = db.transaction('events', 'readonly').objectStore('events');
    const range = IDBKeyRange.lowerBound(after, true);
    const page = (await settled(store.getAll(range, pageSize))) as RawEvent[];
    const last = page.at(-1);
    if (last === undefined) return processed;
    await foldPage(db, run, page, last.id);
    processed += page.length;
    if (page.length < pageSize) return processed;
    after = last.id;
  }
}

const decoder = new TextDecoder();

/** Lines and totals each stream gains from `page`. */
function deltas(page: readonly RawEvent[]): Map<string, { lines: number; total: number }> {
  const byStream = new Map<string, { lines: number; total: number }>();
  for (const event of page) {
    const state = JSON.parse(decoder.decode(event.state)) as { amount?: number };
    const delta = byStream.get(event.originatorId) ?? { lines: 0, total: 0 };
    if (event.topic === 'Bench.LineAdded') {
      delta.lines += 1;
      delta.total += state.amount ?? 0;
    }
    byStream.set(event.originatorId, delta);
  }
  return byStream;
}

function foldPage(
  db: IDBDatabase,
  run: string,
  page: readonly RawEvent[],
  position: number,
): Promise<void> {
  const tx = db.transaction(['counts', 'tracking'], 'readwrite', { durability: 'strict' });
  const counts = tx.objectStore('counts');
  for (const [stream, delta] of deltas(page)) {
    const request = counts.get([run, stream]);
    request.onsuccess = () => {
      const row = (request.result as CountRow | undefined) ?? { run, stream, lines: 0, total: 0 };
      counts.put({ ...row, lines: row.lines + delta.lines, total: row.total + delta.total });
    };
  }
  tx.objectStore('tracking').put({ applicationName: run, notificationId: position });
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => {
      resolve();
    };
    tx.onabort = () => {
      reject(tx.error ?? new Error('Aborted.'));
    };
  });
}
