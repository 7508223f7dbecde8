import { describe, expect, it } from 'vitest';
import { OperationalError } from '../../../src/errors.js';
import { openWorkerRecorder } from '../../../src/worker/open-worker-recorder.js';
import { aggregateEvents, newId } from '../../contract/fixtures.js';
import { uniqueDatabaseName } from '../../support/engine.js';
import { dedicatedEntry, testWorker } from './workers.js';

// Real workers dying under a caller: pending calls must reject promptly (Comlink alone would
// leave them pending forever), and IndexedDB must hold each batch wholly or not at all.
// "Promptly" is proven without a clock: the liveness timeout (the slow fallback) is longer
// than the test's own timeout, so a rejection in time came from the fast path.
const slowFallback = { livenessTimeoutMs: 600_000 };

/** What `promise` rejected with, or undefined if it resolved. */
function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
}

describe('a dead worker never hangs a caller', () => {
  it.each([0, 5, 20])(
    'rejects an insert whose worker is terminated %i ms in, and holds all of the batch or none',
    async (delay) => {
      const entry = dedicatedEntry();
      const name = uniqueDatabaseName('terminated');
      const recorder = await openWorkerRecorder({ name, ...entry.options, ...slowFallback });
      const id = newId();
      const inserting = recorder.insertEvents(aggregateEvents(2000, id));
      await new Promise((resolve) => setTimeout(resolve, delay));
      entry.worker().terminate();
      const error = await rejection(inserting);
      if (error !== undefined) {
        expect(error).toBeInstanceOf(OperationalError);
      }
      // The next call starts a new worker, which reads what IndexedDB kept.
      const kept = await recorder.selectEvents(id);
      expect([0, 2000]).toContain(kept.length);
      await recorder.close();
    },
  );

  it('rejects a call whose worker ends itself in the middle of it', async () => {
    const recorder = await openWorkerRecorder({
      name: uniqueDatabaseName('stopping'),
      ...testWorker('stopping-worker'),
      ...slowFallback,
    });
    const error = await rejection(recorder.maxNotificationId());
    expect(error).toBeInstanceOf(OperationalError);
    await recorder.close();
  });

  it('rejects the open of a worker that fails while it starts', async () => {
    const error = await rejection(
      openWorkerRecorder({
        name: uniqueDatabaseName('throwing'),
        ...testWorker('throwing-worker'),
        ...slowFallback,
      }),
    );
    expect(error).toBeInstanceOf(OperationalError);
  });

  it('rejects the open of a worker that cannot be loaded', async () => {
    const error = await rejection(
      openWorkerRecorder({
        name: uniqueDatabaseName('missing'),
        worker: () => new Worker('/no-such-worker.js', { type: 'module' }),
      }),
    );
    expect(error).toBeInstanceOf(OperationalError);
  });

  it('restarts a terminated worker on the next call', async () => {
    const entry = dedicatedEntry();
    const recorder = await openWorkerRecorder({
      name: uniqueDatabaseName('restart'),
      ...entry.options,
    });
    const ids = await recorder.insertEvents(aggregateEvents(2));
    const first = entry.worker();
    first.terminate();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await recorder.maxNotificationId()).toBe(ids[1]);
    expect(entry.worker()).not.toBe(first);
    await recorder.close();
  });
});
