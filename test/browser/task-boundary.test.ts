import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/recorders/indexeddb/connection.js';
import { requestResult } from '../../src/recorders/indexeddb/requests.js';
import { aggregateEvents } from '../contract/fixtures.js';
import { engineName, uniqueDatabaseName } from '../support/engine.js';

// Why the recorder issues every request of a write in one task: in a real engine a writer
// that lets a task pass inside its transaction commits what it had issued so far. The
// contract case "writes nothing of a large batch whose last event is taken" would catch
// such a recorder here; fake-indexeddb keeps the transaction active and would not.
describe(`A write transaction on ${engineName}`, () => {
  it('commits half a batch when the writer waits for a task in the middle', async () => {
    const db = await openDatabase(indexedDB, uniqueDatabaseName('boundary'), 1, eventStore);
    const [firstHalf, secondHalf] = [aggregateEvents(50), aggregateEvents(50)];
    const tx = db.transaction('events', 'readwrite');
    const ended = new Promise((resolve) => {
      tx.oncomplete = () => {
        resolve('complete');
      };
      tx.onabort = () => {
        resolve('abort');
      };
    });
    const store = tx.objectStore('events');
    for (const event of firstHalf) store.add(event);
    await new Promise((resolve) => setTimeout(resolve, 0));
    const late = (() => {
      try {
        for (const event of secondHalf) store.add(event);
        return 'accepted';
      } catch (error) {
        return (error as Error).name;
      }
    })();
    expect(late).toBe('TransactionInactiveError');
    expect(await ended).toBe('complete');
    const count = await requestResult(db.transaction('events').objectStore('events').count());
    expect(count).toBe(firstHalf.length);
    db.close();
  });
});

/** One record per event, keyed by its aggregate position. */
function eventStore(db: IDBDatabase): void {
  db.createObjectStore('events', { keyPath: ['originatorId', 'originatorVersion'] });
}
