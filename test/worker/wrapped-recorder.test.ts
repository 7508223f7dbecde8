import { IDBKeyRange as FakeKeyRange } from 'fake-indexeddb';
import { afterEach } from 'vitest';
import { InMemoryProcessRecorder } from '../../src/recorders/in-memory.js';
import { IndexedDBProcessRecorder } from '../../src/recorders/indexeddb/index.js';
import type { IndexedDBRecorderOptions } from '../../src/types.js';
import { wrapRecorder } from '../../src/worker/wrap-recorder.js';
import { aggregateRecorderContract } from '../contract/aggregate-recorder.contract.js';
import { applicationRecorderContract } from '../contract/application-recorder.contract.js';
import {
  contractStores,
  eventStoreRecorderContract,
} from '../contract/event-store-recorder.contract.js';
import { processRecorderContract } from '../contract/process-recorder.contract.js';
import { sharedDatabaseContract } from '../contract/shared-database.contract.js';
import { engineName, inBrowser, testIndexedDB, uniqueDatabaseName } from '../support/engine.js';
import { closeServed, serveOnChannel, wrapped } from './serve.js';

// The whole contract, through exposeRecorder and wrapRecorder over a MessageChannel in one
// realm: the worker boundary without the worker (see test/browser/worker for real ones).

afterEach(closeServed);

function fresh(): IndexedDBRecorderOptions {
  return {
    name: uniqueDatabaseName('wrapped'),
    indexedDB: testIndexedDB(),
    ...(inBrowser ? {} : { IDBKeyRange: FakeKeyRange }),
  };
}

const inMemory = () => Promise.resolve(wrapped(new InMemoryProcessRecorder()));
const indexedDB = async () => wrapped(await IndexedDBProcessRecorder.open(fresh()));
const backends = [
  ['InMemoryProcessRecorder', inMemory],
  [`IndexedDBProcessRecorder on ${engineName}`, indexedDB],
] as const;

eventStoreRecorderContract('wrapRecorder(InMemoryProcessRecorder)', () =>
  Promise.resolve(wrapped(new InMemoryProcessRecorder({ stores: contractStores }))),
);
eventStoreRecorderContract(`wrapRecorder(IndexedDBProcessRecorder on ${engineName})`, async () =>
  wrapped(await IndexedDBProcessRecorder.open({ ...fresh(), stores: contractStores })),
);

for (const [name, create] of backends) {
  aggregateRecorderContract(`wrapRecorder(${name})`, create);
  applicationRecorderContract(`wrapRecorder(${name})`, create);
  processRecorderContract(`wrapRecorder(${name})`, create);
}

sharedDatabaseContract('Two wrapRecorder connections to one InMemoryProcessRecorder', () => {
  const endpoint = serveOnChannel(new InMemoryProcessRecorder());
  return Promise.resolve(() => Promise.resolve(wrapRecorder(endpoint)));
});

sharedDatabaseContract(
  `Two connections to one IndexedDBProcessRecorder on ${engineName}`,
  async () => {
    const endpoint = serveOnChannel(await IndexedDBProcessRecorder.open(fresh()));
    return () => Promise.resolve(wrapRecorder(endpoint));
  },
);

sharedDatabaseContract(
  `Two IndexedDBProcessRecorders on one ${engineName} database, each behind its own connection`,
  () => {
    const options = fresh();
    return Promise.resolve(async () => wrapped(await IndexedDBProcessRecorder.open(options)));
  },
);
