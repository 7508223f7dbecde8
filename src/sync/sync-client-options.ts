/** The options of `SyncClient`. */
import type { ApplicationRecorder, ProcessRecorder } from '../types.js';
import type { SyncClock } from './alarm.js';
import type { BackoffOptions } from './backoff.js';
import type { SyncEnvironment } from './environment.js';
import type { SyncStateStore } from './sync-state.js';
import type { TokenSource } from './transport.js';

/** What a `SyncClient` syncs, where to, and how patiently. */
export interface SyncClientOptions {
  /** The server's base URL (the `/v1` paths are appended). */
  readonly url: string;
  /** The device's bearer token, or a function returning the current one. */
  readonly token: TokenSource;
  /** The local database. A `ProcessRecorder` can also pull other devices' events. */
  readonly recorder: ApplicationRecorder | ProcessRecorder;
  /** Where the stream id and acknowledged position live; keep it next to the recorder. */
  readonly stateStore: SyncStateStore;
  /** Pull the tenant's log (default: true when `recorder` is a `ProcessRecorder`). */
  readonly pull?: boolean;
  /** Names the server in tracking records (`sync:<serverName>`); default the URL's origin. */
  readonly serverName?: string;
  /** Notifications per push; default 500 (halved automatically when the server says 413). */
  readonly batchSize?: number;
  /** Notifications per pull; default 500. */
  readonly pullLimit?: number;
  /** Per request; default 15 000 ms. A timeout means "outcome unknown": the retry is safe. */
  readonly timeoutMs?: number;
  readonly backoff?: BackoffOptions;
  /** Sync this often while idle, to pull; default 60 000 ms; 0 turns the timer off. */
  readonly intervalMs?: number;
  /** Wake on each new local notification (`recorder.subscribe`); default true. */
  readonly watchLocal?: boolean;
  /** Uniform in `[0, 1)`, for the backoff's jitter; default from `crypto.getRandomValues`. */
  readonly random?: () => number;
  readonly clock?: SyncClock;
  readonly fetch?: typeof fetch;
  /** `online`, `visibilitychange`, `navigator.onLine` and Web Locks; default the global ones. */
  readonly environment?: SyncEnvironment;
}
