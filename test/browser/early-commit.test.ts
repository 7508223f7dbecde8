import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/recorders/indexeddb/connection.js';
import { requestResult } from '../../src/recorders/indexeddb/requests.js';
import { engineName, uniqueDatabaseName } from '../support/engine.js';

// Why the recorder never calls `commit()`: a write that reads first issues the rest of a
// group from the read's callback, and one of those requests may be refused by a unique
// index. Left to auto-commit, every engine aborts on the refusal; with `commit()` called in
// that callback, Firefox commits the requests that succeeded: half the transaction.
describe(`commit() in a callback, before a refused request, on ${engineName}`, () => {
  it('keeps the transaction atomic everywhere but in Firefox', async () => {
    const db = await openDatabase(indexedDB, uniqueDatabaseName('early-commit'), 1, (created) => {
      created.createObjectStore('rows', { keyPath: 'id' }).createIndex('tag', 'tag', {
        unique: true,
      });
    });
    const seed = db.transaction('rows', 'readwrite');
    seed.objectStore('rows').add({ id: 1, tag: 'taken' });
    await new Promise((resolve) => (seed.oncomplete = resolve));

    // Tried: from a read's callback, a free row, then a row whose tag is taken, then commit().
    const tx = db.transaction('rows', 'readwrite');
    const ended = new Promise<string>((resolve) => {
      tx.oncomplete = () => {
        resolve('complete');
      };
      tx.onabort = () => {
        resolve('abort');
      };
    });
    const read = tx.objectStore('rows').get(1);
    read.onsuccess = () => {
      tx.objectStore('rows').add({ id: 2, tag: 'free' });
      tx.objectStore('rows').add({ id: 3, tag: 'taken' });
      tx.commit();
    };
    const outcome = await ended;
    const kept = await requestResult(db.transaction('rows').objectStore('rows').getAllKeys());
    db.close();
    // Kept: the seed alone, except in Firefox, which also kept the free row.
    const expected = engineName === 'Firefox' ? ['complete', [1, 2]] : ['abort', [1]];
    expect([outcome, kept]).toEqual(expected);
  });
});
