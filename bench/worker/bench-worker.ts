// The worker of the transfer-versus-clone cases: our worker entry's serving code, with
// answers' states cloned or transferred as the worker's name says, and in-memory recorders
// for databases named `mem:*` (so that only the messaging is measured).
import { InMemoryProcessRecorder } from '../../src/recorders/in-memory.js';
import { IndexedDBProcessRecorder } from '../../src/recorders/indexeddb/index.js';
import { serveWorker } from '../../src/worker/serve-worker.js';

const results = self.name === 'transfer' ? 'transfer' : 'clone';

serveWorker(
  self,
  (database) =>
    database.name.startsWith('mem:')
      ? Promise.resolve(new InMemoryProcessRecorder())
      : IndexedDBProcessRecorder.open(database),
  { results },
);
