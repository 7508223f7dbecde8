/**
 * Sync for the ledger: a `SyncClient` per tab (Web Locks keep two tabs from sending the same
 * batch; the server dedups anyway), steered by the demo's switches in every tab at once.
 */
import {
  IndexedDBSyncStateStore,
  SyncClient,
  type ProcessRecorder,
  type SyncStatus,
} from 'offline-eventstore';
import { SYNC_STATE_NAME } from './names.js';
import type { Session } from './session.js';
import { SyncControls, type SyncSwitches } from './sync-controls.js';

/** The sync client, its session and the demo's switches. */
export class LedgerSync {
  readonly session: Session;
  readonly #client: SyncClient;
  readonly #controls: SyncControls;

  private constructor(session: Session, client: SyncClient, controls: SyncControls) {
    this.session = session;
    this.#client = client;
    this.#controls = controls;
  }

  /** Opens the sync state and starts syncing unless the switches say it is stopped. */
  static async open(recorder: ProcessRecorder, session: Session): Promise<LedgerSync> {
    const stateStore = await IndexedDBSyncStateStore.open({ name: SYNC_STATE_NAME });
    // The other tabs' switches arrive through the controls, which exist before this object.
    const created: { sync?: LedgerSync } = {};
    const controls = new SyncControls((switches) => {
      if (created.sync) void created.sync.#apply(switches);
    });
    const client = new SyncClient({
      url: session.syncUrl,
      token: session.token,
      recorder,
      stateStore,
      intervalMs: 10_000,
      backoff: { baseMs: 500, capMs: 5_000 },
      timeoutMs: 8_000,
      fetch: (input, init) =>
        controls.switches.simulateOffline
          ? Promise.reject(new TypeError('Failed to fetch (offline, simulated by the demo)'))
          : fetch(input, init),
    });
    const sync = new LedgerSync(session, client, controls);
    created.sync = sync;
    await sync.#apply(controls.switches);
    return sync;
  }

  /** The client's status. */
  get status(): SyncStatus {
    return this.#client.status;
  }

  /** The switches, as every tab sees them. */
  get switches(): SyncSwitches {
    return this.#controls.switches;
  }

  /** Calls `listener` with each new status; returns the function that stops it. */
  onStatus(listener: (status: SyncStatus) => void): () => void {
    return this.#client.onStatus(listener);
  }

  /** Turns simulated offline on or off, in every tab. */
  simulateOffline(on: boolean): void {
    this.#controls.set({ simulateOffline: on }, (s) => void this.#apply(s));
  }

  /** Stops or starts sync, in every tab. */
  setStopped(stopped: boolean): void {
    this.#controls.set({ stopped }, (s) => void this.#apply(s));
  }

  /** Syncs now, ending a wait or a backoff early. */
  syncNow(): void {
    this.#client.syncNow();
  }

  async #apply(switches: SyncSwitches): Promise<void> {
    if (switches.stopped) {
      await this.#client.stop();
      return;
    }
    await this.#client.start();
    if (!switches.simulateOffline) this.#client.syncNow();
  }
}
