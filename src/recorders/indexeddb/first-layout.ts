import type { CommitRecord, SegmentRecord } from './schema.js';

/** An event of the first layout: one record per event, keyed by its notification id. */
interface FirstLayoutEvent {
  readonly id: number;
  readonly originatorId: string;
  readonly originatorVersion: number;
  readonly topic: string;
  readonly state: Uint8Array;
}

/** The store the first layout kept events in (auto-increment `id`, `position` index). */
const firstLayoutStore = 'events';

/**
 * What stands in the first layout's store's place once moved: a store of that name with
 * another key path. A tab still running the old code then fails to open with its
 * key-path error and is reloaded, instead of recreating the old store and writing events
 * that this layout would never read.
 */
const movedMarker = 'movedToSegments';

/** Whether the database still holds events in the first layout (`tx` must cover its store). */
export function hasFirstLayout(tx: IDBTransaction): boolean {
  return (
    tx.objectStoreNames.contains(firstLayoutStore) &&
    tx.objectStore(firstLayoutStore).keyPath === 'id'
  );
}

/**
 * Moves the events of the first layout into segments inside the upgrade transaction, so
 * the move commits with the new layout or not at all. Each run of consecutive records of
 * one aggregate with consecutive versions becomes a segment with the same ids; the
 * sequence starts where the old key generator stood, so ids of deleted events stay unused.
 */
export function moveFirstLayout(db: IDBDatabase, tx: IDBTransaction): void {
  const events = tx.objectStore(firstLayoutStore);
  const segments = tx.objectStore('segments');
  let run: FirstLayoutEvent[] = [];
  const flush = () => {
    if (run.length > 0) segments.add(segmentOf(run));
    run = [];
  };
  const cursor = events.openCursor();
  cursor.onsuccess = () => {
    const current = cursor.result;
    if (current === null) {
      flush();
      finish(db, tx);
      return;
    }
    const event = current.value as FirstLayoutEvent;
    const previous = run.at(-1);
    const continues =
      previous?.originatorId === event.originatorId &&
      previous.originatorVersion + 1 === event.originatorVersion;
    if (!continues) flush();
    run.push(event);
    current.continue();
  };
}

/** Numbers on after the old key generator's last id, then retires the old store. */
function finish(db: IDBDatabase, tx: IDBTransaction): void {
  // The generator's next key is the first id the old layout never gave out; the probe
  // record goes with the store.
  const probe = tx.objectStore(firstLayoutStore).add({});
  probe.onsuccess = () => {
    const last = (probe.result as number) - 1;
    if (last > 0) tx.objectStore('commits').add({ start: 1, last } satisfies CommitRecord);
    db.deleteObjectStore(firstLayoutStore);
    db.createObjectStore(firstLayoutStore, { keyPath: movedMarker });
  };
}

function segmentOf(run: readonly FirstLayoutEvent[]): SegmentRecord {
  const first = run[0] as FirstLayoutEvent;
  const last = run.at(-1) as FirstLayoutEvent;
  return {
    originatorId: first.originatorId,
    lastVersion: last.originatorVersion,
    firstVersion: first.originatorVersion,
    ids: run.map((event) => event.id),
    lastId: last.id,
    txLast: last.id,
    topics: run.map((event) => event.topic),
    states: run.map((event) => event.state),
    positions: run.map((event) => [event.originatorId, event.originatorVersion]),
  };
}
