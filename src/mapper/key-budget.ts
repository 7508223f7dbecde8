/**
 * A persisted count of encryptions per key, handed out in reserved blocks: each block is
 * written to IndexedDB before any of its counts is used, so a crash or reload only ever skips
 * counts (never reuses one), and the hot path touches IndexedDB once per block, not per event.
 */
import { OperationalError } from '../errors.js';
import { KEYS, requestResult, transactionDone } from './key-db.js';
import type { KeyRecord } from './key-db.js';

/** Counts the encryptions of one key in this realm, reserving blocks in the key database. */
export class KeyBudget {
  #next = 0;
  #until = 0;
  #reserving: Promise<boolean> | undefined;

  /**
   * `transaction` opens a transaction on the key database (and throws `InterfaceError` once
   * the key store is closed); `limit` and `block` are the key store's settings.
   */
  constructor(
    readonly transaction: (mode: IDBTransactionMode) => IDBTransaction,
    readonly keyId: string,
    readonly limit: number,
    readonly block: number,
  ) {}

  /**
   * Counts one encryption: `true` when it fits within the key's limit, `false` once the key
   * has used its last count (another tab's reservations included). Concurrent callers share
   * one reservation.
   */
  async take(): Promise<boolean> {
    while (this.#next >= this.#until) {
      this.#reserving ??= this.#reserve().finally(() => {
        this.#reserving = undefined;
      });
      if (!(await this.#reserving)) return false;
    }
    this.#next++;
    return true;
  }

  async #reserve(): Promise<boolean> {
    const tx = this.transaction('readwrite');
    const done = transactionDone(tx);
    const store = tx.objectStore(KEYS);
    const record = (await requestResult(store.get(this.keyId))) as KeyRecord | undefined;
    if (!record || record.reserved >= this.limit) {
      tx.abort();
      await done.catch(() => undefined);
      if (!record) throw new OperationalError(`Key ${this.keyId} is no longer in the key store.`);
      return false;
    }
    const until = Math.min(record.reserved + this.block, this.limit);
    store.put({ ...record, reserved: until });
    await done;
    this.#next = record.reserved;
    this.#until = until;
    return true;
  }
}
