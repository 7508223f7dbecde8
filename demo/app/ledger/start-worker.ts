/** Starts the ledger worker: one shared by all tabs where possible, else one per tab. */

const NAME = 'tally-ledger';

/** A new connection to the ledger worker, as `openWorkerRecorder({ worker })` wants it. */
export function startLedgerWorker(): Worker | SharedWorker {
  if (typeof SharedWorker === 'function') {
    return new SharedWorker(new URL('./ledger-worker.ts', import.meta.url), {
      type: 'module',
      name: NAME,
    });
  }
  return new Worker(new URL('./ledger-worker.ts', import.meta.url), { type: 'module', name: NAME });
}

/** The endpoint messages to a started worker go through. */
export function endpointOf(worker: Worker | SharedWorker): MessagePort | Worker {
  if ('port' in worker) {
    worker.port.start();
    return worker.port;
  }
  return worker;
}
