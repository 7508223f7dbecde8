/**
 * The ledger's worker (shared by all tabs where `SharedWorker` exists): it owns the IndexedDB
 * recorder, opened with the read model's record stores, and serves it to each tab with
 * `exposeRecorder`. The library's ready entry opens recorders without record stores, so the
 * app brings its own worker, as `openWorkerRecorder({ worker })` allows. Tabs read the read
 * model through a second port (see `read-channel.ts`), since the recorder's wire has no reads
 * of record stores.
 */
import { expose } from 'comlink';
import {
  exposeRecorder,
  IndexedDBProcessRecorder,
  type RecorderEndpoint,
} from 'offline-eventstore';
import { DATABASE_NAME } from './names.js';
import { READ_MODEL_STORES } from './read-model.js';
import { isReadChannelRequest, type ReadApi } from './read-channel.js';

const opening = IndexedDBProcessRecorder.open({ name: DATABASE_NAME, stores: READ_MODEL_STORES });

const reads: ReadApi = {
  async record(store, key) {
    return (await opening).getRecord(store, key);
  },
  async records(store, query) {
    return (await opening).getRecords(store, query);
  },
  async project(applicationName, notificationId, changes) {
    const tracking = { applicationName, notificationId };
    await (await opening).insertEvents([], { tracking, changes });
  },
};

/** Serves the recorder and the reads on one endpoint: a tab's port, or this worker itself. */
function serve(endpoint: RecorderEndpoint): void {
  endpoint.addEventListener('message', (event) => {
    const data: unknown = (event as MessageEvent).data;
    if (isReadChannelRequest(data)) expose(reads, data.port);
  });
  // Messages wait on the port until the recorder is open and listening.
  void opening.then((recorder) => {
    exposeRecorder(recorder, endpoint);
    endpoint.start?.();
  });
}

interface SharedScope {
  addEventListener(type: 'connect', listener: (event: MessageEvent) => void): void;
}

if ('onconnect' in self) {
  (self as unknown as SharedScope).addEventListener('connect', (event) => {
    const port = event.ports[0];
    if (port) serve(port);
  });
} else {
  serve(self as unknown as RecorderEndpoint);
}
