import { IntegrityError } from '../errors.js';

/** The error for an aggregate position that is already taken. */
export function positionConflict(originatorId: string, originatorVersion: number): IntegrityError {
  return new IntegrityError(
    `${originatorId} v${originatorVersion} is already recorded; nothing was written. Reload the aggregate and retry.`,
  );
}

/** The error for a tracking record at or below the application's recorded position. */
export function trackingConflict(applicationName: string, max: number): IntegrityError {
  return new IntegrityError(
    `${applicationName} is tracked up to notification ${max}; a tracking record at or below it is a repeat. Nothing was written.`,
  );
}

/** The error for a tracked position that moved since the insert's batch was read. */
export function trackingMoved(
  applicationName: string,
  expected: number,
  max: number,
): IntegrityError {
  return new IntegrityError(
    `${applicationName} is tracked up to notification ${max}, not ${expected} as expected: another runner committed first. Nothing was written.`,
  );
}

/** The error for a record whose unique index key another record already has. */
export function uniqueConflict(store: string): IntegrityError {
  return new IntegrityError(
    `A record for "${store}" repeats a key of one of its unique indexes; nothing was written.`,
  );
}
