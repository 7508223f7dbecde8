import type { Durability, StoredEvent, Tracking } from '../../types.js';
import type { PersistenceError } from '../../errors.js';
import { uniqueConflict } from '../conflicts.js';
import type { CheckedChange } from '../record-stores.js';
import { applyChange } from './record-writes.js';
import type { PlannedSegment } from './segment-plan.js';
import { recordSegments } from './segment-writes.js';
import type { ConflictSink, WriteSinks } from './write-sinks.js';
import { advanceTracking } from './tracking-writes.js';
import { isConnectionClosing, translateError } from './translate-error.js';

/** One `insertEvents` call waiting for its commit. Its events are validated copies. */
export interface PendingInsert {
  readonly events: readonly StoredEvent[];
  readonly tracking: Tracking | undefined;
  /** With `tracking`: the tracked position this call expects to find (compare-and-set). */
  readonly expectedTrackingId: number | undefined;
  readonly changes: readonly CheckedChange[];
  resolve(ids: number[]): void;
  reject(error: PersistenceError): void;
}

/** How one transaction over a group of calls ended. */
export type Attempt =
  | { readonly kind: 'committed'; readonly ids: number[][] }
  | { readonly kind: 'conflict'; readonly call: number; readonly error: PersistenceError }
  | { readonly kind: 'taken'; readonly segment: PlannedSegment }
  | { readonly kind: 'disproved' }
  | { readonly kind: 'failed'; readonly error: unknown; readonly closing: boolean };

/** Issues the whole group's requests in this task and reports how the transaction ended. */
export function runTransaction(
  db: IDBDatabase,
  group: readonly PendingInsert[],
  durability: Durability,
  believed: number | undefined,
  done: (attempt: Attempt) => void,
): void {
  let tx: IDBTransaction;
  try {
    tx = db.transaction(scopeOf(group), 'readwrite', { durability });
  } catch (error) {
    done({ kind: 'failed', error, closing: isConnectionClosing(error) });
    return;
  }
  const ids: number[][] = group.map(() => []);
  let conflict: { call: number; error: PersistenceError } | undefined;
  let taken: PlannedSegment | undefined;
  let disproved = false;
  tx.oncomplete = () => {
    done({ kind: 'committed', ids });
  };
  tx.onabort = () => {
    if (conflict !== undefined) done({ kind: 'conflict', ...conflict });
    else if (taken !== undefined) done({ kind: 'taken', segment: taken });
    else if (disproved) done({ kind: 'disproved' });
    else done({ kind: 'failed', error: tx.error, closing: false });
  };
  const onConflict: ConflictSink = (c) => (conflict ??= c);
  const sinks: WriteSinks = {
    onConflict,
    onTaken: (segment) => (taken ??= segment),
    onDisproved: () => (disproved = true),
  };
  let call = 0;
  try {
    for (; call < group.length; call++)
      applyChanges(tx, group[call] as PendingInsert, call, onConflict);
    advanceTracking(tx, group, onConflict);
    const calls = group.map((pending) => pending.events);
    recordSegments(tx, calls, ids, believed, sinks);
  } catch (error) {
    // A synchronous throw (a record that cannot be cloned) does not abort a transaction:
    // without this abort the requests issued before it would commit. The call that threw
    // fails alone; the others are retried.
    onConflict({ call, error: translateError(error, 'recording events') });
    tx.abort();
  }
}

function scopeOf(group: readonly PendingInsert[]): string[] {
  const scope = new Set(['segments', 'commits']);
  for (const call of group) {
    if (call.tracking !== undefined) scope.add('tracking');
    for (const change of call.changes) scope.add(change.store);
  }
  return [...scope];
}

/** Applies one call's record changes. */
function applyChanges(
  tx: IDBTransaction,
  call: PendingInsert,
  index: number,
  onConflict: ConflictSink,
): void {
  for (const change of call.changes) {
    const request = applyChange(tx, change);
    // Not prevented: the error aborts the transaction, which is what we want.
    request.onerror = () => {
      if (request.error?.name === 'ConstraintError') {
        onConflict({ call: index, error: uniqueConflict(change.store) });
      }
    };
  }
}
