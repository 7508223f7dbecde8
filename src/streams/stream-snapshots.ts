/**
 * Saving a snapshot of a stream and loading a stream from its newest snapshot: the snapshot
 * is mapped like an event and kept in the `snapshots` record store, never in the stream.
 */
import { DataError } from '../errors.js';
import { ensureStores } from './event-store-stores.js';
import { latestSnapshot, putSnapshot } from './snapshot-records.js';
import type { StoreContext } from './store-context.js';
import {
  decodeStreamEvent,
  mapInOrder,
  toDomainEvent,
  type EventData,
  type StreamEvent,
} from './stream-events.js';
import { readMetadata } from './stream-metadata.js';
import { readState } from './stream-writer.js';

/** A stream read from its newest snapshot: the snapshot (if any), then the later events. */
export interface SnapshotLoad<E extends EventData, S extends EventData> {
  readonly snapshot: StreamEvent<S> | undefined;
  readonly events: StreamEvent<E>[];
}

/**
 * Records `snapshot` as the state of `originatorId` at `version`, which must be a recorded
 * version (`DataError` otherwise); `latestOnly` demands the stream's latest version.
 */
export async function saveSnapshotAt(
  context: StoreContext,
  originatorId: string,
  version: number,
  snapshot: EventData,
  latestOnly: boolean,
): Promise<void> {
  await ensureStores(context.recorder);
  const state = await readState(context.recorder, originatorId);
  const allowed = latestOnly ? version === state.version : version >= 1 && version <= state.version;
  if (!Number.isSafeInteger(version) || !allowed || state.metadata === undefined) {
    throw new DataError(
      `A snapshot of ${originatorId} must be at ${latestOnly ? 'its latest version' : 'a recorded version'} (${state.version}), not ${String(version)}. Nothing was written.`,
    );
  }
  const stored = await context.mapper.toStoredEvent(toDomainEvent(snapshot, originatorId, version));
  await context.recorder.insertEvents([], {
    changes: [putSnapshot(stored, state.metadata.incarnation)],
  });
}

/**
 * The newest snapshot of `originatorId` below `stop` (exclusive; default: no bound) and the
 * events after it and below `stop`. Without a usable snapshot, all those events.
 */
export async function loadFromSnapshot<E extends EventData, S extends EventData>(
  context: StoreContext,
  originatorId: string,
  stop = Infinity,
): Promise<SnapshotLoad<E, S>> {
  await ensureStores(context.recorder);
  const metadata = await readMetadata(context.recorder, originatorId);
  const stored =
    metadata === undefined
      ? undefined
      : await latestSnapshot(context.recorder, originatorId, metadata.incarnation, stop - 1);
  const after = stored?.originatorVersion ?? 0;
  const events = await context.recorder.selectEvents(originatorId, {
    gt: after,
    ...(stop === Infinity ? {} : { lte: stop - 1 }),
  });
  return {
    snapshot: stored === undefined ? undefined : await decodeStreamEvent<S>(context.mapper, stored),
    events: await mapInOrder(events, (e) => decodeStreamEvent<E>(context.mapper, e)),
  };
}
