/**
 * Per-stream metadata: the versioning mode a stream was created with, kept in the `streams`
 * record store and written in the same transaction as the stream's first events, so that
 * a stream and its mode come into being together or not at all.
 */
import type { EventStoreRecorder, RecordChange, RecordValue } from '../types.js';

/**
 * Pass as `expectedVersion` to append without optimistic locking. A stream created with it
 * takes only such appends, forever; a stream created without it never takes one.
 */
export const NO_VERSIONING = 'NO_VERSIONING';

/** The type of {@link NO_VERSIONING}. */
export type NoVersioning = typeof NO_VERSIONING;

/** A stream's versioning mode: `explicit` (appends state what they expect) or `none`. */
export type Versioning = 'explicit' | 'none';

/** What the `streams` store holds for one stream. */
export interface StreamMetadata {
  readonly originatorId: string;
  readonly versioning: Versioning;
  /** A fresh id per creation: snapshots of an earlier, deleted stream carry another. */
  readonly incarnation: string;
}

/** The metadata of `originatorId`, or `undefined` for a stream never created (or deleted). */
export async function readMetadata(
  recorder: EventStoreRecorder,
  originatorId: string,
): Promise<StreamMetadata | undefined> {
  const record = await recorder.getRecord('streams', originatorId);
  return record === undefined ? undefined : toMetadata(record, originatorId);
}

function toMetadata(record: RecordValue, originatorId: string): StreamMetadata {
  const versioning = record.versioning === 'none' ? 'none' : 'explicit';
  const incarnation = typeof record.incarnation === 'string' ? record.incarnation : '';
  return { originatorId, versioning, incarnation };
}

/** The metadata of a stream being created now. */
export function newMetadata(originatorId: string, versioning: Versioning): StreamMetadata {
  return { originatorId, versioning, incarnation: crypto.randomUUID() };
}

/** The change that records `metadata`. */
export function putMetadata(metadata: StreamMetadata): RecordChange {
  return { store: 'streams', put: { ...metadata } };
}

/** The change that forgets the metadata of `originatorId`. */
export function deleteMetadata(originatorId: string): RecordChange {
  return { store: 'streams', delete: originatorId };
}
