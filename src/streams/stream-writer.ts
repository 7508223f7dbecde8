/**
 * The one write path of the store APIs: appends to any number of streams, with a tracking
 * record and record changes, in ONE `insertEvents` call, so all of it is recorded or none.
 *
 * Optimistic: it reads each stream's version and metadata, plans, maps the events (before the
 * recorder is called: never inside a transaction), and inserts at the planned versions. The
 * recorder's unique aggregate positions turn any writer that got in between into an
 * `IntegrityError`; the writer then reads again and plans again, so expectations and write
 * conditions are judged against what is recorded, and `NO_VERSIONING` appends simply retry.
 */
import { DataError, IntegrityError } from '../errors.js';
import type { EventStoreRecorder, RecordChange, StoredEvent, Tracking } from '../types.js';
import {
  checkAppend,
  planAppend,
  type AppendPlan,
  type StreamAppend,
  type StreamState,
} from './append-plan.js';
import { ensureStores } from './event-store-stores.js';
import type { StoreContext } from './store-context.js';
import { mapInOrder, toDomainEvent, type EventData } from './stream-events.js';
import { toOriginatorId } from './stream-ids.js';
import { putMetadata, readMetadata } from './stream-metadata.js';

/** What is recorded with the events, in the same transaction. */
export interface WriteOptions {
  /** The upstream notification this write is the result of processing. */
  readonly tracking?: Tracking;
  /** With `tracking`: the tracked position the processing started from (compare-and-set). */
  readonly expectedTrackingId?: number;
  /** Changes to the app's record stores (a read model, say). */
  readonly changes?: readonly RecordChange[];
}

/** What one stream's append recorded. */
export interface AppendResult {
  readonly streamId: string;
  /** The stream's version after the append: pass it as the next `expectedVersion`. */
  readonly version: number;
  /** The new events' positions in the application sequence, in order. */
  readonly positions: readonly number[];
}

/** How often contended writers read and plan again before giving up. */
const maxAttempts = 10;

interface Target {
  readonly append: StreamAppend<EventData>;
  readonly originatorId: string;
}

/** Appends to every stream in `appends` atomically; see the module comment. */
export async function writeStreams(
  context: StoreContext,
  appends: readonly StreamAppend<EventData>[],
  options: WriteOptions = {},
): Promise<AppendResult[]> {
  const targets = toTargets(context, appends);
  await ensureStores(context.recorder);
  let conflict: unknown;
  for (let attempt = 0; attempt < maxAttempts; attempt++) {
    const states = await Promise.all(
      targets.map((t) => readState(context.recorder, t.originatorId)),
    );
    try {
      return await writeOnce(context, targets, states, options);
    } catch (error) {
      if (!(error instanceof IntegrityError)) throw error;
      // Not a stream that moved (a repeated tracking record, a unique index): not ours to retry.
      if (!(await anyMoved(context.recorder, targets, states))) throw error;
      conflict = error;
    }
  }
  throw conflict;
}

/** Plans every append against `states`, maps the events, and records them in one call. */
async function writeOnce(
  context: StoreContext,
  targets: readonly Target[],
  states: readonly StreamState[],
  options: WriteOptions,
): Promise<AppendResult[]> {
  const plans = targets.map((t, i) =>
    planAppend(t.append, t.originatorId, states[i] as StreamState),
  );
  const stored = await encode(context, targets, plans);
  const creations = plans.flatMap((p) => (p.create === undefined ? [] : [putMetadata(p.create)]));
  const ids = await context.recorder.insertEvents(stored, {
    ...(options.tracking === undefined ? {} : { tracking: options.tracking }),
    ...(options.expectedTrackingId === undefined
      ? {}
      : { expectedTrackingId: options.expectedTrackingId }),
    changes: [...creations, ...(options.changes ?? [])],
  });
  return results(targets, plans, ids);
}

function toTargets(context: StoreContext, appends: readonly StreamAppend<EventData>[]): Target[] {
  if (!Array.isArray(appends)) throw new DataError('Pass an array of stream appends.');
  const seen = new Set<string>();
  return (appends as readonly StreamAppend<EventData>[]).map((append) => {
    const originatorId = toOriginatorId(context.scope, append.streamId);
    checkAppend(append);
    if (seen.has(originatorId)) {
      throw new DataError(`${append.streamId} appears twice in one write: give it one append.`);
    }
    seen.add(originatorId);
    return { append, originatorId };
  });
}

/** A stream's latest version and metadata. */
export async function readState(
  recorder: EventStoreRecorder,
  originatorId: string,
): Promise<StreamState> {
  const [metadata, latest] = await Promise.all([
    readMetadata(recorder, originatorId),
    recorder.selectEvents(originatorId, { desc: true, limit: 1 }),
  ]);
  return { version: latest[0]?.originatorVersion ?? 0, metadata };
}

async function anyMoved(
  recorder: EventStoreRecorder,
  targets: readonly Target[],
  before: readonly StreamState[],
): Promise<boolean> {
  const now = await Promise.all(targets.map((t) => readState(recorder, t.originatorId)));
  return now.some((state, i) => state.version !== before[i]?.version);
}

async function encode(
  context: StoreContext,
  targets: readonly Target[],
  plans: readonly AppendPlan[],
): Promise<StoredEvent[]> {
  const domainEvents = targets.flatMap(({ append, originatorId }, i) =>
    append.events.map((event, j) =>
      toDomainEvent(event, originatorId, (plans[i] as AppendPlan).firstVersion + j),
    ),
  );
  return mapInOrder(domainEvents, (e) => context.mapper.toStoredEvent(e));
}

function results(
  targets: readonly Target[],
  plans: readonly AppendPlan[],
  ids: readonly number[],
): AppendResult[] {
  let offset = 0;
  return targets.map(({ append }, i) => {
    const count = append.events.length;
    const positions = ids.slice(offset, offset + count);
    offset += count;
    return {
      streamId: append.streamId,
      version: (plans[i] as AppendPlan).firstVersion + count - 1,
      positions,
    };
  });
}
