import type { InsertCall, Reply } from './wire.js';

type Replies = Reply<number[]>[];

interface OpenBatch {
  readonly calls: InsertCall[];
  readonly transfer: Transferable[];
  readonly replies: Promise<Replies>;
  resolve(replies: Replies): void;
  reject(error: unknown): void;
}

/**
 * Gathers the inserts made in one task into one message. The worker receives each message
 * in a task of its own, so inserts sent one message each would reach the recorder in as many
 * tasks and miss each other's group commit; sent together, the worker hands them to the
 * recorder in one task and they share one transaction (each still atomic on its own).
 *
 * A batch leaves at the end of the current microtask checkpoint, or at once when another
 * call is sent (`flush`), so that calls still reach the worker in the order they were made.
 */
export class InsertBatches {
  readonly #send: (calls: InsertCall[], transfer: Transferable[]) => Promise<Replies>;
  #open: OpenBatch | undefined;

  constructor(send: (calls: InsertCall[], transfer: Transferable[]) => Promise<Replies>) {
    this.#send = send;
  }

  /** Adds an insert to the open batch; resolves to its own answer. */
  add(call: InsertCall, transfer: readonly Transferable[]): Promise<Reply<number[]>> {
    const batch = this.#open ?? this.#start();
    const index = batch.calls.push(call) - 1;
    batch.transfer.push(...transfer);
    return batch.replies.then(
      (replies) =>
        replies[index] ?? {
          ok: false,
          error: {
            name: 'InternalError',
            message: 'No answer for an insert.',
            domException: false,
          },
        },
    );
  }

  /** Sends the open batch now, if there is one. */
  flush(): void {
    const batch = this.#open;
    if (batch === undefined) return;
    this.#open = undefined;
    this.#send(batch.calls, batch.transfer).then(
      (replies) => {
        batch.resolve(replies);
      },
      (error: unknown) => {
        batch.reject(error);
      },
    );
  }

  #start(): OpenBatch {
    let resolve: (replies: Replies) => void = () => undefined;
    let reject: (error: unknown) => void = () => undefined;
    const replies = new Promise<Replies>((resolveBatch, rejectBatch) => {
      resolve = resolveBatch;
      reject = rejectBatch;
    });
    const batch: OpenBatch = { calls: [], transfer: [], replies, resolve, reject };
    this.#open = batch;
    queueMicrotask(() => {
      if (this.#open === batch) this.flush();
    });
    return batch;
  }
}
