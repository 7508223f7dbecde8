import type { StoredEvent } from '../../types.js';
import type { PersistenceError } from '../../errors.js';
import { requestResult } from './requests.js';
import { sequenceName, type SequenceRecord } from './schema.js';
import { planSegments, segmentRecord, type PlannedSegment } from './segment-plan.js';
import { translateError } from './translate-error.js';

/** A call that cannot be written, and why; the transaction is aborted. */
export type ConflictSink = (conflict: { call: number; error: PersistenceError }) => void;

/** Told which segment IndexedDB refused for a taken position (the transaction aborts). */
export type TakenSink = (segment: PlannedSegment) => void;

/**
 * Records a group's events as segments in `tx`, and fills `ids[call]` with each call's
 * notification ids. It reads the last id given out; from that read's callback it adds the
 * segments, advances the sequence and commits, so the transaction never sees a task
 * boundary with requests still to issue. Every request of the group's tracking and record
 * changes was issued before the read, so their callbacks have run by then and nothing is
 * left to decide: committing at once saves a round trip to the storage process. A taken
 * position makes IndexedDB refuse the segment (unique `position` index) and abort.
 */
export function recordSegments(
  tx: IDBTransaction,
  calls: readonly (readonly StoredEvent[])[],
  ids: number[][],
  onTaken: TakenSink,
  onConflict: ConflictSink,
): void {
  const planned = planSegments(calls);
  if (planned.length === 0) return;
  const counter = tx.objectStore('sequence').get(sequenceName);
  counter.onsuccess = () => {
    const last = (counter.result as SequenceRecord | undefined)?.last ?? 0;
    if (issueWrites(tx, planned, calls, ids, last, onTaken, onConflict)) commitNow(tx);
  };
}

/**
 * Numbers the group's events after `last`, adds the segments and advances the sequence;
 * false (with the transaction aborted) if a segment could not be cloned.
 */
function issueWrites(
  tx: IDBTransaction,
  planned: readonly PlannedSegment[],
  calls: readonly (readonly StoredEvent[])[],
  ids: number[][],
  last: number,
  onTaken: TakenSink,
  onConflict: ConflictSink,
): boolean {
  const segments = tx.objectStore('segments');
  const firstId = last + 1;
  let next = firstId;
  calls.forEach((events, call) => {
    ids[call] = events.map(() => next++);
  });
  const txLast = next - 1;
  for (const segment of planned) {
    try {
      const request = segments.add(segmentRecord(segment, firstId, txLast));
      // Not prevented: the error aborts the transaction, which is what we want.
      request.onerror = () => {
        if (request.error?.name === 'ConstraintError') onTaken(segment);
      };
    } catch (error) {
      // A synchronous throw does not abort: without this abort the adds before it commit.
      onConflict({ call: uncloneable(segment), error: translateError(error, 'recording events') });
      tx.abort();
      return false;
    }
  }
  tx.objectStore('sequence').put({ name: sequenceName, last: txLast } satisfies SequenceRecord);
  return true;
}

/**
 * The first version of `segment` already recorded, read in a transaction of its own after
 * the write was refused (a merged run holds several calls' events: this names the one to
 * reject); undefined if none is recorded (any more).
 */
export async function takenVersion(
  db: IDBDatabase,
  segment: PlannedSegment,
): Promise<number | undefined> {
  const positions = db
    .transaction('segments', 'readonly')
    .objectStore('segments')
    .index('position');
  const { originatorId, firstVersion, events } = segment;
  const keys = await Promise.all(
    events.map((_, i) => requestResult(positions.getKey([originatorId, firstVersion + i]))),
  );
  const at = keys.findIndex((key) => key !== undefined);
  return at < 0 ? undefined : firstVersion + at;
}

/** Starts the commit at once where the runtime can (`commit()` is newer than IndexedDB). */
function commitNow(tx: IDBTransaction): void {
  if (typeof tx.commit === 'function') tx.commit();
}

/** The call whose event could not be cloned (only reachable past validation, by a bug). */
function uncloneable(segment: PlannedSegment): number {
  const bad = segment.events.find(({ topic, state }) => {
    try {
      structuredClone({ topic, state });
      return false;
    } catch {
      return true;
    }
  });
  return (bad ?? segment.events[0])?.call ?? 0;
}
