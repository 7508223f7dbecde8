import { afterEach, describe, expect, it } from 'vitest';
import { DataError, IntegrityError, InterfaceError, OperationalError } from '../src/errors.js';
import { Connection, openDatabase } from '../src/recorders/indexeddb/connection.js';
import { GroupCommit } from '../src/recorders/indexeddb/group-commit.js';
import { IndexedDBProcessRecorder } from '../src/recorders/indexeddb/index.js';
import { requestResult } from '../src/recorders/indexeddb/requests.js';
import { layoutWith, upgradeTo } from '../src/recorders/indexeddb/schema.js';
import type { StoredEvent } from '../src/types.js';
import { aggregateEvents, newId, storedEvent } from './contract/fixtures.js';
import { engineName, testIndexedDB, uniqueDatabaseName } from './support/engine.js';

/** A connection that counts the transactions opened through it (instrumentation, not a stand-in). */
class CountingConnection extends Connection {
  transactions = 0;

  override async database(): Promise<IDBDatabase> {
    const db = await super.database();
    return new Proxy(db, {
      get: (target, property) => {
        if (property === 'transaction') {
          return (...args: Parameters<IDBDatabase['transaction']>) => {
            this.transactions++;
            return target.transaction(...args);
          };
        }
        const value: unknown = Reflect.get(target, property, target);
        return typeof value === 'function' ? (value as () => unknown).bind(target) : value;
      },
    });
  }
}

