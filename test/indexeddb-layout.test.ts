import { afterEach, describe, expect, it } from 'vitest';
import { IntegrityError } from '../src/errors.js';
import { openDatabase } from '../src/recorders/indexeddb/connection.js';
import { IndexedDBProcessRecorder } from '../src/recorders/indexeddb/index.js';
import { requestResult } from '../src/recorders/indexeddb/requests.js';
import { keyPathConflict } from '../src/recorders/indexeddb/schema.js';
import type { StoredEvent } from '../src/types.js';
import { aggregateEvents, newId, plain, storedEvent } from './contract/fixtures.js';
import { engineName, testIndexedDB, uniqueDatabaseName } from './support/engine.js';

/** How many records a store of `name` holds. */
async function countRecords(indexedDB: IDBFactory, name: string, store: string): Promise<number> {
  const db = await openDatabase(indexedDB, name, undefined, () => undefined);
  try {
    return await requestResult(db.transaction(store, 'readonly').objectStore(store).count());
  } finally {
    db.close();
  }
}

/** `count` events spread round-robin over `ids`, each aggregate's versions consecutive. */
function roundRobin(ids: readonly string[], count: number): StoredEvent[] {
  return Array.from({ length: count }, (_, i) =>
    storedEvent(ids[i % ids.length] ?? '', Math.floor(i / ids.length)),
  );
}

