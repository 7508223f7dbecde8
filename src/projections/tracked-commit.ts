/**
 * Exactly-once commits for tracked processing. The tracking record goes in the same
 * transaction as the read model changes or new events, with the position the batch started
 * from as `expectedTrackingId`: of two runners that read from the same position (two tabs),
 * only the first commits, whatever each processed. `notificationId > max` alone would let the
 * runner that read more apply the overlap a second time.
 */
import { IntegrityError } from '../errors.js';
import type { WriteOptions } from '../streams/stream-writer.js';
import type { ProcessRecorder } from '../types.js';

/** How a tracked commit ended: recorded, or another runner had processed the same batch. */
export type CommitOutcome = 'committed' | 'raced';

/**
 * Runs `write` with the tracking record of `to`, expected to move from `from`.
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
      expectedTrackingId: from,
      changes: [],
    });
    return 'committed';
  } catch (error) {
    if (error instanceof IntegrityError && (await recorder.maxTrackingId(name)) !== from) {
      return 'raced';
    }
    throw error;
  }
}
