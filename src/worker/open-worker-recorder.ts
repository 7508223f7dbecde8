import { InterfaceError, NotSupportedError } from '../errors.js';
import type { Durability, EventStoreRecorder, RecordStores } from '../types.js';
import { Connection } from './connection.js';
import { type Link, RemoteRecorder } from './remote-recorder.js';
import { defaultLivenessTimeoutMs } from './wrap-recorder.js';

/** Options of `openWorkerRecorder`. */
export interface WorkerRecorderOptions {
  /** The IndexedDB database name. Every tab that opens the same name shares the data. */
  readonly name: string;
  /** Transaction durability of writes; default `'strict'`. The first tab's choice holds in a shared worker. */
  readonly durability?: Durability;
  /**
   * Record stores (read models, say) to open the database with. In a shared worker the
   * first tab's layout is the one opened, so give every tab of an app the same stores.
   */
  readonly stores?: RecordStores;
  /**
   * One worker for all the origin's tabs (the default where `SharedWorker` exists), or a
   * dedicated worker for this recorder (the fallback elsewhere, Chrome for Android before 148).
   */
  readonly shared?: boolean;
  /**
   * Starts your own worker instead of ours: a module worker whose code imports
   * `offline-eventstore/worker` (for bundlers that cannot follow ours out of a dependency).
   */
  readonly worker?: () => Worker | SharedWorker;
  /** How long an unanswered connect (or, without Web Locks, ping) means a dead worker; default 10 s. */
  readonly livenessTimeoutMs?: number;
}

/**
 * Opens the IndexedDB recorder of database `name` in a worker and returns an `EventStoreRecorder`
 * that talks to it, so the page never waits on storage. Where `SharedWorker` exists, all tabs
 * of the origin share one worker and one recorder per database (one writer, whose concurrent
 * inserts are committed together); elsewhere each call starts a dedicated worker (IndexedDB
 * still serialises the writers, so correctness holds). Rejects with the recorder's own error
 * if the database cannot be opened, or `OperationalError` if the worker cannot start.
 *
 * If the worker dies, calls in flight reject with `OperationalError` (each batch is wholly
 * recorded or wholly absent: re-read to learn which) and open subscriptions end with it; the
 * next call starts a new worker. `close()` ends this tab's connection (and its dedicated worker).
 */
export async function openWorkerRecorder(
  options: WorkerRecorderOptions,
): Promise<EventStoreRecorder> {
  if (typeof options.name !== 'string' || options.name === '') {
    throw new InterfaceError(
      'openWorkerRecorder needs the database name: openWorkerRecorder({ name }).',
    );
  }
  const recorder = new RemoteRecorder({ start: () => startLink(options), restart: true });
  try {
    await recorder.ready;
  } catch (error) {
    await recorder.close();
    throw error;
  }
  return recorder;
}

function startLink(options: WorkerRecorderOptions): Link {
  const worker =
    options.worker?.() ?? startEntry(options.shared ?? typeof SharedWorker === 'function');
  const stop = () => {
    if ('port' in worker) worker.port.close();
    else worker.terminate();
  };
  const database = {
    name: options.name,
    ...(options.durability === undefined ? {} : { durability: options.durability }),
    ...(options.stores === undefined ? {} : { stores: options.stores }),
  };
  const connection = new Connection('port' in worker ? worker.port : worker, {
    livenessTimeoutMs: options.livenessTimeoutMs ?? defaultLivenessTimeoutMs,
    database,
    errorSource: worker,
    onBroken: stop,
  });
  return { connection, dispose: stop };
}

const workerName = 'offline-eventstore';

/** Our worker entry, written the way Vite (and other bundlers) recognise a worker to bundle. */
function startEntry(shared: boolean): Worker | SharedWorker {
  if (shared) {
    return new SharedWorker(new URL('./entry.js', import.meta.url), {
      type: 'module',
      name: workerName,
    });
  }
  if (typeof Worker !== 'function') {
    throw new NotSupportedError(
      'This runtime has no Worker. Open the recorder directly with IndexedDBProcessRecorder.open.',
    );
  }
  return new Worker(new URL('./entry.js', import.meta.url), { type: 'module', name: workerName });
}
