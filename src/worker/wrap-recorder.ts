import type { EventStoreRecorder } from '../types.js';
import { Connection } from './connection.js';
import { RemoteRecorder } from './remote-recorder.js';
import type { RecorderEndpoint } from './wire.js';

/** The default of `livenessTimeoutMs`: generous, since a busy phone may load a worker slowly. */
export const defaultLivenessTimeoutMs = 10_000;

/** Options of `wrapRecorder`. */
export interface WrapRecorderOptions {
  /**
   * How long the other side may leave a connect unanswered, or (only where Web Locks are
   * missing, as in Node) a ping while calls are pending, before it counts as dead. Default 10 s.
   */
  readonly livenessTimeoutMs?: number;
}

/**
 * A `ProcessRecorder` that forwards to the recorder served by `exposeRecorder` on the other
 * end of `endpoint` (a `Worker`, a `SharedWorker`'s `port`, a `MessagePort`). Each call opens
 * its own connection, so `close()` releases this connection only; the recorder behind it
 * stays open for its other connections (other tabs of a shared worker).
 *
 * Errors keep their class: `instanceof IntegrityError` holds here, with the cause's name and
 * message (a DOMException stays one). Anything else the recorder throws arrives as an
 * `InternalError` whose cause is the original; an argument that cannot be cloned fails with
 * `DataError`. If the other side dies, errs, or an answer cannot be read, pending calls
 * reject with `OperationalError` at once and later calls fail with it: this recorder cannot
 * restart a worker it did not start (`openWorkerRecorder` does).
 */
export function wrapRecorder(
  endpoint: RecorderEndpoint,
  options: WrapRecorderOptions = {},
): EventStoreRecorder {
  const livenessTimeoutMs = options.livenessTimeoutMs ?? defaultLivenessTimeoutMs;
  return new RemoteRecorder({
    start: () => ({
      connection: new Connection(endpoint, {
        livenessTimeoutMs,
        // A Worker's `error` event (it failed to load, or threw) breaks the connection.
        ...(isWorker(endpoint) ? { errorSource: endpoint } : {}),
      }),
      dispose: () => undefined,
    }),
    restart: false,
  });
}

function isWorker(endpoint: RecorderEndpoint): endpoint is Worker {
  return typeof Worker === 'function' && endpoint instanceof Worker;
}
