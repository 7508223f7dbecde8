import { forceCloseDatabase, IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { Connection } from '../src/recorders/indexeddb/connection.js';
import { layoutWith } from '../src/recorders/indexeddb/schema.js';
import { IndexedDBProcessRecorder } from '../src/recorders/indexeddb/index.js';
import { storedEvent } from './contract/fixtures.js';

// fake-indexeddb alone can drop a connection the way a browser does when site data is
// cleared or Safari loses its connection, so these run in Node only.
describe('An IndexedDB connection the browser drops', () => {
  it('is reopened by the next call once the browser reported the close', async () => {
    const connection = new Connection('dropped', new IDBFactory(), layoutWith({}));
    const first = await connection.database();
    const closed = new Promise((resolve) => {
      first.addEventListener('close', resolve);
    });
    drop(first);
    await closed;
    const second = await connection.database();
    expect(second).not.toBe(first);
    expect([...second.objectStoreNames]).toEqual(['commits', 'segments', 'tracking']);
    connection.close();
  });

  it('does not lose the recorder: it records again after the drop', async () => {
    const indexedDB = new IDBFactory();
    const recorder = await IndexedDBProcessRecorder.open({ name: 'dropped', indexedDB });
    await recorder.insertEvents([storedEvent('a', 0)]);
    const witness = new Connection('dropped', indexedDB, layoutWith({}));
    // Closing every connection to the database, as the browser does, includes the recorder's.
    drop(await witness.database());
    // Called at once, before the close event: the write finds the connection closing and reopens.
    expect(await recorder.insertEvents([storedEvent('a', 1)])).toEqual([2]);
    drop(await witness.database());
    expect(await recorder.maxNotificationId()).toBe(2);
    await recorder.close();
    witness.close();
  });
});

/** Closes every connection to the database the way a browser does when it loses it. */
function drop(db: IDBDatabase): void {
  forceCloseDatabase(db as unknown as Parameters<typeof forceCloseDatabase>[0]);
}
