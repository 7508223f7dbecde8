import { DataError, IntegrityError } from '../errors.js';
import type {
  InsertOptions,
  SelectEventsOptions,
  SelectNotificationsOptions,
  StoredEvent,
  Tracking,
} from '../types.js';

/**
 * Checks a whole insert before anything is written: every event, repeats within the call,
 * and the tracking record. Throws `DataError` or `IntegrityError`; returns tight copies of
 * the events so that later changes to the caller's buffers cannot reach the store.
 */
export function validateInsert(
  events: readonly StoredEvent[],
  options: InsertOptions | undefined,
): StoredEvent[] {
  if (!Array.isArray(events)) throw new DataError('insertEvents takes an array of stored events.');
  const copies = (events as readonly StoredEvent[]).map((event, index) =>
    copyEvent(checkEvent(event, index)),
  );
  rejectRepeats(copies);
  if (options?.tracking !== undefined) checkTracking(options.tracking);
  if (options?.expectedTrackingId !== undefined) {
    if (options.tracking === undefined) {
      throw new DataError('expectedTrackingId goes with a tracking record; nothing was written.');
    }
    checkOptionalInteger('expectedTrackingId', options.expectedTrackingId, 0);
  }
  return copies;
}

function checkEvent(event: StoredEvent, index: number): StoredEvent {
  const where = `Event ${index} of the batch`;
  if (typeof event !== 'object' || (event as unknown) === null) {
    throw new DataError(`${where} is not an object.`);
  }
  if (!isNonEmptyString(event.originatorId)) {
    throw new DataError(`${where} needs a non-empty string originatorId.`);
  }
  if (!isSafeCount(event.originatorVersion, 0)) {
    throw new DataError(
      `${where} (${event.originatorId}) needs an originatorVersion that is a safe integer >= 0, got ${describe(event.originatorVersion)}.`,
    );
  }
  if (!isNonEmptyString(event.topic)) {
    throw new DataError(`${where} (${event.originatorId}) needs a non-empty string topic.`);
  }
  if (!((event.state as unknown) instanceof Uint8Array)) {
    throw new DataError(
      `${where} (${event.originatorId} v${event.originatorVersion}) needs a Uint8Array state; serialise it with a Mapper first.`,
    );
  }
  return event;
}

function rejectRepeats(events: readonly StoredEvent[]): void {
  const seen = new Set<string>();
  for (const { originatorId, originatorVersion } of events) {
    const key = JSON.stringify([originatorId, originatorVersion]);
    if (seen.has(key)) {
      throw new IntegrityError(
        `The batch records ${originatorId} v${originatorVersion} twice; nothing was written.`,
      );
    }
    seen.add(key);
  }
}

/** Throws `DataError` unless `tracking` has a non-empty name and an id that is a safe integer >= 1. */
export function checkTracking(tracking: Tracking): void {
  if (typeof tracking !== 'object' || (tracking as unknown) === null) {
    throw new DataError('A tracking record must be an object { applicationName, notificationId }.');
  }
  if (!isNonEmptyString(tracking.applicationName)) {
    throw new DataError('A tracking record needs a non-empty string applicationName.');
  }
  if (!isSafeCount(tracking.notificationId, 1)) {
    throw new DataError(
      `A tracking record needs a notificationId that is a safe integer >= 1, got ${describe(tracking.notificationId)}.`,
    );
  }
}

/** A copy whose `state` owns exactly its bytes (a view would otherwise drag its whole buffer along). */
export function copyEvent(event: StoredEvent): StoredEvent {
  return {
    originatorId: event.originatorId,
    originatorVersion: event.originatorVersion,
    topic: event.topic,
    state: new Uint8Array(event.state),
  };
}

/** Throws `DataError` unless the arguments of `selectEvents` make sense. */
export function checkSelectEvents(originatorId: string, options: SelectEventsOptions): void {
  if (typeof originatorId !== 'string')
    throw new DataError('selectEvents needs a string originatorId.');
  checkOptionalInteger('gt', options.gt, -1);
  checkOptionalInteger('lte', options.lte, -1);
  checkOptionalInteger('limit', options.limit, 0);
}

/** Throws `DataError` unless the arguments of `selectNotifications` make sense. */
export function checkSelectNotifications(
  start: number,
  limit: number,
  options: SelectNotificationsOptions,
): void {
  checkOptionalInteger('start', start, Number.MIN_SAFE_INTEGER);
  checkOptionalInteger('limit', limit, 0);
  checkOptionalInteger('stop', options.stop, Number.MIN_SAFE_INTEGER);
  if (options.topics !== undefined && !options.topics.every(isNonEmptyString)) {
    throw new DataError('topics must be an array of non-empty strings.');
  }
}

/** Throws `DataError` unless `value` is undefined or a safe integer >= `min`. */
export function checkOptionalInteger(name: string, value: unknown, min: number): void {
  if (value !== undefined && !isSafeCount(value, min)) {
    throw new DataError(`${name} must be a safe integer >= ${min}, got ${describe(value)}.`);
  }
}

function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0;
}

function isSafeCount(value: unknown, min: number): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= min;
}

/** A short, safe rendering of a bad value for an error message. */
function describe(value: unknown): string {
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') {
    return String(value);
  }
  return typeof value === 'string' ? JSON.stringify(value) : `a value of type ${typeof value}`;
}
