import { exposeRecorder } from '../../src/worker/expose-recorder.js';
import { type WrapRecorderOptions, wrapRecorder } from '../../src/worker/wrap-recorder.js';
import type { EventStoreRecorder, ProcessRecorder } from '../../src/types.js';

const cleanups: (() => Promise<void>)[] = [];

/**
 * Serves `recorder` on one end of a fresh `MessageChannel` in this realm, as a worker would on
 * `self`, and returns the other end for `wrapRecorder`. `closeServed` undoes it all.
 */
export function serveOnChannel(recorder: ProcessRecorder): MessagePort {
  const { port1, port2 } = new MessageChannel();
  const exposure = exposeRecorder(recorder, port2);
  cleanups.push(async () => {
    exposure.close();
    port1.close();
    port2.close();
    await recorder.close();
  });
  return port1;
}

/** `recorder`, served on a channel and reached through `wrapRecorder`. */
export function wrapped(
  recorder: ProcessRecorder,
  options?: WrapRecorderOptions,
): EventStoreRecorder {
  return wrapRecorder(serveOnChannel(recorder), options);
}

/** Stops serving and closes every recorder served since the last call. */
export async function closeServed(): Promise<void> {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
}
