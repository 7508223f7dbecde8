/**
 * Wires the ledger the way an app should: the recorder in a worker (with the store APIs' and
 * the read model's record stores), the mapper that compresses and encrypts with a
 * non-extractable key kept in IndexedDB, the application, the projection, and sync.
 */
import {
  Application,
  eventStoreStores,
  JSONTranscoder,
  KeyStore,
  Mapper,
  openWorkerRecorder,
  ZlibCompressor,
  type EventStoreRecorder,
} from 'offline-eventstore';
import { LedgerApp } from './ledger-app.js';
import { LedgerSync } from './ledger-sync.js';
import { DATABASE_NAME, KEY_STORE_NAME } from './names.js';
import { LedgerProjection } from './projection.js';
import { READ_MODEL_STORES } from './read-model.js';
import { loadSession } from './session.js';

/** Everything the UI uses. */
export interface Ledger {
  readonly app: LedgerApp;
  readonly recorder: EventStoreRecorder;
  readonly mapper: Mapper;
  readonly keys: KeyStore;
  readonly projection: LedgerProjection;
  /** Undefined until this device has had a session (its first online start). */
  readonly sync: LedgerSync | undefined;
}

/** What the projection tells the UI. */
export interface LedgerListeners {
  readonly onProjected: (id: number) => void;
  readonly onProblem: (error: unknown) => void;
}

/** Opens the ledger of this origin and starts its projection and sync. */
export async function openLedger(listeners: LedgerListeners): Promise<Ledger> {
  const recorder = await openWorkerRecorder({
    name: DATABASE_NAME,
    stores: { ...eventStoreStores, ...READ_MODEL_STORES },
  });
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
  const app = new LedgerApp(new Application({ recorder, mapper }));
  const projection = new LedgerProjection({ recorder, mapper, ...listeners });
  await projection.start();
  const session = await loadSession();
  const sync = session && (await LedgerSync.open(recorder, session));
  return { app, recorder, mapper, keys, projection, sync };
}
