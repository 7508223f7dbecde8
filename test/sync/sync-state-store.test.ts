import { describe, expect, it } from 'vitest';
import { InMemorySyncStateStore } from '../../src/sync/in-memory-sync-state-store.js';
import { IndexedDBSyncStateStore } from '../../src/sync/indexeddb-sync-state-store.js';
import { testIndexedDB, uniqueDatabaseName } from '../support/engine.js';
import { syncStateStoreContract } from './sync-state-store.contract.js';

syncStateStoreContract('InMemorySyncStateStore', () =>
  Promise.resolve(new InMemorySyncStateStore()),
);
syncStateStoreContract('IndexedDBSyncStateStore', () =>
  IndexedDBSyncStateStore.open({ name: uniqueDatabaseName('sync'), indexedDB: testIndexedDB() }),
);

describe('IndexedDBSyncStateStore', () => {
  it('keeps the state across connections, so two tabs share one stream', async () => {
    const options = { name: uniqueDatabaseName('sync'), indexedDB: testIndexedDB() };
    const first = await IndexedDBSyncStateStore.open(options);
    const { streamId } = (await first.load()).state;
    await first.acknowledge(streamId, 3);
    const second = await IndexedDBSyncStateStore.open(options);
    expect(await second.load()).toMatchObject({
      created: false,
      state: { streamId, acknowledged: 3 },
    });
    await Promise.all([first.close(), second.close()]);
  });

  it('starts a new stream when its database was deleted (storage evicted)', async () => {
    const options = { name: uniqueDatabaseName('sync'), indexedDB: testIndexedDB() };
    const store = await IndexedDBSyncStateStore.open(options);
    const { streamId } = (await store.load()).state;
    await store.close();
    await new Promise((resolve, reject) => {
      const request = options.indexedDB.deleteDatabase(options.name);
      request.onsuccess = resolve;
      request.onerror = reject;
    });
    const reopened = await IndexedDBSyncStateStore.open(options);
    const loaded = await reopened.load();
    expect(loaded.created).toBe(true);
    expect(loaded.state.streamId).not.toBe(streamId);
    await reopened.close();
  });

  it('lets a deletion through while open, and comes back as a new stream', async () => {
    const options = { name: uniqueDatabaseName('sync'), indexedDB: testIndexedDB() };
    const store = await IndexedDBSyncStateStore.open(options);
    const { streamId } = (await store.load()).state;
    await new Promise((resolve, reject) => {
      const request = options.indexedDB.deleteDatabase(options.name);
      request.onsuccess = resolve;
      request.onerror = reject;
      request.onblocked = () => {
        reject(new Error('The open store blocked the deletion.'));
      };
    });
    const loaded = await store.load();
    expect(loaded).toMatchObject({ created: true });
    expect(loaded.state.streamId).not.toBe(streamId);
    await store.close();
  });
});
