import { describe, expect, it } from 'vitest';
import { DataError, IntegrityError } from '../../../src/errors.js';
import type { SelectEventsOptions } from '../../../src/types.js';
import {
  type WorkerRecorderOptions,
  openWorkerRecorder,
} from '../../../src/worker/open-worker-recorder.js';
import { aggregateRecorderContract } from '../../contract/aggregate-recorder.contract.js';
import { applicationRecorderContract } from '../../contract/application-recorder.contract.js';
import { aggregateEvents, storedEvent } from '../../contract/fixtures.js';
import {
  contractStores,
  eventStoreRecorderContract,
} from '../../contract/event-store-recorder.contract.js';
import { processRecorderContract } from '../../contract/process-recorder.contract.js';
import { sharedDatabaseContract } from '../../contract/shared-database.contract.js';
import { engineName, uniqueDatabaseName } from '../../support/engine.js';

// The whole contract through openWorkerRecorder: our entry in a real module Worker, and in a
// SharedWorker where the engine has one, on the engine's IndexedDB.

const kinds: [string, Omit<WorkerRecorderOptions, 'name'>][] = [
  ['a dedicated Worker', { shared: false }],
];
if (typeof SharedWorker === 'function') kinds.push(['a SharedWorker', { shared: true }]);

for (const [kind, options] of kinds) {
  const open = () => openWorkerRecorder({ name: uniqueDatabaseName('worker'), ...options });
  const name = `openWorkerRecorder in ${kind} on ${engineName}`;
  aggregateRecorderContract(name, open);
  applicationRecorderContract(name, open);
  processRecorderContract(name, open);
  eventStoreRecorderContract(name, () =>
    openWorkerRecorder({ name: uniqueDatabaseName('worker'), stores: contractStores, ...options }),
  );
  sharedDatabaseContract(`${name}, two connections`, () => {
    const database = uniqueDatabaseName('worker-shared');
    return Promise.resolve(() => openWorkerRecorder({ name: database, ...options }));
  });

  describe(`openWorkerRecorder in ${kind}`, () => {
    it('revives typed errors from the worker', async () => {
      const recorder = await open();
      await recorder.insertEvents([storedEvent('a', 0)]);
      await expect(recorder.insertEvents([storedEvent('a', 0)])).rejects.toBeInstanceOf(
        IntegrityError,
      );
      await recorder.close();
    });

    it('rejects an argument that cannot be cloned with DataError, and keeps working', async () => {
      const recorder = await open();
      const options = { gt: 0, when: () => 0 } as SelectEventsOptions;
      await expect(recorder.selectEvents('a', options)).rejects.toBeInstanceOf(DataError);
      await expect(recorder.maxNotificationId()).resolves.toBe(0);
      await recorder.close();
    });
  });
}

if (typeof SharedWorker === 'function') {
  describe('openWorkerRecorder in a SharedWorker', () => {
    it("closes one tab's connection only: the other keeps the shared recorder", async () => {
      const name = uniqueDatabaseName('worker-tabs');
      const [a, b] = [await openWorkerRecorder({ name }), await openWorkerRecorder({ name })];
      const ids = await a.insertEvents(aggregateEvents(3));
      await a.close();
      expect(await b.maxNotificationId()).toBe(ids[2]);
      await expect(b.insertEvents(aggregateEvents(1))).resolves.toHaveLength(1);
      await b.close();
    });
  });
}
