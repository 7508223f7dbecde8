/**
 * Wires the ledger the way an app should: the recorder in a worker, the mapper that
 * compresses and encrypts with a non-extractable key kept in IndexedDB, the event store and
 * application over them, the projection into the read model, and sync.
 */
import {
  EventStore,
  JSONTranscoder,
  KeyStore,
  Mapper,
  openWorkerRecorder,
  ZlibCompressor,
  type ProcessRecorder,
} from 'offline-eventstore';
import { LedgerApp } from './ledger-app.js';
import { LedgerProjection } from './projection.js';
import { LedgerSync } from './ledger-sync.js';
import { DATABASE_NAME, KEY_STORE_NAME } from './names.js';
import { openReadChannel, type ReadApi } from './read-channel.js';
import { loadSession } from './session.js';
import { endpointOf, startLedgerWorker } from './start-worker.js';

/** Everything the UI uses. */
export interface Ledger {
  readonly app: LedgerApp;
  readonly recorder: ProcessRecorder;
  readonly reads: ReadApi;
  readonly mapper: Mapper;
  readonly keys: KeyStore;
  readonly projection: LedgerProjection;
  /** Undefined until this device has had a session (its first online start). */
  readonly sync: LedgerSync | undefined;
}

/** What the projection tells the UI. */
export interface LedgerListeners {
  readonly onProjected: (notificationId: number) => void;
  readonly onProblem: (notificationId: number, error: unknown) => void;
}

/** Opens the ledger of this origin and starts its projection and sync. */
export async function openLedger(listeners: LedgerListeners): Promise<Ledger> {
  const recorder = await openWorkerRecorder({ name: DATABASE_NAME, worker: startLedgerWorker });
  const reads = openReadChannel(endpointOf(startLedgerWorker()));
  const keys = await KeyStore.open({ name: KEY_STORE_NAME });
  // A new key may only be made while no event exists: an old event needs its old key.
  const cipher = await navigator.locks.request('tally-key', async () =>
    keys.cipher({ whenMissing: (await recorder.maxNotificationId()) === 0 ? 'create' : 'fail' }),
  );
  const mapper = new Mapper({
    transcoder: new JSONTranscoder(),
    compressor: new ZlibCompressor(),
    cipher,
  });
  const app = new LedgerApp(new EventStore({ mapper, recorder }));
  const projection = new LedgerProjection({ recorder, mapper, reads, ...listeners });
  void projection.run().catch((error: unknown) => {
    listeners.onProblem(0, error);
  });
  const session = await loadSession();
  const sync = session && (await LedgerSync.open(recorder, session));
  return { app, recorder, reads, mapper, keys, projection, sync };
}
