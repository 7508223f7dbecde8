/**
 * Capped exponential backoff with full jitter: the wait before retry `attempt` is uniform in
 * `[0, min(capMs, baseMs * 2^(attempt - 1))]`, so clients a server restart failed together do
 * not come back together. A server's `Retry-After` is a floor.
 */

/** How long to wait between failed attempts. */
export interface BackoffOptions {
  /** The cap of the first retry's wait; default 1000 ms. */
  readonly baseMs?: number;
  /** No wait is longer than this; default 60 000 ms. */
  readonly capMs?: number;
}

/** The wait before retry `attempt` (1 for the first), given a `random()` in `[0, 1)`. */
export function backoffDelay(
  attempt: number,
  options: BackoffOptions,
  random: () => number,
  retryAfterMs = 0,
): number {
  const base = options.baseMs ?? 1000;
  const cap = options.capMs ?? 60_000;
  const ceiling = Math.min(cap, base * 2 ** Math.min(Math.max(attempt - 1, 0), 52));
  return Math.max(Math.floor(random() * ceiling), Math.min(retryAfterMs, cap));
}

/** A uniform random number in `[0, 1)` from `crypto.getRandomValues`. */
export function cryptoRandom(): number {
  return (crypto.getRandomValues(new Uint32Array(1))[0] ?? 0) / 2 ** 32;
}
