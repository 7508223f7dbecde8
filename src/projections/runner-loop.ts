/** The loop every tracked runner shares: catch up in steps, then wait for new notifications. */
import type { ProcessRecorder } from '../types.js';

/** One step: process a batch; resolve `true` while there may be more to process right away. */
export type Step = () => Promise<boolean>;

/** Runs `step` until it reports nothing more to do. */
export async function catchUpWith(step: Step): Promise<void> {
  while (await step()) {
    // Each step commits its own batch; the loop only decides whether to go on.
  }
}

/**
 * Catches up, then waits for a notification after the tracked position of `name` (of
 * `topics`, if given), and again, until `signal` aborts. Resolves once aborted; rejects
 * with the first error of a step.
 */
export async function followWith(
  recorder: ProcessRecorder,
  name: string,
  topics: readonly string[] | undefined,
  signal: AbortSignal,
  step: Step,
): Promise<void> {
  // A function, not the field: the field changes across awaits, which narrowing cannot see.
  const aborted = () => signal.aborted;
  while (!aborted()) {
    await catchUpWith(step);
    if (aborted()) return;
    await nextNotification(recorder, await recorder.maxTrackingId(name), topics, signal);
  }
}

async function nextNotification(
  recorder: ProcessRecorder,
  after: number,
  topics: readonly string[] | undefined,
  signal: AbortSignal,
): Promise<void> {
  const subscription = recorder.subscribe({
    gt: after,
    ...(topics === undefined ? {} : { topics }),
  });
  const stop = () => {
    subscription.close();
  };
  signal.addEventListener('abort', stop, { once: true });
  // An abort that came before the listener fires no event: look once it is in place.
  if (signal.aborted) stop();
  try {
    await subscription[Symbol.asyncIterator]().next();
  } finally {
    signal.removeEventListener('abort', stop);
    subscription.close();
  }
}
