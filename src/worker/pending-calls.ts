import type { PersistenceError } from '../errors.js';

interface PendingCall {
  readonly reject: (reason: PersistenceError) => void;
  readonly settled: Promise<unknown>;
  readonly waitOnClose: boolean;
}

/** Settles a call: with its value, or with the error the caller will see. */
export type Settle<T> = (
  resolve: (value: T) => void,
  reject: (reason: PersistenceError) => void,
) => void;

/**
 * The calls of one connection still waiting for an answer, kept so that all of them can be
 * failed at once: Comlink's own promises would wait forever for a worker that is gone.
 */
export class PendingCalls {
  readonly #calls = new Set<PendingCall>();
  readonly #onBusy: (busy: boolean) => void;

  /** `onBusy` hears whether any call is pending, after each change. */
  constructor(onBusy: (busy: boolean) => void) {
    this.#onBusy = onBusy;
  }

  /** Whether any call is pending. */
  get busy(): boolean {
    return this.#calls.size > 0;
  }

  /**
   * Starts a call and tracks it until it settles. `waitOnClose: false` marks calls that a
   * closing connection must not wait for (a subscription's pull may wait for ever).
   */
  track<T>(start: Settle<T>, waitOnClose: boolean): Promise<T> {
    let reject: (reason: PersistenceError) => void = () => undefined;
    const settled = new Promise<T>((resolve, rejectCall) => {
      reject = rejectCall;
      start(resolve, rejectCall);
    });
    const call: PendingCall = { reject, settled, waitOnClose };
    this.#calls.add(call);
    this.#onBusy(true);
    const forget = () => {
      this.#calls.delete(call);
      this.#onBusy(this.busy);
    };
    settled.then(forget, forget);
    return settled;
  }

  /** Resolves once the calls pending now that a close waits for have settled. */
  async inFlight(): Promise<void> {
    const waited = [...this.#calls].filter((call) => call.waitOnClose);
    await Promise.allSettled(waited.map((call) => call.settled));
  }

  /** Fails every pending call with `reason`. */
  rejectAll(reason: PersistenceError): void {
    for (const call of this.#calls) call.reject(reason);
  }
}
