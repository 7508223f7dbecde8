/**
 * The request limits of the server: each one is a flag and an environment variable (see
 * `server/README.md`).
 */

/** Upper bounds on what one request may carry or ask for. */
export interface Limits {
  /** Largest request body, in bytes; a larger one gets 413 and changes nothing. */
  readonly maxBodyBytes: number;
  /** Most notifications in one push; more gets 413. */
  readonly maxBatch: number;
  /** Largest decoded `state` of one notification, in bytes; larger gets 422 for that event. */
  readonly maxStateBytes: number;
  /** Most notifications one pull returns; a larger `limit` is clamped to it. */
  readonly maxPull: number;
}

/** The defaults: generous for a phone's backlog, small enough to bound memory per request. */
export const DEFAULT_LIMITS: Limits = {
  maxBodyBytes: 8 * 1024 * 1024,
  maxBatch: 1000,
  maxStateBytes: 1024 * 1024,
  maxPull: 1000,
};

/** Longest `originatorId` and `topic` the server accepts. */
export const MAX_NAME_LENGTH = 1024;
