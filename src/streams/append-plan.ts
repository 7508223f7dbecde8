/**
 * Deciding an append: given what a stream holds now, which versions its new events take,
 * whether it is being created, or which typed error says why it may not be written.
 */
import { DataError } from '../errors.js';
import { isWriteCondition, type WriteCondition } from './conditions.js';
import { StreamVersioningError, UnmetWriteConditionError, VersionConflictError } from './errors.js';
import type { EventData, AnyEvent } from './stream-events.js';
import {
  newMetadata,
  NO_VERSIONING,
  type NoVersioning,
  type StreamMetadata,
} from './stream-metadata.js';

/**
 * Events for one stream, and what the writer expects of it. Give at most one of
 * `expectedVersion` and `when`:
 * - neither: the stream must not exist yet (creating it); an existing stream fails with
 *   `VersionConflictError`;
 * - `expectedVersion: n`: the stream's latest version must be `n` (0: it must not exist);
 * - `expectedVersion: NO_VERSIONING`: no check, for streams created that way;
 * - `when`: a write condition (`positionIs(3).or(streamIsEmpty())`).
 */
export interface StreamAppend<E extends EventData = AnyEvent> {
  readonly streamId: string;
  /** At least one event. */
  readonly events: readonly E[];
  readonly expectedVersion?: number | NoVersioning;
  readonly when?: WriteCondition;
}

/** A stream as the writer found it. */
export interface StreamState {
  /** Its latest version, 0 when it has no events. */
  readonly version: number;
  readonly metadata: StreamMetadata | undefined;
}

/** What an append will write. */
export interface AppendPlan {
  /** The version of its first new event. */
  readonly firstVersion: number;
  /** The metadata to record with the events when the append creates the stream. */
  readonly create: StreamMetadata | undefined;
}

/** Checks an append's shape; throws `DataError` before anything is read or written. */
export function checkAppend(append: StreamAppend<EventData>): void {
  if (!Array.isArray(append.events) || append.events.length === 0) {
    throw new DataError(`An append to ${append.streamId} needs at least one event.`);
  }
  const expected = append.expectedVersion;
  if (append.when !== undefined && expected !== undefined) {
    throw new DataError(`An append to ${append.streamId} takes expectedVersion or when, not both.`);
  }
  if (append.when !== undefined && !isWriteCondition(append.when)) {
    throw new DataError(`when must be a write condition such as positionIs(3) or streamIsEmpty().`);
  }
  if (expected !== undefined && expected !== NO_VERSIONING) {
    if (!Number.isSafeInteger(expected) || expected < 0) {
      throw new DataError(
        `expectedVersion must be a safe integer >= 0 or NO_VERSIONING, got ${String(expected)}.`,
      );
    }
  }
}

/**
 * Plans `append` against `state`; throws `StreamVersioningError`, `VersionConflictError` or
 * `UnmetWriteConditionError` when it may not be written.
 */
export function planAppend(
  append: StreamAppend<EventData>,
  originatorId: string,
  state: StreamState,
): AppendPlan {
  const { streamId, expectedVersion, when } = append;
  const unversioned = expectedVersion === NO_VERSIONING;
  // A stream without events does not exist, whatever a stale metadata record says.
  const mode = state.version > 0 ? (state.metadata?.versioning ?? 'explicit') : undefined;
  if (mode !== undefined && (mode === 'none') !== unversioned) {
    throw new StreamVersioningError(streamId, mode);
  }
  if (when !== undefined) {
    if (!when.isMetBy(state.version)) {
      throw new UnmetWriteConditionError(streamId, when.toString(), state.version);
    }
  } else if (typeof expectedVersion === 'number') {
    if (expectedVersion !== state.version) {
      throw new VersionConflictError(streamId, expectedVersion, state.version);
    }
  } else if (!unversioned && state.version > 0) {
    throw new VersionConflictError(streamId, undefined, state.version);
  }
  return {
    firstVersion: state.version + 1,
    create:
      state.version === 0
        ? newMetadata(originatorId, unversioned ? 'none' : 'explicit')
        : undefined,
  };
}
