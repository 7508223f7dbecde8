/**
 * Exactly-once commits for tracked processing. The recorder's tracking record refuses a
 * position at or below the recorded one, but a runner that processed MORE than a rival would
 * still pass it. So each commit also writes a `progress` record saying which position it
 * started from, under a unique index: of two runners that started from the same position,
 * only the first can commit, whatever each processed. Both go in the same transaction as the
 * read model changes or new events.
 *
 * The records are kept: a runner may have read any earlier position (a tab frozen in the
 * background mid-batch for hours, say), and only the record of the commit that started there
 * stops it. That costs one small record per committed batch; a recorder with a compare-and-set
 * on tracking (`insertEvents(…, { tracking, expectedTracking })`) would need none.
 */
import { IntegrityError } from '../errors.js';
import type { WriteOptions } from '../streams/stream-writer.js';
import type { ProcessRecorder, RecordChange } from '../types.js';

/** How a tracked commit ended: recorded, or another runner had processed the same batch. */
export type CommitOutcome = 'committed' | 'raced';

/** The change that records the batch `(from, to]` of `name`. */
export function progressChange(name: string, from: number, to: number): RecordChange {
  return { store: 'progress', put: { name, from, to } };
}

/**
 * Runs `write` with the tracking record of `to` and the progress changes of `(from, to]`.
 * Resolves `raced` when it failed because another runner moved `name`'s position first
 * (nothing of this batch was written: process it again from the new position); rejects with
 * the error in every other case.
 */
export async function commitTracked(
  recorder: ProcessRecorder,
  name: string,
  range: { readonly from: number; readonly to: number },
  write: (options: Required<WriteOptions>) => Promise<unknown>,
): Promise<CommitOutcome> {
  const { from, to } = range;
  try {
    await write({
      tracking: { applicationName: name, notificationId: to },
      changes: [progressChange(name, from, to)],
    });
    return 'committed';
  } catch (error) {
    if (error instanceof IntegrityError && (await recorder.maxTrackingId(name)) !== from) {
      return 'raced';
    }
    throw error;
  }
}
