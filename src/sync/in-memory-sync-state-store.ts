import { InterfaceError } from '../errors.js';
import {
  acknowledgeState,
  addPulled,
  newSyncState,
  rewindState,
  type LoadedSyncState,
  type PullMark,
  type SyncAnchor,
  type SyncState,
  type SyncStateStore,
} from './sync-state.js';

/**
 * A `SyncStateStore` in memory: for tests, and for pairing with `InMemory*Recorder`s (the state
 * lives exactly as long as the events it describes).
 */
export class InMemorySyncStateStore implements SyncStateStore {
  #state: SyncState | undefined;
  #closed = false;

  /** The state, created with a new random stream id on the first call. */
  load(): Promise<LoadedSyncState> {
    return this.#run(() => {
      const created = this.#state === undefined;
      this.#state ??= newSyncState();
      return { state: this.#state, created };
    });
  }

  /** Moves `acknowledged` forward; ignored for a replaced stream. */
  acknowledge(streamId: string, acknowledged: number, anchor?: SyncAnchor): Promise<SyncState> {
    return this.#update((state) => acknowledgeState(state, streamId, acknowledged, anchor));
  }

  /** Sets `acknowledged` back; ignored for a replaced stream. */
  rewind(streamId: string, acknowledged: number): Promise<SyncState> {
    return this.#update((state) => rewindState(state, streamId, acknowledged));
  }

  /** Marks local ids as pulled (ignored for a replaced stream); remembers `mark`. */
  recordPulled(streamId: string, ids: readonly number[], mark?: PullMark): Promise<SyncState> {
    return this.#update((state) => addPulled(state, streamId, ids, mark));
  }

  /** Replaces the state with a new stream. */
  startNewStream(): Promise<SyncState> {
    return this.#update(() => newSyncState());
  }

  /** Ends the store; later calls reject. */
  close(): Promise<void> {
    this.#closed = true;
    return Promise.resolve();
  }

  #update(change: (state: SyncState) => SyncState): Promise<SyncState> {
    return this.#run(() => (this.#state = change(this.#state ?? newSyncState())));
  }

  #run<T>(work: () => T): Promise<T> {
    if (this.#closed)
      return Promise.reject(new InterfaceError('This SyncStateStore is closed; open a new one.'));
    return Promise.resolve(work());
  }
}
