import { IDBKeyRange as FakeKeyRange } from 'fake-indexeddb';
import {
  IndexedDBAggregateRecorder,
  IndexedDBApplicationRecorder,
  IndexedDBProcessRecorder,
} from '../src/recorders/indexeddb/index.js';
import type { IndexedDBRecorderOptions } from '../src/types.js';
import { aggregateRecorderContract } from './contract/aggregate-recorder.contract.js';
import { applicationRecorderContract } from './contract/application-recorder.contract.js';
import {
  contractStores,
  eventStoreRecorderContract,
} from './contract/event-store-recorder.contract.js';
import { processRecorderContract } from './contract/process-recorder.contract.js';
import { sharedDatabaseContract } from './contract/shared-database.contract.js';
import { engineName, inBrowser, testIndexedDB, uniqueDatabaseName } from './support/engine.js';

/** Options for a recorder on a database no other test uses. */
function fresh(extra: Partial<IndexedDBRecorderOptions> = {}): IndexedDBRecorderOptions {
  return { name: uniqueDatabaseName('contract'), indexedDB: testIndexedDB(), ...extra };
}

aggregateRecorderContract(`IndexedDBAggregateRecorder on ${engineName}`, () =>
  IndexedDBAggregateRecorder.open(fresh()),
);
aggregateRecorderContract(`IndexedDBProcessRecorder on ${engineName}`, () =>
  IndexedDBProcessRecorder.open(fresh()),
);
applicationRecorderContract(`IndexedDBApplicationRecorder on ${engineName}`, () =>
  IndexedDBApplicationRecorder.open(fresh()),
);
processRecorderContract(`IndexedDBProcessRecorder on ${engineName}`, () =>
  IndexedDBProcessRecorder.open(fresh()),
);
sharedDatabaseContract(`IndexedDBApplicationRecorder on ${engineName}`, () => {
  const options = fresh();
  return Promise.resolve(() => IndexedDBApplicationRecorder.open(options));
});

if (!inBrowser) {
  // Node has no IndexedDB globals, so the runs above read through the cursor fallback;
  // these read through getAll with fake-indexeddb's key ranges, as browsers do.
  const withKeyRange = () => fresh({ IDBKeyRange: FakeKeyRange });
  aggregateRecorderContract(`IndexedDBProcessRecorder on ${engineName} with IDBKeyRange`, () =>
    IndexedDBProcessRecorder.open(withKeyRange()),
  );
  applicationRecorderContract(`IndexedDBProcessRecorder on ${engineName} with IDBKeyRange`, () =>
    IndexedDBProcessRecorder.open(withKeyRange()),
  );
}
eventStoreRecorderContract(`IndexedDBProcessRecorder on ${engineName}`, () =>
  IndexedDBProcessRecorder.open(fresh({ stores: contractStores })),
);
