/**
 * The sync wire protocol, version 1: the JSON shapes the client and the server exchange.
 * The server (`server/`) and the client (`src/sync/`) both build on these types; the
 * reference is `server/README.md`.
 */

/** The path prefix of every endpoint of this protocol version. */
export const PROTOCOL_PREFIX = '/v1';

/** A local notification as it travels to the server; `state` is base64 of the opaque bytes. */
export interface WireNotification {
  /** The client's notification id: its position in the pushed stream. */
  readonly id: number;
  readonly originatorId: string;
  readonly originatorVersion: number;
  readonly topic: string;
  /** Standard base64 (with padding) of the stored state. The server never decodes it further. */
  readonly state: string;
}

/**
 * Body of `POST /v1/streams/{streamId}/notifications`: every notification of the stream with
 * `after < id <= through`, ids strictly increasing. Ids the client leaves out of that range
 * (events it pulled) are not part of its stream.
 */
export interface PushRequest {
  readonly after: number;
  readonly through: number;
  readonly notifications: readonly WireNotification[];
}

/** 200 answer to a push: the stream's acknowledged position after it. */
export interface PushResponse {
  readonly acknowledged: number;
  /** Notifications newly stored by this request. */
  readonly recorded: number;
  /** Notifications the server already held (resent or echoed back), ignored. */
  readonly skipped: number;
}

/** 200 answer to `GET /v1/streams/{streamId}`. */
export interface StreamResponse {
  readonly streamId: string;
  /** 0 for a stream the server has never seen. */
  readonly acknowledged: number;
  /** The authenticated client's other streams (earlier local databases of the same device). */
  readonly otherStreams: readonly { readonly streamId: string; readonly acknowledged: number }[];
}

/** A notification of the tenant's server log. */
export interface LogNotification extends WireNotification {
  /** Position in the tenant's server log: increasing in commit order, gaps possible. */
  readonly position: number;
  /** The stream that pushed it. */
  readonly streamId: string;
}

/** 200 answer to `GET /v1/log?after=&limit=`. */
export interface PullResponse {
  readonly notifications: readonly LogNotification[];
  /** The greatest position of the tenant's log when the page was read (0 when empty). */
  readonly head: number;
}

/** The `error` code of every non-2xx answer. */
export type ProblemCode =
  | 'malformed'
  | 'invalid-event'
  | 'unauthorized'
  | 'forbidden'
  | 'not-found'
  | 'method-not-allowed'
  | 'too-large'
  | 'unsupported-media-type'
  | 'gap'
  | 'content-conflict'
  | 'aggregate-conflict'
  | 'unavailable'
  | 'internal';

/** The body of every non-2xx answer. */
export interface ProblemBody {
  readonly error: ProblemCode;
  /** What went wrong and what to do about it. */
  readonly message: string;
  /** The notification id the problem is about (`invalid-event`, `*-conflict`). */
  readonly id?: number;
  /** The stream's acknowledged position (`gap`, `*-conflict`): resume after it. */
  readonly acknowledged?: number;
}
