/**
 * The server's storage, behind one interface: the tenant logs and the per-stream acknowledged
 * positions. `SqlSyncStorage` implements it with the same SQL on PGlite and PostgreSQL.
 */
import type { Principal } from '../tokens.js';

/** One validated notification of a push; `state` is standard base64. */
export interface PushedNotification {
  readonly id: number;
  readonly originatorId: string;
  readonly originatorVersion: number;
  readonly topic: string;
  readonly state: string;
}

/** A validated push: the whole of the stream's range `(after, through]`. */
export interface PushCommand {
  readonly principal: Principal;
  readonly streamId: string;
  readonly after: number;
  readonly through: number;
  readonly notifications: readonly PushedNotification[];
}

/** What became of a push. Only `recorded` changed anything. */
export type PushOutcome =
  | {
      readonly kind: 'recorded';
      readonly acknowledged: number;
      readonly recorded: number;
      readonly skipped: number;
    }
  /** `after` is beyond the acknowledged position: resend from `acknowledged`. */
  | { readonly kind: 'gap'; readonly acknowledged: number }
  /** Another client of the tenant created this stream. */
  | { readonly kind: 'forbidden' }
  /**
   * `content`: the id was stored (or acknowledged) with other content. `aggregate`: another
   * event already holds this `(originatorId, originatorVersion)` in the tenant's log.
   */
  | {
      readonly kind: 'conflict';
      readonly reason: 'content' | 'aggregate';
      readonly id: number;
      readonly acknowledged: number;
    };

/** A stream's acknowledged position and its client's other streams. */
export interface StreamInfo {
  readonly acknowledged: number;
  readonly otherStreams: readonly { readonly streamId: string; readonly acknowledged: number }[];
}

/** One notification of a tenant's log; `state` is standard base64. */
export interface LoggedNotification extends PushedNotification {
  readonly position: number;
  readonly streamId: string;
}

/** A page of a tenant's log and the log's head when it was read. */
export interface LogPage {
  readonly notifications: readonly LoggedNotification[];
  readonly head: number;
}

/** Thrown when the storage is too busy to answer now (a lock timeout): answer 503, retry. */
export class StorageBusyError extends Error {
  override name = 'StorageBusyError';
}

/** Where the server keeps its logs. Every method is one transaction. */
export interface SyncStorage {
  /** Records a push atomically with the stream's new acknowledged position, or nothing. */
  push(command: PushCommand): Promise<PushOutcome>;
  /** The stream's acknowledged position (0 when unknown). */
  stream(principal: Principal, streamId: string): Promise<StreamInfo>;
  /** Up to `limit` notifications of the tenant's log after `after`, in position order. */
  pull(tenant: string, after: number, limit: number): Promise<LogPage>;
  /** Releases the database. */
  close(): Promise<void>;
}
