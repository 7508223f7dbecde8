import type { Durability } from '../../types.js';

/**
 * How long a writer trusts its belief about the last id, in milliseconds of its own clock.
 * The belief is checked by the commit record's key, so this bounds how far back a stale
 * one can reach: no engine commits anywhere near `keptCommits` transactions in it.
 */
export const beliefLifetime = 1_000;

/** How many commit records are kept: far more than can commit within a belief's lifetime. */
export const keptCommits = 100_000;

/** How many commits of one writer go by between two prunings of the log. */
export const pruneEvery = 10_000;

/**
 * Deletes the oldest commit records beyond the newest `keep`. A stale belief is refused
 * only while the record it collides with is there, and it cannot outlive `beliefLifetime`,
 * within which far fewer than `keep` transactions commit.
 */
export function pruneCommits(db: IDBDatabase, keep: number, durability: Durability): Promise<void> {
  return new Promise((resolve, reject) => {
    const tx = db.transaction('commits', 'readwrite', { durability });
    tx.oncomplete = () => {
      resolve();
    };
    tx.onabort = () => {
      reject(tx.error ?? new Error('Pruning the commit log was aborted.'));
    };
    const store = tx.objectStore('commits');
    const counted = store.count();
    counted.onsuccess = () => {
      let excess = counted.result - keep;
      if (excess <= 0) return;
      const cursor = store.openCursor();
      cursor.onsuccess = () => {
        const current = cursor.result;
        if (current === null || excess-- <= 0) return;
        current.delete();
        current.continue();
      };
    };
  });
}
