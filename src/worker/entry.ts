/**
 * The ready worker entry (package subpath `offline-eventstore/worker`): importing it makes
 * this worker, dedicated or shared, serve the IndexedDB recorder of each database name that
 * `openWorkerRecorder({ name })` asks for. `openWorkerRecorder` starts it for you; import it
 * from a worker module of your own only when your bundler cannot follow ours.
 */
import { IndexedDBProcessRecorder } from '../recorders/indexeddb/index.js';
import { serveWorker } from './serve-worker.js';

serveWorker(self, (database) => IndexedDBProcessRecorder.open(database));
