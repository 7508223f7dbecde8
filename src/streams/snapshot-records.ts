/**
 * Snapshots in the `snapshots` record store: mapped like events (so they are compressed and
 * encrypted like them), keyed `[originatorId, originatorVersion]`, apart from the events.
 */
import type { EventStoreRecorder, RecordChange, RecordValue, StoredEvent } from '../types.js';

/** A stored snapshot: the state at `originatorVersion`, of one incarnation of the stream. */
export interface SnapshotRecord extends StoredEvent {
  readonly incarnation: string;
}

/** The change that records `snapshot`. */
export function putSnapshot(snapshot: StoredEvent, incarnation: string): RecordChange {
  const { originatorId, originatorVersion, topic, state } = snapshot;
  return {
    store: 'snapshots',
    put: { originatorId, originatorVersion, topic, state, incarnation },
  };
}

/**
 * The newest snapshot of `originatorId` at or below `version`, or `undefined` when there is
 * none or it belongs to another incarnation (a stream deleted and created again under the
 * same id, whose old snapshots a racing writer left behind): such a snapshot is never used,
 * the caller replays the events instead.
 */
export async function latestSnapshot(
  recorder: EventStoreRecorder,
  originatorId: string,
  incarnation: string,
  version = Infinity,
): Promise<SnapshotRecord | undefined> {
  const records = await recorder.getRecords('snapshots', {
    gte: [originatorId],
    lte: [originatorId, version],
    desc: true,
    limit: 1,
  });
  const newest = records[0] === undefined ? undefined : toSnapshot(records[0]);
  return newest?.incarnation === incarnation ? newest : undefined;
}

/** The changes that delete every snapshot of `originatorId`. */
export async function deleteSnapshots(
  recorder: EventStoreRecorder,
  originatorId: string,
): Promise<RecordChange[]> {
  // `[id, []]` sorts after every `[id, version]`: arrays come after numbers in key order.
  const records = await recorder.getRecords('snapshots', {
    gte: [originatorId],
    lt: [originatorId, []],
  });
  return records.map((r) => ({
    store: 'snapshots',
    delete: [originatorId, Number(r.originatorVersion)],
  }));
}

function toSnapshot(record: RecordValue): SnapshotRecord | undefined {
  const { originatorId, originatorVersion, topic, state, incarnation } = record;
  if (
    typeof originatorId !== 'string' ||
    typeof originatorVersion !== 'number' ||
    typeof topic !== 'string' ||
    !(state instanceof Uint8Array) ||
    typeof incarnation !== 'string'
  ) {
    return undefined;
  }
  return { originatorId, originatorVersion, topic, state, incarnation };
}
