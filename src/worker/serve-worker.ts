import { type ServeOptions, serveConnections } from './expose-recorder.js';
import { RecorderPool, type RecorderOpener } from './recorder-pool.js';
import type { RecorderEndpoint } from './wire.js';

/** The part of a `SharedWorkerGlobalScope` we use (the DOM library lacks the worker types). */
interface SharedScope {
  addEventListener(type: 'connect', listener: (event: MessageEvent) => void): void;
}

/**
 * Makes this worker serve recorders by database name, opened with `open`, to every page that
 * connects: in a `SharedWorker` each tab connects through its own port, in a dedicated worker
 * through `self`. All connections to one name share one recorder (see `RecorderPool`).
 */
export function serveWorker(scope: object, open: RecorderOpener, options?: ServeOptions): void {
  const pool = new RecorderPool(open);
  const lend = pool.lend.bind(pool);
  if ('onconnect' in scope) {
    (scope as unknown as SharedScope).addEventListener('connect', (event) => {
      const port = event.ports[0];
      if (port !== undefined) serveConnections(port, lend, options);
    });
  } else {
    serveConnections(scope as RecorderEndpoint, lend, options);
  }
}
