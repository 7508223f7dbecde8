import { InterfaceError } from '../errors.js';
import type { ProcessRecorder } from '../types.js';
import { holdLifeline } from './liveness.js';
import { type Lease, RecorderServer, type ResultTransfer } from './recorder-server.js';
import { type DatabaseRequest, type RecorderEndpoint, isSignal, protocolVersion } from './wire.js';

/** What `exposeRecorder` returns: how the serving side stops. */
export interface RecorderExposure {
  /**
   * Stops serving on the endpoint and ends every connection made through it: their pending
   * and later calls fail with `OperationalError`. Does not close the recorder (it is yours).
   */
  close(): void;
}

/**
 * Serves `recorder` on `endpoint` (in a worker: `self`, or a `SharedWorker`'s connecting
 * port; in one realm: one end of a `MessageChannel`), so that `wrapRecorder` on the other end
 * reaches it. Each `wrapRecorder` gets its own connection; closing one never closes the
 * recorder, which stays yours to close. Calls are passed on concurrently, never queued.
 */
export function exposeRecorder(
  recorder: ProcessRecorder,
  endpoint: RecorderEndpoint,
): RecorderExposure {
  const lease: Lease = { recorder: Promise.resolve(recorder), release: () => undefined };
  return serveConnections(endpoint, () => lease);
}

/** Options of `serveConnections`. */
export interface ServeOptions {
  /** How answers carry `state` buffers (see `bench/worker/results.md` for the choice). */
  readonly results?: ResultTransfer;
}

/**
 * Accepts connections on `endpoint`, serving each the recorder that `lend` returns for the
 * database it asks for (the ready worker entry opens one per name; `exposeRecorder` lends one).
 */
export function serveConnections(
  endpoint: RecorderEndpoint,
  lend: (database: DatabaseRequest | undefined) => Lease,
  options: ServeOptions = {},
): RecorderExposure {
  const servers = new Set<RecorderServer>();
  // Taken now, so that the lock is held before any caller asks for its name.
  void holdLifeline();
  const onMessage = (event: Event): void => {
    const data: unknown = (event as MessageEvent).data;
    if (!isSignal(data, 'connect')) return;
    const lease =
      data.version === protocolVersion ? lend(data.database) : wrongVersion(data.version);
    const server = new RecorderServer(data.port, lease, {
      peerLifeline: data.lifeline,
      results: options.results ?? 'clone',
      onEnd: () => servers.delete(server),
    });
    servers.add(server);
  };
  endpoint.addEventListener('message', onMessage);
  endpoint.start?.();
  return {
    close: () => {
      endpoint.removeEventListener('message', onMessage);
      for (const server of [...servers]) server.end({ notify: true });
    },
  };
}

function wrongVersion(version: number): Lease {
  const recorder = Promise.reject(
    new InterfaceError(
      `This worker speaks protocol ${protocolVersion} and the page ${version}: the page and the worker come from different versions of offline-eventstore. Reload the page.`,
    ),
  );
  recorder.catch(() => undefined);
  return { recorder, release: () => undefined };
}
