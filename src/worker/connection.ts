import * as Comlink from 'comlink';
import { OperationalError, type PersistenceError } from '../errors.js';
import { closed, failure, silence, workerFailed } from './failures.js';
import { type PeerWatch, holdLifeline, watchPeer } from './liveness.js';
import { InsertBatches } from './insert-batch.js';
import { PendingCalls } from './pending-calls.js';
import {
  type ConnectMessage,
  type DatabaseRequest,
  type InsertCall,
  type RecorderEndpoint,
  type Reply,
  type ServerApi,
  isSignal,
  protocolVersion,
  signalKey,
} from './wire.js';
import { reviveError, transportError } from './wire-error.js';

/** The remote side of a connection, as Comlink presents it. Never leaves this folder. */
export type RemoteServer = Comlink.Remote<ServerApi>;

/** Options of a `Connection`. */
export interface ConnectionOptions {
  /** How long an unanswered connect, or ping without Web Locks, means a dead worker. */
  readonly livenessTimeoutMs: number;
  /** The database to ask for, when the worker serves many (the ready entry). */
  readonly database?: DatabaseRequest;
  /** A `Worker` or `SharedWorker` whose `error` event means its connections are broken. */
  readonly errorSource?: Pick<EventTarget, 'addEventListener' | 'removeEventListener'>;
  /** Called once when the connection breaks. */
  readonly onBroken?: () => void;
}

/**
 * The caller's end of one connection to a served recorder, on a `MessagePort` of its own.
 * It turns every answer into a value or a revived error, and never lets a call hang: when
 * the worker dies (its lifeline lock is released, or it stops answering pings), errs, ends
 * the connection, or an answer cannot be deserialised, pending calls reject with
 * `OperationalError`. A broken connection stays broken; whoever owns it may start another.
 */
