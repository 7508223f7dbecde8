/**
 * How each side of a connection learns that the other has died. A `MessagePort` gives no
 * event when the realm behind it ends, and Comlink leaves its calls pending forever, so:
 *
 * - Where Web Locks exist (every current browser, in pages and workers), each realm holds a
 *   uniquely named lock until it ends ("its lifeline") and requests the other side's one:
 *   the request is granted the moment that realm is gone (terminated, crashed, tab closed).
 * - Elsewhere, a `Heartbeat` pings while calls are pending and gives up after a silence.
 */

let lifeline: Promise<string | null> | undefined;

/**
 * Holds a lock for the rest of this realm's life and resolves to its name, or to null where
 * Web Locks are missing. Every call returns the same lock.
 */
export function holdLifeline(): Promise<string | null> {
  lifeline ??= new Promise((resolve) => {
    const locks = lockManager();
    if (locks === undefined) {
      resolve(null);
      return;
    }
    const name = `${lockPrefix}${crypto.randomUUID()}`;
    // The callback's promise never settles: the lock is released only when the realm ends.
    locks
      .request(name, () => {
        resolve(name);
        return new Promise<never>(() => undefined);
      })
      .catch(() => {
        resolve(null);
      });
  });
  return lifeline;
}

const lockPrefix = 'offline-eventstore/lifeline/';

/**
 * Calls `onGone` once the realm holding the lifeline `name` has ended. Returns the function
 * that stops watching. Without Web Locks (or without a name) it never calls `onGone`.
 */
export function watchLifeline(name: string | null, onGone: () => void): () => void {
  const locks = lockManager();
  if (locks === undefined || name === null) return () => undefined;
  const watching = new AbortController();
  locks
    .request(name, { signal: watching.signal }, () => {
      if (!watching.signal.aborted) onGone();
    })
    .catch(() => undefined); // an aborted request rejects with AbortError: that is the stop
  return () => {
    watching.abort();
  };
}

/** How a caller keeps an eye on the worker behind a connection. */
export interface PeerWatch {
  /** Tells the watch whether calls are pending (a heartbeat pings only then). */
  setBusy(busy: boolean): void;
  /** Stops watching. */
  stop(): void;
}

/**
 * Watches the peer's lifeline where that can tell of its death; otherwise (no Web Locks,
 * or the peer is this very realm: a channel within one page) pings while calls are pending
 * and gives up after `timeoutMs` of silence. Calls `onDead` at most once.
 */
export function watchPeer(options: {
  readonly peerLifeline: string | null;
  readonly ownLifeline: string | null;
  readonly ping: () => Promise<unknown>;
  readonly timeoutMs: number;
  readonly onDead: (how: 'ended' | 'silent') => void;
}): PeerWatch {
  const { peerLifeline, ownLifeline, onDead } = options;
  if (peerLifeline !== null && peerLifeline !== ownLifeline && lockManager() !== undefined) {
    const stop = watchLifeline(peerLifeline, () => {
      onDead('ended');
    });
    return { setBusy: () => undefined, stop };
  }
  const heartbeat = new Heartbeat(options.ping, options.timeoutMs, () => {
    onDead('silent');
  });
  return {
    setBusy: (busy) => {
      heartbeat.setActive(busy);
    },
    stop: () => {
      heartbeat.setActive(false);
    },
  };
}

function lockManager(): LockManager | undefined {
  if (typeof navigator === 'undefined') return undefined;
  return (navigator as Partial<Navigator>).locks;
}

/**
 * Pings while it is active and calls `onSilent` once a ping stays unanswered for
 * `timeoutMs`. Pinging only while calls are pending keeps an idle page idle; a worker that
 * died while nothing was pending is noticed by the next call.
 */
class Heartbeat {
  readonly #ping: () => Promise<unknown>;
  readonly #timeoutMs: number;
  readonly #onSilent: () => void;
  #timer: ReturnType<typeof setInterval> | undefined;
  #sentAt: number | undefined;

  constructor(ping: () => Promise<unknown>, timeoutMs: number, onSilent: () => void) {
    this.#ping = ping;
    this.#timeoutMs = timeoutMs;
    this.#onSilent = onSilent;
  }

  /** Starts or stops pinging. */
  setActive(active: boolean): void {
    if (active && this.#timer === undefined) {
      this.#timer = setInterval(
        () => {
          this.#tick();
        },
        Math.max(1, this.#timeoutMs / 4),
      );
    } else if (!active && this.#timer !== undefined) {
      clearInterval(this.#timer);
      this.#timer = undefined;
      this.#sentAt = undefined;
    }
  }

  #tick(): void {
    const now = performance.now();
    if (this.#sentAt === undefined) {
      const sentAt = now;
      this.#sentAt = sentAt;
      this.#ping().then(
        () => {
          if (this.#sentAt === sentAt) this.#sentAt = undefined;
        },
        () => undefined,
      );
    } else if (now - this.#sentAt >= this.#timeoutMs) {
      this.setActive(false);
      this.#onSilent();
    }
  }
}
