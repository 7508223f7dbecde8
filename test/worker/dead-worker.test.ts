import { afterEach, describe, expect, it } from 'vitest';
import { OperationalError } from '../../src/errors.js';
import { InMemoryProcessRecorder } from '../../src/recorders/in-memory.js';
import { exposeRecorder } from '../../src/worker/expose-recorder.js';
import { wrapRecorder } from '../../src/worker/wrap-recorder.js';
import { aggregateEvents } from '../contract/fixtures.js';
import { closeServed, serveOnChannel } from './serve.js';
import { severable } from './severable.js';
import { GatedRecorder } from './stub-recorders.js';

// In one realm nothing can die, so these cut the connection silently (as a terminated worker
// would) or make the worker side end it. Real terminations: test/browser/worker.
// No test times the rejection: where a case means "at once", its liveness timeout is longer
// than the test's own timeout, so only the fast path can reject it in time.

const channels: MessageChannel[] = [];
afterEach(async () => {
  for (const { port1, port2 } of channels.splice(0)) {
    port1.close();
    port2.close();
  }
  await closeServed();
});

function channel(): MessageChannel {
  const created = new MessageChannel();
  channels.push(created);
  return created;
}

/** What `promise` rejected with, or undefined if it resolved. */
function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
}

describe('a dead worker never hangs a caller', () => {
  it('rejects a call in flight with OperationalError once pings go unanswered', async () => {
    const { port1, port2 } = channel();
    const cable = severable(port2);
    exposeRecorder(new GatedRecorder(), cable.endpoint);
    const recorder = wrapRecorder(port1, { livenessTimeoutMs: 100 });
    await recorder.selectNotifications(1, 1); // connected
    const pending = recorder.maxNotificationId(); // waits at the gate
    cable.sever();
    const error = await rejection(pending);
    expect(error).toBeInstanceOf(OperationalError);
    await recorder.close();
  });

  it('fails later calls of a wrapped endpoint with OperationalError: it cannot restart it', async () => {
    const { port1, port2 } = channel();
    const cable = severable(port2);
    exposeRecorder(new GatedRecorder(), cable.endpoint);
    const recorder = wrapRecorder(port1, { livenessTimeoutMs: 100 });
    const pending = recorder.maxNotificationId();
    cable.sever();
    await expect(pending).rejects.toBeInstanceOf(OperationalError);
    await expect(recorder.insertEvents(aggregateEvents(1))).rejects.toBeInstanceOf(
      OperationalError,
    );
    await recorder.close();
  });

  it('keeps a slow call whose worker still answers pings', async () => {
    const gated = new GatedRecorder();
    // The call outlasts several liveness periods; each period leaves a loaded machine room
    // for a ping's round trip (50 ms was too little for Firefox under a full CI run).
    const recorder = wrapRecorder(serveOnChannel(gated), { livenessTimeoutMs: 250 });
    const pending = recorder.maxNotificationId();
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    gated.open();
    await expect(pending).resolves.toBe(0);
    await recorder.close();
  });

  it('rejects at once when the worker ends the connection', async () => {
    const { port1, port2 } = channel();
    const exposure = exposeRecorder(new GatedRecorder(), port2);
    const recorder = wrapRecorder(port1, { livenessTimeoutMs: 60_000 });
    await recorder.selectNotifications(1, 1);
    const pending = recorder.maxNotificationId();
    exposure.close();
    const error = await rejection(pending);
    expect(error).toBeInstanceOf(OperationalError);
    await recorder.close();
  });

  it('rejects pending calls when a message cannot be read, and keeps the connection', async () => {
    const { port1, port2 } = channel();
    const cable = severable(port2);
    const gated = new GatedRecorder();
    exposeRecorder(gated, cable.endpoint);
    const recorder = wrapRecorder(port1, { livenessTimeoutMs: 60_000 });
    const pending = recorder.maxNotificationId();
    await recorder.selectNotifications(1, 1); // the connection is up
    cable.ports[0]?.dispatchEvent(new MessageEvent('messageerror'));
    await expect(pending).rejects.toBeInstanceOf(OperationalError);
    gated.open();
    await expect(recorder.maxNotificationId()).resolves.toBe(0);
    await recorder.close();
  });

  it('rejects calls when nothing serves the endpoint', async () => {
    const { port1 } = channel();
    const recorder = wrapRecorder(port1, { livenessTimeoutMs: 100 });
    const error = await rejection(recorder.maxNotificationId());
    expect(error).toBeInstanceOf(OperationalError);
    expect((error as Error).message).toContain('exposeRecorder');
    await recorder.close();
  });

  it('ends an open subscription with OperationalError', async () => {
    const { port1, port2 } = channel();
    const cable = severable(port2);
    exposeRecorder(new InMemoryProcessRecorder(), cable.endpoint);
    const recorder = wrapRecorder(port1, { livenessTimeoutMs: 100 });
    const iterator = recorder.subscribe()[Symbol.asyncIterator]();
    const pending = iterator.next();
    await recorder.maxNotificationId();
    cable.sever();
    await expect(pending).rejects.toBeInstanceOf(OperationalError);
    await expect(iterator.next()).resolves.toEqual({ done: true, value: undefined });
    await recorder.close();
  });
});
