import type { Durability } from '../../types.js';
import type { CheckedChange } from '../record-stores.js';
import { scan, type ScanContext } from './range-scan.js';
import type { SegmentRecord } from './schema.js';
import { translateError } from './translate-error.js';

/**
 * Deletes every event of `originatorId` and applies `changes` in one transaction; resolves
 * to the number of events deleted. The notification ids of deleted events stay unused: the
 * `commits` store never goes back, so readers see a gap, never a reused id.
 */
export function deleteAggregate(
  db: IDBDatabase,
  context: ScanContext,
  originatorId: string,
  changes: readonly CheckedChange[],
  durability: Durability,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const scope = [...new Set(['segments', ...changes.map((change) => change.store)])];
    const tx = db.transaction(scope, 'readwrite', { durability });
    let deleted = 0;
    let thrown: { error: unknown } | undefined;
    tx.oncomplete = () => {
      resolve(deleted);
    };
    tx.onabort = () => {
      reject(translateError(thrown?.error ?? tx.error, `deleting the events of ${originatorId}`));
    };
    try {
      // Keys are [originatorId, lastVersion, firstVersion]: the aggregate's are adjacent.
      const span = {
        lower: [originatorId],
        upper: [originatorId, Infinity],
        lowerOpen: false,
        upperOpen: false,
      };
      scan(tx.objectStore('segments'), span, 'next', undefined, context, (cursor) => {
        deleted += (cursor.value as SegmentRecord).ids.length;
        cursor.delete();
      }).catch(() => undefined); // a failed cursor aborts the transaction, reported above
      for (const change of changes) applyChange(tx, change);
    } catch (error) {
      thrown = { error };
      tx.abort();
    }
  });
}

/** Issues one record change in `tx`. */
export function applyChange(tx: IDBTransaction, change: CheckedChange): IDBRequest {
  const store = tx.objectStore(change.store);
  return change.put === undefined ? store.delete(change.key as IDBValidKey) : store.put(change.put);
}
