/**
 * What a `SyncClient` tells the UI: a plain, immutable status record, replaced on every change
 * and handed to listeners.
 */
import { InterfaceError } from '../errors.js';

/**
 * What the client is doing.
 * - `stopped`: not started, or stopped.
 * - `idle`: nothing to do right now; waiting for new local events, a wake-up or the timer.
 * - `pushing` / `pulling`: a round is under way (see `progress`).
 * - `offline`: the last attempt failed for a reason that may pass (network, timeout, 5xx,
 *   429); retrying at `retryAt` or on `online`/`visibilitychange`. `lastError` says why.
 * - `paused`: `pause()` was called; `resume()` continues.
 * - `halted`: the server refused something for good (an invalid event, a conflict, a bad
 *   token); nothing is skipped, nothing more is sent until `resume()`. `lastError` says where.
 */
export type SyncPhase =
  'stopped' | 'idle' | 'pushing' | 'pulling' | 'offline' | 'paused' | 'halted';

/** Why an attempt failed, or why sync halted. */
export interface SyncProblem {
  /**
   * `network` (no answer), `timeout` (no answer in time: the outcome is unknown, the retry is
   * safe), `server` (5xx, 429, an unreadable answer), `rejected` (4xx validation), `conflict`,
   * `auth` (401/403), `local` (the local recorder or state store failed).
   */
  readonly kind: 'network' | 'timeout' | 'server' | 'rejected' | 'conflict' | 'auth' | 'local';
  /** What happened and what to do. */
  readonly message: string;
  /** The HTTP status, when there was one. */
  readonly status?: number;
  /** The server's `error` code, when there was one. */
  readonly code?: string;
  /** The local notification id sync halted at (push), when the server named one. */
  readonly notificationId?: number;
  /** The server log position sync halted at (pull). */
  readonly position?: number;
  /** When it happened (the client's clock). */
  readonly at: number;
}

/** Something the app should tell the user about, once. */
export interface SyncNotice {
  /**
   * `local-database-recreated`: this device syncs as a new stream because its local database
   * was created afresh while the server knows earlier streams of this client (or the state
   * no longer matched the recorder). Events that were never synced from the old database may
   * be gone; synced ones come back by pulling.
   * `server-log-restored`: the server's log was restored from an older copy; this device
   * re-pushes what the server lost and reads the log again (skipping what it holds).
   */
  readonly kind: 'local-database-recreated' | 'server-log-restored';
  readonly message: string;
  readonly at: number;
}

/** Progress of the current round. */
export interface SyncProgress {
  /** Own notifications acknowledged so far in this round. */
  readonly pushed: number;
  /** Own notifications pending when the round started. */
  readonly total: number;
}

/** The client's status. */
export interface SyncStatus {
  readonly phase: SyncPhase;
  /** The local database's stream id (undefined before `start()` loaded it). */
  readonly streamId: string | undefined;
  /** The local notification id the server acknowledged. */
  readonly acknowledged: number;
  /**
   * Own local notifications not yet acknowledged: the local maximum id minus `acknowledged`
   * minus pulled ids (exact while local ids have no gaps, an upper bound otherwise).
   */
  readonly pending: number;
  /** The server log position pulled and applied through. */
  readonly pulledThrough: number;
  readonly progress: SyncProgress | undefined;
  readonly lastError: SyncProblem | undefined;
  /** When a round last finished with nothing left to do. */
  readonly lastSuccessAt: number | undefined;
  /** When the next retry is due (`offline`). */
  readonly retryAt: number | undefined;
  readonly notice: SyncNotice | undefined;
}

/** Receives every new status. */
export type SyncStatusListener = (status: SyncStatus) => void;

/** The status before `start()`. */
export const INITIAL_STATUS: SyncStatus = {
  phase: 'stopped',
  streamId: undefined,
  acknowledged: 0,
  pending: 0,
  pulledThrough: 0,
  progress: undefined,
  lastError: undefined,
  lastSuccessAt: undefined,
  retryAt: undefined,
  notice: undefined,
};

/** Holds the current status and tells listeners of each change. */
export class StatusBox {
  #status = INITIAL_STATUS;
  readonly #listeners = new Set<SyncStatusListener>();

  /** The current status. */
  get current(): SyncStatus {
    return this.#status;
  }

  /** Merges `patch` in and tells every listener (a throwing listener is ignored). */
  update(patch: Partial<SyncStatus>): void {
    this.#status = { ...this.#status, ...patch };
    for (const listener of this.#listeners) {
      try {
        listener(this.#status);
      } catch {
        // A listener's bug must not stop sync.
      }
    }
  }

  /**
   * Resolves with the first status (from the next change on) that `done` accepts; rejects
   * with `InterfaceError` when `stop` aborts and with the reason when `signal` aborts.
   */
  until(done: (status: SyncStatus) => boolean, stop: AbortSignal, signal?: AbortSignal) {
    return new Promise<SyncStatus>((resolve, reject) => {
      const finish = (error?: Error) => {
        unlisten();
        stop.removeEventListener('abort', onStop);
        signal?.removeEventListener('abort', onAbort);
        if (error) reject(error);
      };
      const onStop = () => {
        finish(new InterfaceError('The SyncClient was stopped.'));
      };
      const onAbort = () => {
        finish(signal?.reason instanceof Error ? signal.reason : new Error('Aborted.'));
      };
      const unlisten = this.listen((status) => {
        if (!done(status)) return;
        finish();
        resolve(status);
      });
      stop.addEventListener('abort', onStop, { once: true });
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Adds a listener; returns the function that removes it. */
  listen(listener: SyncStatusListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}
