/**
 * Watches the local recorder for new notifications (to wake the client) and keeps the
 * status's `pending` count current without reading the recorder once per event.
 */
import type { NotificationSubscription } from '../types.js';
import { pendingCount, type SyncSession } from './session.js';

/** A subscription to the recorder's new notifications, and the pending count it refreshes. */
export class LocalWatch {
  readonly #session: SyncSession;
  #subscription: NotificationSubscription | undefined;
  #refreshing: 'idle' | 'busy' | 'again' = 'idle';

  constructor(session: SyncSession) {
    this.#session = session;
  }

  /** Calls `onNew` for every notification committed after `gt` (pulled ones included). */
  start(gt: number, onNew: () => void): void {
    const subscription = this.#session.recorder.subscribe({ gt });
    this.#subscription = subscription;
    void (async () => {
      try {
        for await (const notification of subscription) {
          if (notification.id > gt) onNew();
          this.refreshPending();
        }
      } catch {
        // The recorder closed: the next round reports it.
      }
    })();
  }

  /** Ends the subscription. */
  close(): void {
    this.#subscription?.close();
    this.#subscription = undefined;
  }

  /** Recomputes `pending` from the recorder; a burst of calls makes at most two reads. */
  refreshPending(): void {
    if (this.#refreshing !== 'idle') {
      this.#refreshing = 'again';
      return;
    }
    this.#refreshing = 'busy';
    const s = this.#session;
    s.recorder
      .maxNotificationId()
      .then((max) => {
        s.report({ pending: pendingCount(s.state, max) });
      })
      .catch(() => undefined)
      .finally(() => {
        const again = this.#refreshing === 'again';
        this.#refreshing = 'idle';
        if (again) this.refreshPending();
      });
  }
}
