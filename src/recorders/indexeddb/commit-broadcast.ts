/**
 * Tells other recorders on the same database (other tabs, workers, connections) that this
 * one committed, so that their subscriptions read again. A message carries no data: it is
 * only a wake-up, and the reader's next read of the sequence is what counts, so a lost or
 * late message can delay a subscriber but never make it miss or repeat a notification.
 */
export class CommitBroadcast {
  readonly #channel: BroadcastChannel | undefined;

  constructor(databaseName: string, onRemoteCommit: () => void) {
    if (typeof BroadcastChannel === 'undefined') return;
    this.#channel = new BroadcastChannel(`offline-eventstore:${databaseName}`);
    this.#channel.onmessage = onRemoteCommit;
    // In Node an open channel keeps the process alive; a recorder should not.
    (this.#channel as { unref?: () => void }).unref?.();
  }

  /** Wakes the other recorders' subscribers. */
  announce(): void {
    this.#channel?.postMessage('committed');
  }

  /** Stops listening. */
  close(): void {
    this.#channel?.close();
  }
}
