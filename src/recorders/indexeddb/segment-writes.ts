import type { StoredEvent } from '../../types.js';
import type { PersistenceError } from '../../errors.js';
import { positionConflict } from '../conflicts.js';
import { firstKey, type ScanContext } from './range-scan.js';
import { sequenceName, type SequenceRecord } from './schema.js';
import { callOf, planSegments, segmentRecord, type PlannedSegment } from './segment-plan.js';
import { translateError } from './translate-error.js';

/** A call that cannot be written, and why; the transaction is aborted. */
export type ConflictSink = (conflict: { call: number; error: PersistenceError }) => void;

/**
 * Records a group's events as segments in `tx`, and fills `ids[call]` with each call's
 * notification ids. First, in the task that opened the transaction, it reads the last id
 * given out and, for each segment, the one stored run that could overlap it; once the
 * last of those reads is back, and none found a taken position, it adds the segments and
 * advances the sequence, all from that request's callback, so the transaction never sees
 * a task boundary with requests still to issue.
 */
export function recordSegments(
  tx: IDBTransaction,
  calls: readonly (readonly StoredEvent[])[],
  ids: number[][],
  context: ScanContext,
  onConflict: ConflictSink,
): void {
  const planned = planSegments(calls);
  if (planned.length === 0) return;
  const segments = tx.objectStore('segments');
  const sequence = tx.objectStore('sequence');
  let reads = planned.length + 1;
  let last = 0;
  let failed = false;
  const write = () => {
    if (--reads > 0 || failed) return;
    const firstId = last + 1;
    let next = firstId;
    calls.forEach((events, call) => {
      ids[call] = events.map(() => next++);
    });
    const txLast = next - 1;
    for (const segment of planned) {
      try {
        segments.add(segmentRecord(segment, firstId, txLast));
      } catch (error) {
        // A synchronous throw does not abort: without this abort the adds before it commit.
        failed = true;
        onConflict({
          call: uncloneable(segment),
          error: translateError(error, 'recording events'),
        });
        tx.abort();
        return;
      }
    }
    sequence.put({ name: sequenceName, last: txLast } satisfies SequenceRecord);
  };
  const counter = sequence.get(sequenceName);
  counter.onsuccess = () => {
    last = (counter.result as SequenceRecord | undefined)?.last ?? 0;
    write();
  };
  for (const segment of planned) {
    findOverlap(segments, segment, context, (taken) => {
      if (failed) return;
      if (taken === undefined) {
        write();
        return;
      }
      failed = true;
      onConflict({
        call: callOf(segment, taken),
        error: positionConflict(segment.originatorId, taken),
      });
      tx.abort();
    });
  }
}

/**
 * Calls back with a version of `segment` that is already recorded, or undefined. Stored
 * runs of one aggregate never overlap, so ordered by last version they are ordered by
 * first version too: the first run ending at or after the segment's first version is the
 * only one that can hold one of its versions, and it does if it starts at or before the
 * segment's last version. Runs hold consecutive versions, so an overlap is a taken position.
 */
function findOverlap(
  segments: IDBObjectStore,
  segment: PlannedSegment,
  context: ScanContext,
  found: (taken: number | undefined) => void,
): void {
  const { originatorId, firstVersion, lastVersion } = segment;
  const span = {
    lower: [originatorId, firstVersion],
    upper: [originatorId, Infinity],
    lowerOpen: false,
    upperOpen: false,
  };
  firstKey(segments, span, 'next', context, (key) => {
    const storedFirst = key === undefined ? undefined : (key as [string, number, number])[2];
    found(
      storedFirst === undefined || storedFirst > lastVersion
        ? undefined
        : Math.max(firstVersion, storedFirst),
    );
  });
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
