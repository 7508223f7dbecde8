/**
 * The demo's sync switches, the same in every tab: "simulate offline" (requests fail as with
 * no network, and the client backs off and retries) and "sync stopped" (the client is
 * stopped). Kept in `localStorage`, and told to the other tabs by a `BroadcastChannel`.
 */

/** The switches. */
export interface SyncSwitches {
  readonly simulateOffline: boolean;
  readonly stopped: boolean;
}

const KEY = 'tally.sync-switches';
const CHANNEL = 'tally-sync-switches';

/** Reads, writes and watches the switches. */
export class SyncControls {
  readonly #channel = new BroadcastChannel(CHANNEL);
  #switches: SyncSwitches;

  constructor(onChange: (switches: SyncSwitches) => void) {
    this.#switches = read();
    this.#channel.onmessage = (event: MessageEvent<SyncSwitches>) => {
      this.#switches = event.data;
      onChange(event.data);
    };
  }

  /** The current switches. */
  get switches(): SyncSwitches {
    return this.#switches;
  }

  /** Changes switches here and in every other tab; `apply` runs here. */
  set(patch: Partial<SyncSwitches>, apply: (switches: SyncSwitches) => void): void {
    this.#switches = { ...this.#switches, ...patch };
    localStorage.setItem(KEY, JSON.stringify(this.#switches));
    this.#channel.postMessage(this.#switches);
    apply(this.#switches);
  }
}

function read(): SyncSwitches {
  const fallback: SyncSwitches = { simulateOffline: false, stopped: false };
  try {
    const kept: unknown = JSON.parse(localStorage.getItem(KEY) ?? 'null');
    return typeof kept === 'object' && kept !== null ? { ...fallback, ...kept } : fallback;
  } catch {
    return fallback;
  }
}
