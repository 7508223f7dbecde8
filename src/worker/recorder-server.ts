import * as Comlink from 'comlink';
import { InterfaceError } from '../errors.js';
import type { EventStoreRecorder, ProcessRecorder } from '../types.js';
import { holdLifeline, watchLifeline } from './liveness.js';
import { ServedSubscription } from './served-subscription.js';
import { type ConnectionPort, type Reply, type ServerApi, signalKey } from './wire.js';
import { toWireError } from './wire-error.js';

/** A recorder lent to one connection; `release` is called once when the connection ends. */
export interface Lease {
  readonly recorder: Promise<ProcessRecorder>;
  release(): void;
}

/** How answers carry `state` buffers back: cloned, or transferred (the copies are ours). */
export type ResultTransfer = 'clone' | 'transfer';

/**
 * The worker's side of one connection: serves the lent recorder on `port` through Comlink,
 * calling it concurrently (the IndexedDB recorder commits concurrent inserts together), and
 * owns the connection's subscriptions. It ends when the caller disconnects, when the caller's
 * realm dies (its lifeline), when Comlink releases the port, or when the worker ends it.
 */
export class RecorderServer {
  readonly #port: ConnectionPort;
  readonly #lease: Lease;
  readonly #subscriptions = new Map<number, ServedSubscription>();
  readonly #stopWatching: () => void;
  readonly #onEnd: () => void;
  readonly #results: ResultTransfer;
  #nextSubscription = 1;
  #ended = false;

  constructor(
    port: ConnectionPort,
    lease: Lease,
    options: { peerLifeline: string | null; results: ResultTransfer; onEnd: () => void },
  ) {
    this.#port = port;
    this.#lease = lease;
    this.#onEnd = options.onEnd;
    this.#results = options.results;
    port.addEventListener('messageerror', this.#onMessageError);
    this.#stopWatching = watchLifeline(options.peerLifeline, () => {
      this.end({ notify: false });
    });
    Comlink.expose(this.#api(), port);
  }

  /**
   * Ends the connection: closes its subscriptions, returns the lease and closes the port.
   * With `notify`, first tells the caller (`bye`), whose pending calls then fail at once.
   */
  end({ notify }: { notify: boolean }): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#stopWatching();
    for (const subscription of this.#subscriptions.values()) subscription.close();
    this.#subscriptions.clear();
    this.#port.removeEventListener('messageerror', this.#onMessageError);
    this.#lease.release();
    this.#onEnd();
    if (notify) this.#port.postMessage({ [signalKey]: 'bye' }, []);
    // After Comlink has posted the answer of the call that got us here.
    setTimeout(() => {
      this.#port.close();
    }, 0);
  }

  #api(): ServerApi & { [Comlink.finalizer]: () => void } {
    return {
      hello: async () => ({ ok: true, value: { lifeline: await holdLifeline() } }),
      ready: () => this.#answer(() => undefined),
      // Called concurrently in this one task: the recorder's group commit takes them together.
      insertMany: (calls) =>
        Promise.all(
          calls.map((call) => this.#answer((r) => r.insertEvents(call.events, call.options))),
        ),
      selectEvents: (id, options) => this.#answer((r) => r.selectEvents(id, options), true),
      selectNotifications: (start, limit, options) =>
        this.#answer((r) => r.selectNotifications(start, limit, options), true),
      maxNotificationId: () => this.#answer((r) => r.maxNotificationId()),
      maxTrackingId: (name) => this.#answer((r) => r.maxTrackingId(name)),
      hasTrackingId: (name, id) => this.#answer((r) => r.hasTrackingId(name, id)),
      getRecord: (store, key) => this.#answer((r) => withRecordStores(r).getRecord(store, key)),
      getRecords: (store, query) =>
        this.#answer((r) => withRecordStores(r).getRecords(store, query)),
      deleteEvents: (id, options) =>
        this.#answer((r) => withRecordStores(r).deleteEvents(id, options)),
      openSubscription: (options) => this.#answer((r) => this.#subscribe(r, options)),
      pull: (id) => this.#pull(id),
      closeSubscription: (id) => {
        this.#subscriptions.get(id)?.close();
        this.#subscriptions.delete(id);
        return { ok: true, value: undefined };
      },
      ping: () => true,
      disconnect: () => {
        this.end({ notify: false });
        return { ok: true, value: undefined };
      },
      [Comlink.finalizer]: () => {
        this.end({ notify: false });
      },
    };
  }

  #subscribe(recorder: ProcessRecorder, options: Parameters<ServerApi['openSubscription']>[0]) {
    const id = this.#nextSubscription++;
    this.#subscriptions.set(id, new ServedSubscription(recorder.subscribe(options)));
    return id;
  }

  async #pull(id: number): ReturnType<ServerApi['pull']> {
    const subscription = this.#subscriptions.get(id);
    if (subscription === undefined) return { ok: true, value: { notifications: [], done: true } };
    const reply = await this.#answer(() => subscription.pull(), true);
    if (!reply.ok || reply.value.done) this.#subscriptions.delete(id);
    return reply;
  }

  async #answer<T>(
    body: (recorder: ProcessRecorder) => T | Promise<T>,
    carriesStates = false,
  ): Promise<Reply<T>> {
    try {
      if (this.#ended) throw new InterfaceError('This connection to the recorder is closed.');
      const value = await body(await this.#lease.recorder);
      const reply = { ok: true, value } as const;
      return carriesStates && this.#results === 'transfer' ? transferStates(reply) : reply;
    } catch (error) {
      return { ok: false, error: toWireError(error) };
    }
  }

  readonly #onMessageError = (): void => {
    // Comlink cannot tell which call the broken message was; the caller fails all it has pending.
    this.#port.postMessage({ [signalKey]: 'messageerror' }, []);
  };
}

/**
 * The served recorder as an `EventStoreRecorder`, or `InterfaceError` for one that is only a
 * `ProcessRecorder` (exposed by an app without record stores or deletion).
 */
function withRecordStores(recorder: ProcessRecorder): EventStoreRecorder {
  const candidate = recorder as Partial<EventStoreRecorder>;
  if (typeof candidate.getRecord !== 'function' || typeof candidate.deleteEvents !== 'function') {
    throw new InterfaceError(
      'The recorder behind this connection has no record stores or deletion: serve an EventStoreRecorder (IndexedDBProcessRecorder, InMemoryProcessRecorder).',
    );
  }
  return recorder as EventStoreRecorder;
}

/** Marks the `state` buffers inside `reply` for transfer (each once; they are our copies). */
function transferStates<T>(reply: T): T {
  const buffers = new Set<ArrayBuffer>();
  const visit = (value: unknown): void => {
    if (value instanceof Uint8Array) {
      if (value.buffer instanceof ArrayBuffer) buffers.add(value.buffer);
    } else if (Array.isArray(value)) {
      for (const item of value) visit(item);
    } else if (typeof value === 'object' && value !== null) {
      for (const item of Object.values(value)) visit(item);
    }
  };
  visit(reply);
  return Comlink.transfer(reply, [...buffers]);
}
