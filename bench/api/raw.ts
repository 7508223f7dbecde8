/**
 * The baselines: the same data read with bare IndexedDB calls, from a database of their own
 * in the plainest layout (one record per event: an auto-increment `events` store with a
 * unique `position` index on `[originatorId, originatorVersion]`). Our recorder stores
 * segments, which these calls cannot read, so {@link copyToRaw} writes the same events here.
 * No validation, no copies, no mapping.
 */
import type { ProcessRecorder, StoredEvent } from '../../src/index.js';
import { committed, settled } from '../recorder/raw-idb.js';

/** Opens `name`, creating the raw layout and the stores the raw projection writes. */
export function openRaw(name: string): Promise<IDBDatabase> {
  const request = indexedDB.open(name, 1);
  request.onupgradeneeded = () => {
    const db = request.result;
    const events = db.createObjectStore('events', { keyPath: 'id', autoIncrement: true });
    events.createIndex('position', ['originatorId', 'originatorVersion'], { unique: true });
    // As our bench databases declare them (benchStores), so both projections write alike.
    db.createObjectStore('counts', { keyPath: ['run', 'stream'] });
    db.createObjectStore('tracking', { keyPath: 'applicationName' });
  };
  return settled(request);
}

/**
 * Writes the raw baselines' database: the events `recorder` holds, read back in notification
 * order and written one transaction per call of ours (`callEnds`: the last id of each), so
 * both sides hold the same events written by transactions of the same sizes. Resolves to the
 * new database's name.
 */
export async function copyToRaw(
  recorder: ProcessRecorder,
  callEnds: readonly number[],
): Promise<string> {
  const name = `bench-raw-${crypto.randomUUID()}`;
  const db = await openRaw(name);
  try {
    let start = 1;
    for (const end of callEnds) {
      const rows = await recorder.selectNotifications(start, end - start + 1, { stop: end });
      if (rows.at(-1)?.id !== end) throw new Error(`Could not read events ${start}–${end}.`);
      await writeCall(db, rows);
      start = end + 1;
    }
  } finally {
    db.close();
  }
  return name;
}

function writeCall(db: IDBDatabase, events: readonly StoredEvent[]): Promise<void> {
  const tx = db.transaction('events', 'readwrite', { durability: 'strict' });
  const store = tx.objectStore('events');
  for (const { originatorId, originatorVersion, topic, state } of events) {
    // A tight copy: a view would make IndexedDB store the whole buffer behind it.
    store.add({ originatorId, originatorVersion, topic, state: state.slice() });
  }
  return committed(tx);
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
  return committed(tx);
}
