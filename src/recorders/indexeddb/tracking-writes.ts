import type { Tracking } from '../../types.js';
import { trackingConflict, trackingMoved } from '../conflicts.js';
import type { ConflictSink } from './write-sinks.js';

/** What a call of a group says about tracking. */
export interface TrackedInsert {
  readonly tracking: Tracking | undefined;
  /** With `tracking`: the tracked position this call expects to find (compare-and-set). */
  readonly expectedTrackingId: number | undefined;
}

/** Reads each application's tracked position, then checks and advances it in the callback. */
export function advanceTracking(
  tx: IDBTransaction,
  group: readonly TrackedInsert[],
  onConflict: ConflictSink,
): void {
  const byApplication = trackingByApplication(group);
  if (byApplication.size === 0) return;
  const store = tx.objectStore('tracking');
  for (const [applicationName, calls] of byApplication) {
    const request = store.get(applicationName);
    request.onsuccess = () => {
      let max = (request.result as { notificationId: number } | undefined)?.notificationId ?? 0;
      for (const { call, notificationId, expected } of calls) {
        const error =
          expected !== undefined && expected !== max
            ? trackingMoved(applicationName, expected, max)
            : notificationId <= max
              ? trackingConflict(applicationName, max)
              : undefined;
        if (error !== undefined) {
          onConflict({ call, error });
          tx.abort();
          return;
        }
        max = notificationId;
      }
      store.put({ applicationName, notificationId: max });
    };
  }
}

interface TrackedCall {
  readonly call: number;
  readonly notificationId: number;
  readonly expected: number | undefined;
}

function trackingByApplication(group: readonly TrackedInsert[]): Map<string, TrackedCall[]> {
  const byApplication = new Map<string, TrackedCall[]>();
  group.forEach(({ tracking, expectedTrackingId: expected }, call) => {
    if (tracking === undefined) return;
    const calls = byApplication.get(tracking.applicationName) ?? [];
    calls.push({ call, notificationId: tracking.notificationId, expected });
    byApplication.set(tracking.applicationName, calls);
  });
  return byApplication;
}
