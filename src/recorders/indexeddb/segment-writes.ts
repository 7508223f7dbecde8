import type { StoredEvent } from '../../types.js';
import { requestResult } from './requests.js';
import type { CommitRecord } from './schema.js';
import { planSegments, segmentRecord, type PlannedSegment } from './segment-plan.js';
import { translateError } from './translate-error.js';
import type { WriteSinks } from './write-sinks.js';

/**
 * Records a group's events as segments in `tx`, and fills `ids[call]` with each call's
 * notification ids, numbered after `believed` (the last id this writer gave out) or, if
 * that is unknown, after the newest commit record, read first. With a belief every
 * request is issued in this task and the commit record's key proves the belief: a taken
 * key means another writer numbered from it, and the transaction aborts. Reading first
 * costs a round trip to the storage process; it then issues the rest from the read's
 * callback, so the transaction never sees a task boundary with requests still to issue.
 *
 * It never calls `commit()`: called from a request's callback, as the read-first path
 * would, Firefox 153 commits the requests that succeeded when a later one is refused (a
 * taken position): half a group (test/browser/early-commit.test.ts shows it). Auto-commit
 * costs one more round trip and is atomic in every engine.
 */
export function recordSegments(
  tx: IDBTransaction,
  calls: readonly (readonly StoredEvent[])[],
  ids: number[][],
  believed: number | undefined,
  sinks: WriteSinks,
): void {
  const planned = planSegments(calls);
  if (planned.length === 0) return;
  if (believed !== undefined) {
    issueWrites(tx, planned, calls, ids, believed, sinks);
    return;
  }
  const newest = tx.objectStore('commits').openCursor(null, 'prev');
  newest.onsuccess = () => {
    const last = (newest.result?.value as CommitRecord | undefined)?.last ?? 0;
    issueWrites(tx, planned, calls, ids, last, sinks);
  };
}

/**
 * Numbers the group's events after `last` and adds the commit record and the segments;
 * aborts the transaction if a segment could not be cloned.
 */
function issueWrites(
  tx: IDBTransaction,
  planned: readonly PlannedSegment[],
  calls: readonly (readonly StoredEvent[])[],
  ids: number[][],
  last: number,
  sinks: WriteSinks,
): void {
  const segments = tx.objectStore('segments');
  const start = last + 1;
  const txLast = numberCalls(calls, start, ids);
  // First, so that a stale belief is the first refusal: its ids may collide in the
  // `sequence` index too, which must not pass for a taken position.
  const commit = tx.objectStore('commits').add({ start, last: txLast } satisfies CommitRecord);
  commit.onerror = () => {
    if (commit.error?.name === 'ConstraintError') sinks.onDisproved();
  };
  for (const segment of planned) {
    try {
      const request = segments.add(segmentRecord(segment, start, txLast));
      // Not prevented: the error aborts the transaction, which is what we want.
      request.onerror = () => {
        if (request.error?.name === 'ConstraintError') sinks.onTaken(segment);
      };
    } catch (error) {
      // A synchronous throw does not abort: without this abort the adds before it commit.
      sinks.onConflict({
        call: uncloneable(segment),
        error: translateError(error, 'recording events'),
      });
      tx.abort();
      return;
    }
  }
}

/** Fills `ids[call]` with each call's ids from `start` on; returns the last id given out. */
function numberCalls(
  calls: readonly (readonly StoredEvent[])[],
  start: number,
  ids: number[][],
): number {
  let next = start;
  calls.forEach((events, call) => {
    ids[call] = events.map(() => next++);
  });
  return next - 1;
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
