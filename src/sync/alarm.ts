/**
 * The client's single place of waiting: until a timer fires or something wakes it. A wake-up
 * the current wait does not accept is kept for the next one, so an event committed during a
 * round is never missed, and a burst of local events during a backoff does not end it early.
 */

/** Why a wait ended. */
export type WakeReason = 'local' | 'online' | 'visible' | 'manual' | 'resume' | 'timer' | 'stop';

/** Timers, injectable for tests. */
export interface SyncClock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** The host's clock. */
export const systemClock: SyncClock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => {
    globalThis.clearTimeout(handle as Parameters<typeof globalThis.clearTimeout>[0]);
  },
};

interface Waiter {
  readonly accept: (reason: WakeReason) => boolean;
  readonly finish: (reason: WakeReason) => void;
}

/** Waits and wake-ups. */
export class Alarm {
  readonly #clock: SyncClock;
  readonly #pending = new Set<WakeReason>();
  #waiter: Waiter | undefined;

  constructor(clock: SyncClock) {
    this.#clock = clock;
  }

  /** Ends the current wait if it accepts `reason`; otherwise keeps it for a later wait. */
  wake(reason: WakeReason): void {
    if (this.#waiter?.accept(reason)) this.#waiter.finish(reason);
    else this.#pending.add(reason);
  }

  /** Forgets kept wake-ups (a round is starting and covers them). */
  clear(): void {
    this.#pending.clear();
  }

  /** Waits `ms` (`Infinity`: no timer) or until an accepted wake-up or `signal` aborts. */
  wait(
    ms: number,
    signal: AbortSignal,
    accept: (reason: WakeReason) => boolean,
  ): Promise<WakeReason> {
    if (signal.aborted) return Promise.resolve('stop');
    for (const reason of this.#pending) {
      if (accept(reason)) {
        this.#pending.delete(reason);
        return Promise.resolve(reason);
      }
    }
    return new Promise((resolve) => {
      const finish = (reason: WakeReason) => {
        if (timer !== undefined) this.#clock.clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        this.#waiter = undefined;
        resolve(reason);
      };
      const onAbort = () => {
        finish('stop');
      };
      const timer = Number.isFinite(ms)
        ? this.#clock.setTimeout(() => {
            finish('timer');
          }, ms)
        : undefined;
      signal.addEventListener('abort', onAbort, { once: true });
      this.#waiter = { accept, finish };
    });
  }
}
