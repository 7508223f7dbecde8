import { InMemoryProcessRecorder } from '../../src/recorders/in-memory.js';
import type { StoredEvent } from '../../src/types.js';

/** A recorder whose `maxNotificationId` rejects with `error` (thrown as is, not translated). */
export class FailingRecorder extends InMemoryProcessRecorder {
  readonly #error: unknown;
  constructor(error: unknown) {
    super();
    this.#error = error;
  }
  // eslint-disable-next-line @typescript-eslint/require-await -- throws whatever it was given, as is
  override async maxNotificationId(): Promise<number> {
    throw this.#error;
  }
}

/** A recorder whose `selectEvents` answers with something no structured clone can carry. */
export class UnclonableAnswerRecorder extends InMemoryProcessRecorder {
  override selectEvents(): Promise<StoredEvent[]> {
    const event = { originatorId: 'a', originatorVersion: 0, topic: 't', state: new Uint8Array() };
    return Promise.resolve([{ ...event, extra: () => 1 } as StoredEvent]);
  }
}

/** A recorder whose `maxNotificationId` waits until `open()`: a slow call in flight. */
export class GatedRecorder extends InMemoryProcessRecorder {
  #open: () => void = () => undefined;
  readonly #gate = new Promise<void>((resolve) => (this.#open = resolve));
  /** Lets every waiting and later `maxNotificationId` through. */
  open(): void {
    this.#open();
  }
  override async maxNotificationId(): Promise<number> {
    await this.#gate;
    return super.maxNotificationId();
  }
}