describe(`The IndexedDB recorder's layout on ${engineName}`, () => {
  const cleanup: (() => unknown)[] = [];
  afterEach(async () => {
    await Promise.all(cleanup.splice(0).map((undo) => undo()));
  });
  const open = async (name = uniqueDatabaseName('layout'), indexedDB = testIndexedDB()) => {
    const recorder = await IndexedDBProcessRecorder.open({ name, indexedDB });
    cleanup.push(() => recorder.close());
    return { recorder, name, indexedDB };
  };

  it('stores a batch as one record per aggregate run, not one per event', async () => {
    const { recorder, name, indexedDB } = await open();
    const ids = Array.from({ length: 10 }, newId);
    await recorder.insertEvents(roundRobin(ids, 1_000));
    expect(await countRecords(indexedDB, name, 'segments')).toBe(10);
    expect((await recorder.selectEvents(ids[3] ?? '')).map((e) => e.originatorVersion)).toEqual(
      Array.from({ length: 100 }, (_, v) => v),
    );
  });

  it('merges concurrent single-event calls into runs and numbers them in call order', async () => {
    const { recorder, name, indexedDB } = await open();
    const ids = [newId(), newId()];
    const calls = roundRobin(ids, 100).map((event) => recorder.insertEvents([event]));
    expect(await Promise.all(calls)).toEqual(Array.from({ length: 100 }, (_, i) => [i + 1]));
    expect(await countRecords(indexedDB, name, 'segments')).toBe(2);
    const log = await recorder.selectNotifications(1, 100);
    expect(log.map((n) => [n.originatorId, n.originatorVersion])).toEqual(
      roundRobin(ids, 100).map((e) => [e.originatorId, e.originatorVersion]),
    );
  });

  it('rejects only the call whose version a merged run finds taken, and keeps the others', async () => {
    const { recorder } = await open();
    const id = newId();
    await recorder.insertEvents([storedEvent(id, 3)]);
    // Tried: v0–1, v2–3 and v4 in one task, which would share one run [0, 4]; v3 is taken.
    const outcomes = await Promise.allSettled([
      recorder.insertEvents([storedEvent(id, 0), storedEvent(id, 1)]),
      recorder.insertEvents([storedEvent(id, 2), storedEvent(id, 3)]),
      recorder.insertEvents([storedEvent(id, 4)]),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    const [, rejected] = outcomes;
    expect(rejected.status === 'rejected' && rejected.reason).toBeInstanceOf(IntegrityError);
    expect(rejected.status === 'rejected' && String(rejected.reason)).toMatch(`${id} v3`);
    // Kept: v0, v1, v3 (the earlier insert) and v4; v2 went with its call.
    expect((await recorder.selectEvents(id)).map((e) => e.originatorVersion)).toEqual([0, 1, 3, 4]);
  });

  it('commits calls of one task that record the same position one after another', async () => {
    const { recorder } = await open();
    const id = newId();
    const outcomes = await Promise.allSettled([
      recorder.insertEvents([storedEvent(id, 0, 'test:First')]),
      recorder.insertEvents([storedEvent(id, 0, 'test:Second')]),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected']);
    expect((await recorder.selectEvents(id)).map((e) => e.topic)).toEqual(['test:First']);
    expect(await recorder.maxNotificationId()).toBe(1);
  });

  it('fills a gap between two runs and reads the aggregate in version order', async () => {
    const { recorder } = await open();
    const id = newId();
    await recorder.insertEvents([storedEvent(id, 0), storedEvent(id, 1), storedEvent(id, 5)]);
    await recorder.insertEvents([storedEvent(id, 3), storedEvent(id, 2), storedEvent(id, 4)]);
    await expect(recorder.insertEvents([storedEvent(id, 2)])).rejects.toBeInstanceOf(
      IntegrityError,
    );
    expect((await recorder.selectEvents(id)).map((e) => e.originatorVersion)).toEqual([
      0, 1, 2, 3, 4, 5,
    ]);
    expect(
      (await recorder.selectEvents(id, { gt: 1, limit: 3 })).map((e) => e.originatorVersion),
    ).toEqual([2, 3, 4]);
    // Ids follow the order the events were given, not their versions.
    const log = await recorder.selectNotifications(4, 3);
    expect(log.map((n) => [n.id, n.originatorVersion])).toEqual([
      [4, 3],
      [5, 2],
      [6, 4],
    ]);
  });

  describe('opening a database of the first layout (one record per event)', () => {
    /** Writes a database the way the recorder did before segments. */
    async function firstLayoutDatabase(events: readonly StoredEvent[], deleteLast: number) {
      const name = uniqueDatabaseName('first-layout');
      const indexedDB = testIndexedDB();
      const db = await openDatabase(indexedDB, name, 1, (created) => {
        const store = created.createObjectStore('events', { keyPath: 'id', autoIncrement: true });
        store.createIndex('position', ['originatorId', 'originatorVersion'], { unique: true });
        created.createObjectStore('tracking', { keyPath: 'applicationName' });
      });
      const tx = db.transaction(['events', 'tracking'], 'readwrite');
      const store = tx.objectStore('events');
      for (const event of events) store.add({ ...event });
      tx.objectStore('tracking').put({ applicationName: 'upstream', notificationId: 42 });
      await new Promise((resolve) => (tx.oncomplete = resolve));
      // The newest events deleted: the old key generator stays ahead of the greatest id.
      const ids = (await requestResult(
        db.transaction('events').objectStore('events').getAllKeys(),
      )) as number[];
      const removal = db.transaction('events', 'readwrite');
      for (const id of ids.slice(ids.length - deleteLast)) removal.objectStore('events').delete(id);
      await new Promise((resolve) => (removal.oncomplete = resolve));
      db.close();
      return { name, indexedDB };
    }

    it('moves every event with its id, keeps tracking, and never reuses a deleted id', async () => {
      const [a, b] = [newId(), newId()];
      const events = [
        ...roundRobin([a, b], 6),
        storedEvent(a, 9),
        storedEvent(a, 3),
        ...aggregateEvents(2, b, 3),
        storedEvent(newId(), 0),
      ];
      const { name, indexedDB } = await firstLayoutDatabase(events, 1);
      const { recorder } = await open(name, indexedDB);
      const kept = events.slice(0, -1);
      expect(
        (await recorder.selectNotifications(1, 100)).map((n) => ({ ...plain(n), id: n.id })),
      ).toEqual(kept.map((e, i) => ({ ...plain(e), id: i + 1 })));
      expect((await recorder.selectEvents(a)).map((e) => e.originatorVersion)).toEqual([
        0, 1, 2, 3, 9,
      ]);
      expect(await recorder.maxTrackingId('upstream')).toBe(42);
      // Taken positions stay taken; the next id follows the deleted one's.
      await expect(recorder.insertEvents([storedEvent(b, 4)])).rejects.toBeInstanceOf(
        IntegrityError,
      );
      expect(await recorder.insertEvents([storedEvent(b, 5)])).toEqual([events.length + 1]);
    });

    it('leaves a marker in the old store that code of the first layout refuses to open', async () => {
      const { name, indexedDB } = await firstLayoutDatabase(aggregateEvents(3), 0);
      await (await open(name, indexedDB)).recorder.close();
      const db = await openDatabase(indexedDB, name, undefined, () => undefined);
      // The first layout's code ran this same check on open and threw InterfaceError.
      const firstLayout = { events: { keyPath: 'id' }, tracking: { keyPath: 'applicationName' } };
      expect(keyPathConflict(db.transaction('events'), firstLayout)).toBe('events');
      db.close();
      expect(await countRecords(indexedDB, name, 'events')).toBe(0);
    });
  });
});
