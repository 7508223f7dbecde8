/**
 * What the pusher and the puller share during a round, and how a round ends.
 */
import type { ApplicationRecorder } from '../types.js';
import type { ProblemBody } from './protocol.js';
import { countPulled, type SyncState, type SyncStateStore } from './sync-state.js';
import type { SyncProblem, SyncStatus } from './status.js';
import type { SyncTransport } from './transport.js';

/** The live state of one client, handed to the pusher and the puller. */
export interface SyncSession {
  /** The latest state the store returned. */
  state: SyncState;
  readonly recorder: ApplicationRecorder;
  readonly store: SyncStateStore;
  readonly transport: SyncTransport;
  readonly now: () => number;
  /** Updates the status the UI sees. */
  readonly report: (patch: Partial<SyncStatus>) => void;
}

/** How a push or pull pass ended. */
export type RoundResult =
  | { readonly kind: 'done' }
  /** Failed for a reason that may pass: back off, then retry the same request. */
  | { readonly kind: 'retry'; readonly problem: SyncProblem; readonly retryAfterMs: number }
  /** Refused for good: stop until `resume()`. */
  | { readonly kind: 'halt'; readonly problem: SyncProblem }
  /** The server holds more of this stream than the local database: start a new stream. */
  | { readonly kind: 'new-stream'; readonly message: string }
  /** Stopped or paused mid-way. */
  | { readonly kind: 'aborted' };

/** Own local notifications above `acknowledged`, given the local maximum id. */
export function pendingCount(state: SyncState, localMax: number): number {
  const above = localMax - state.acknowledged;
  return Math.max(0, above - countPulled(state, state.acknowledged, localMax));
}

/** A halt for the server's refusal `problem` (status `status`). */
export function refusal(
  status: number,
  problem: ProblemBody,
  at: number,
  where: { notificationId?: number; position?: number } = {},
): RoundResult {
  const kind =
    status === 401 || status === 403
      ? 'auth'
      : problem.error.endsWith('-conflict')
        ? 'conflict'
        : 'rejected';
  return {
    kind: 'halt',
    problem: { kind, message: problem.message, status, code: problem.error, at, ...where },
  };
}

/** Whether `error` is the named persistence error (by `name`: it may have crossed a worker). */
export function isErrorNamed(error: unknown, name: string): boolean {
  return error instanceof Error && error.name === name;
}