describe(`The IndexedDB recorder on ${engineName}`, () => {
  const cleanup: (() => unknown)[] = [];
  afterEach(async () => {
    await Promise.all(cleanup.splice(0).map((undo) => undo()));
  });
  const database = () => ({ name: uniqueDatabaseName('idb'), indexedDB: testIndexedDB() });
  const recorder = async (options: { name: string; indexedDB: IDBFactory }) => {
    const r = await IndexedDBProcessRecorder.open(options);
    cleanup.push(() => r.close());
    return r;
  };
  const writer = (options: { name: string; indexedDB: IDBFactory }) => {
    const connection = new CountingConnection(options.name, options.indexedDB, layoutWith({}));
    cleanup.push(() => {
      connection.close();
    });
    return { connection, commits: new GroupCommit(connection, 'default', () => undefined) };
  };

  it('aborts the requests already issued when a later one throws synchronously', async () => {
    const options = database();
    const { commits } = writer(options);
    const [id, other] = [newId(), newId()];
    // A function cannot be cloned: the second aggregate's add() throws DataCloneError after
    // the first aggregate's went in (validation, bypassed here, would have refused it).
    const unclonable = { ...storedEvent(other, 0), state: () => 1 } as unknown as StoredEvent;
    await expect(commits.insert([storedEvent(id, 0), unclonable])).rejects.toBeInstanceOf(
      DataError,
    );
    // Kept: nothing. Without the abort, the first aggregate's event would have committed.
    const r = await recorder(options);
    expect(await r.selectEvents(id)).toEqual([]);
    expect(await r.maxNotificationId()).toBe(0);
  });

  it('commits concurrent calls in one transaction and rejects only the one whose position is taken', async () => {
    const options = database();
    const { connection, commits } = writer(options);
    const taken = newId();
    await commits.insert([storedEvent(taken, 0)]);
    const before = connection.transactions;
    const batches = Array.from({ length: 10 }, (_, i) =>
      i === 5 ? [storedEvent(newId(), 0), storedEvent(taken, 0)] : aggregateEvents(3),
    );
    const outcomes = await Promise.allSettled(batches.map((b) => commits.insert(b)));
    // One transaction that aborted on the conflict, one read that traced it to its call,
    // one retry for the other nine calls.
    expect(connection.transactions - before).toBe(3);
    expect(outcomes.map((o) => o.status)).toEqual(
      batches.map((_, i) => (i === 5 ? 'rejected' : 'fulfilled')),
    );
    expect(outcomes[5]?.status === 'rejected' && outcomes[5].reason).toBeInstanceOf(IntegrityError);
    const r = await recorder(options);
    for (const [i, batch] of batches.entries()) {
      const id = batch[0]?.originatorId ?? '';
      expect(await r.selectEvents(id)).toHaveLength(i === 5 ? 0 : 3);
    }
    expect(await r.maxNotificationId()).toBe(1 + 9 * 3);
  });

  it('numbers after the last id it gave out, and retries once another writer proves it wrong', async () => {
    const options = database();
    const [mine, theirs] = [writer(options), writer(options)];
    expect(await mine.commits.insert(aggregateEvents(2))).toEqual([1, 2]);
    // Written through another connection that this writer hears nothing from.
    expect(await theirs.commits.insert(aggregateEvents(3))).toEqual([3, 4, 5]);
    const before = mine.connection.transactions;
    // Tried: ids 3 and 4, believed free; the commit record's key refuses them, and the
    // retry reads the last id first.
    expect(await mine.commits.insert(aggregateEvents(2))).toEqual([6, 7]);
    expect(mine.connection.transactions - before).toBe(2);
    // Kept: seven events, each id once.
    const log = await (await recorder(options)).selectNotifications(1, 10);
    expect(log.map((n) => n.id)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    // Believed right this time: one transaction.
    const again = mine.connection.transactions;
    expect(await mine.commits.insert(aggregateEvents(1))).toEqual([8]);
    expect(mine.connection.transactions - again).toBe(1);
  });

  it('prunes the commit log to the newest records and numbers on from them', async () => {
    const options = database();
    const { connection } = writer(options);
    const commits = new GroupCommit(connection, 'default', () => undefined, {
      keep: 4,
      pruneEvery: 5,
    });
    for (let i = 0; i < 12; i++) await commits.insert(aggregateEvents(2));
    const db = await connection.database();
    const kept = await requestResult(db.transaction('commits').objectStore('commits').getAll());
    // 12 commits, pruned after the 5th and 10th to 4: the last 4 + 2 since.
    expect(kept.map((c: { start: number }) => c.start)).toEqual([13, 15, 17, 19, 21, 23]);
    // A writer that knows nothing reads the newest record and numbers after it.
    expect(await writer(options).commits.insert(aggregateEvents(1))).toEqual([25]);
  });

  it('rejects only the call whose tracking record repeats within a group', async () => {
    const options = database();
    const { commits } = writer(options);
    const tracking = (notificationId: number) => ({ applicationName: 'up', notificationId });
    const outcomes = await Promise.allSettled([
      commits.insert(aggregateEvents(1), { tracking: tracking(1) }),
      commits.insert(aggregateEvents(1), { tracking: tracking(1) }),
      commits.insert(aggregateEvents(1), { tracking: tracking(2) }),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    const r = await recorder(options);
    expect(await r.maxTrackingId('up')).toBe(2);
    expect(await r.maxNotificationId()).toBe(2);
  });

  it('lets a newer version upgrade, then reopens at that version on its next call', async () => {
    const options = database();
    const r = await recorder(options);
    await r.insertEvents([storedEvent(newId(), 0)]);
    const newer = await openDatabase(options.indexedDB, options.name, 2, () => undefined);
    newer.close();
    // Reopened at the version found: the layout it needs is all there.
    expect(await r.maxNotificationId()).toBe(1);
  });

  it('adds a store an app declares later to a database that holds events', async () => {
    const options = database();
    const first = await IndexedDBProcessRecorder.open(options);
    const id = newId();
    await first.insertEvents([storedEvent(id, 0)]);
    await first.close();
    const stores = { views: { keyPath: 'id' } };
    const later = await IndexedDBProcessRecorder.open({ ...options, stores });
    cleanup.push(() => later.close());
    await later.insertEvents([storedEvent(id, 1)], { changes: [{ store: 'views', put: { id } }] });
    expect((await later.selectEvents(id)).map((e) => e.originatorVersion)).toEqual([0, 1]);
    expect(await later.getRecord('views', id)).toEqual({ id });
  });

  it('rejects an upgrade blocked by a connection that never closes with OperationalError', async () => {
    const { name, indexedDB } = database();
    const stubborn = await openDatabase(indexedDB, name, 1, ourLayout);
    stubborn.onversionchange = null;
    const upgrade = openDatabase(indexedDB, name, 2, () => undefined);
    await expect(upgrade).rejects.toBeInstanceOf(OperationalError);
    await expect(upgrade).rejects.toThrow(/blocked/);
    stubborn.close();
  });

  it('refuses a durability it does not know with InterfaceError', async () => {
    const options = { ...database(), durability: 'eventually' as 'strict' };
    await expect(IndexedDBProcessRecorder.open(options)).rejects.toBeInstanceOf(InterfaceError);
  });

  it('records with every durability', async () => {
    for (const durability of ['default', 'strict', 'relaxed'] as const) {
      const r = await IndexedDBProcessRecorder.open({ ...database(), durability });
      cleanup.push(() => r.close());
      expect(await r.insertEvents(aggregateEvents(2))).toEqual([1, 2]);
    }
  });
});

/** Runs our layout's upgrade, as the recorder does. */
function ourLayout(db: IDBDatabase, _oldVersion: number, tx: IDBTransaction): void {
  upgradeTo(db, tx, layoutWith({}));
}
