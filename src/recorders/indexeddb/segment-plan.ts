import type { StoredEvent } from '../../types.js';
import type { SegmentRecord } from './schema.js';

/** One event of a planned segment, with where it came from. */
export interface PlannedEvent {
  /** The call (within the group) that inserts it. */
  readonly call: number;
  /** Its place among the group's events: its id is the transaction's first id plus this. */
  readonly offset: number;
  readonly topic: string;
  readonly state: Uint8Array;
}

/** A segment before ids are known: one aggregate's consecutive versions, in version order. */
export interface PlannedSegment {
  readonly originatorId: string;
  readonly firstVersion: number;
  readonly lastVersion: number;
  readonly events: readonly PlannedEvent[];
}

/**
 * Splits a group's events into segments: per aggregate, runs of consecutive versions. Runs
 * rather than whole batches because runs of distinct positions never overlap, which is
 * what lets a reader take an aggregate's runs in key order as its events in version
 * order. Positions are distinct within a group
 * (calls that repeat one go to separate groups), so versions in a run are strictly
 * consecutive.
 */
export function planSegments(calls: readonly (readonly StoredEvent[])[]): PlannedSegment[] {
  const byAggregate = new Map<string, (PlannedEvent & { version: number })[]>();
  let offset = 0;
  calls.forEach((events, call) => {
    for (const { originatorId, originatorVersion: version, topic, state } of events) {
      let list = byAggregate.get(originatorId);
      if (list === undefined) byAggregate.set(originatorId, (list = []));
      list.push({ call, offset: offset++, topic, state, version });
    }
  });
  const segments: PlannedSegment[] = [];
  for (const [originatorId, events] of byAggregate) {
    events.sort((a, b) => a.version - b.version);
    let run: (PlannedEvent & { version: number })[] = [];
    const close = () => {
      const [first, last] = [run[0], run.at(-1)];
      if (first === undefined || last === undefined) return;
      segments.push({
        originatorId,
        firstVersion: first.version,
        lastVersion: last.version,
        events: run.map(({ call, offset: o, topic, state }) => ({ call, offset: o, topic, state })),
      });
    };
    for (const event of events) {
      if (run.length > 0 && event.version !== (run.at(-1)?.version ?? NaN) + 1) {
        close();
        run = [];
      }
      run.push(event);
    }
    close();
  }
  return segments;
}

/** The record of a planned segment once the transaction's first id is known. */
export function segmentRecord(
  segment: PlannedSegment,
  firstId: number,
  txLast: number,
): SegmentRecord {
  const ids = segment.events.map((event) => firstId + event.offset);
  let lastId = 0;
  for (const id of ids) if (id > lastId) lastId = id;
  return {
    originatorId: segment.originatorId,
    lastVersion: segment.lastVersion,
    firstVersion: segment.firstVersion,
    ids,
    lastId,
    txLast,
    topics: segment.events.map((event) => event.topic),
    states: segment.events.map((event) => event.state),
    positions: segment.events.map((_, i) => [segment.originatorId, segment.firstVersion + i]),
  };
}

/** The call that inserts `version` of a planned segment. */
export function callOf(segment: PlannedSegment, version: number): number {
  return segment.events[version - segment.firstVersion]?.call ?? 0;
}

/** A key that names one aggregate position, for repeat checks across calls. */
export function positionKey(event: StoredEvent): string {
  return `${event.originatorVersion}\u0000${event.originatorId}`;
}