export class Connection {
  /** Resolves once the worker has the recorder open; rejects with the reason it could not. */
  readonly ready: Promise<undefined>;
  readonly #port: MessagePort;
  readonly #remote: RemoteServer;
  readonly #options: ConnectionOptions;
  readonly #pending = new PendingCalls((busy) => {
    this.#watchPeer?.setBusy(busy);
  });
  readonly #cleanups: (() => void)[] = [];
  readonly #inserts = new InsertBatches((calls, transfer) =>
    this.#remote.insertMany(transfer.length === 0 ? calls : Comlink.transfer(calls, [...transfer])),
  );
  #watchPeer: PeerWatch | undefined;
  #broken: PersistenceError | undefined;
  #closed = false;
  #closing: Promise<void> | undefined;

  constructor(endpoint: RecorderEndpoint, options: ConnectionOptions) {
    const { port1, port2 } = new MessageChannel();
    this.#port = port1;
    this.#options = options;
    this.#remote = Comlink.wrap<ServerApi>(port1);
    this.#listen(port1, 'message', (event) => {
      this.#onNotice((event as MessageEvent).data);
    });
    this.#listen(port1, 'messageerror', () => {
      this.#interrupt(failure('unreadable-answer'));
    });
    // Node and recent Chromium tell a port that its other end has closed.
    this.#listen(port1, 'close', () => {
      this.fail(failure('port-closed'));
    });
    if (options.errorSource !== undefined) {
      this.#listen(options.errorSource, 'error', (event) => {
        this.fail(workerFailed(event));
      });
    }
    port1.start();
    const greeted = this.#connect(endpoint, port2);
    const opened = this.call((remote) => remote.ready());
    // Ready once the worker is watched too, so no caller of `ready` can outrun the watch.
    this.ready = Promise.all([greeted, opened]).then(() => undefined);
    this.ready.catch(() => undefined);
  }

  /** Whether the connection has broken; every later call fails with the reason. */
  get broken(): boolean {
    return this.#broken !== undefined;
  }

  /**
   * Sends one call and unwraps its answer. `waitOnClose: false` marks calls that `close` must
   * not wait for (a subscription's pull waits for commits that may never come).
   */
  call<T>(send: (remote: RemoteServer) => Promise<Reply<T>>, waitOnClose = true): Promise<T> {
    this.#inserts.flush(); // inserts made before this call go first
    return this.#track(send, waitOnClose);
  }

  /** Sends an insert with the others made in this task (see `InsertBatches`). */
  insert(call: InsertCall, transfer: readonly Transferable[] = []): Promise<number[]> {
    return this.#track(() => this.#inserts.add(call, transfer), true);
  }

  /** Fails every pending call with `reason`, and every later one; frees the port. */
  fail(reason: PersistenceError): void {
    if (this.#broken !== undefined || this.#closed) return;
    this.#broken = reason;
    this.#teardown(reason);
    this.#options.onBroken?.();
  }

  /**
   * Waits for the calls in flight, then ends the connection (the worker closes its side and
   * returns the recorder's lease). A second call does nothing.
   */
  close(): Promise<void> {
    this.#closing ??= this.#close();
    return this.#closing;
  }

  async #close(): Promise<void> {
    await this.#pending.inFlight();
    if (this.#broken === undefined) {
      await this.call((remote) => remote.disconnect()).catch(() => undefined);
    }
    this.#closed = true;
    if (this.#broken === undefined) this.#teardown(closed());
  }

  #track<T>(send: (remote: RemoteServer) => Promise<Reply<T>>, waitOnClose: boolean): Promise<T> {
    if (this.#broken !== undefined) return Promise.reject(this.#broken);
    if (this.#closed) return Promise.reject(closed());
    return this.#pending.track<T>((resolve, reject) => {
      const answer = (reply: Reply<T>) => {
        if (reply.ok) resolve(reply.value);
        else reject(reviveError(reply.error));
      };
      try {
        send(this.#remote).then(answer, (error: unknown) => {
          reject(transportError(error));
        });
      } catch (error) {
        reject(transportError(error));
      }
    }, waitOnClose);
  }

  /**
   * Hands the worker its end of the channel, then learns its lifeline. Until the hello comes
   * back only the timeout (and a Worker's `error` event) can tell that nobody answers.
   */
  async #connect(endpoint: RecorderEndpoint, port: MessagePort): Promise<void> {
    const timeoutMs = this.#options.livenessTimeoutMs;
    const timer = setTimeout(() => {
      this.fail(silence(timeoutMs, true));
    }, timeoutMs);
    this.#cleanups.push(() => {
      clearTimeout(timer);
    });
    try {
      const lifeline = await holdLifeline();
      const database = this.#options.database;
      const message: ConnectMessage = {
        [signalKey]: 'connect',
        version: protocolVersion,
        port,
        lifeline,
        ...(database === undefined ? {} : { database }),
      };
      endpoint.postMessage(message, [port]);
      const hello = await this.call((remote) => remote.hello());
      clearTimeout(timer);
      this.#watch(hello.lifeline, lifeline);
    } catch (error) {
      this.fail(error instanceof OperationalError ? error : transportError(error));
      throw this.#broken ?? error;
    }
  }

  #watch(peerLifeline: string | null, ownLifeline: string | null): void {
    if (this.#broken !== undefined || this.#closed) return;
    const timeoutMs = this.#options.livenessTimeoutMs;
    const watch = watchPeer({
      peerLifeline,
      ownLifeline,
      timeoutMs,
      ping: () => this.#remote.ping(),
      onDead: (how) => {
        this.fail(how === 'ended' ? failure('ended') : silence(timeoutMs, false));
      },
    });
    this.#watchPeer = watch;
    watch.setBusy(this.#pending.busy);
    this.#cleanups.push(() => {
      watch.stop();
    });
  }

  #onNotice(data: unknown): void {
    if (isSignal(data, 'bye')) {
      this.fail(failure('bye'));
    } else if (isSignal(data, 'messageerror')) {
      this.#interrupt(failure('unreadable-call'));
    }
  }

  /** Fails the pending calls (one of them will never be answered) but keeps the connection. */
  #interrupt(reason: PersistenceError): void {
    this.#pending.rejectAll(reason);
  }

  #teardown(reason: PersistenceError): void {
    for (const cleanup of this.#cleanups.splice(0)) cleanup();
    this.#interrupt(reason);
    try {
      // Tells a live worker to end its side (its finalizer) and stops Comlink's GC hook.
      this.#remote[Comlink.releaseProxy]();
    } catch {
      // Already released.
    }
    this.#port.close();
  }

  #listen(
    target: Pick<EventTarget, 'addEventListener' | 'removeEventListener'>,
    type: string,
    listener: (event: Event) => void,
  ): void {
    target.addEventListener(type, listener);
    this.#cleanups.push(() => {
      target.removeEventListener(type, listener);
    });
  }
}
