// A module worker for dead-worker.test.ts: it serves in-memory recorders by database name,
// but a call to maxNotificationId ends the worker from inside (`self.close()`) and never
// answers, as a worker that crashes in the middle of a call would.
import { InMemoryProcessRecorder } from '../../../src/recorders/in-memory.js';
import { serveWorker } from '../../../src/worker/serve-worker.js';

interface WorkerScope {
  close(): void;
}

class StoppingRecorder extends InMemoryProcessRecorder {
  override maxNotificationId(): Promise<number> {
    (self as unknown as WorkerScope).close();
    return new Promise<number>(() => undefined);
  }
}

serveWorker(self, () => Promise.resolve(new StoppingRecorder()));
