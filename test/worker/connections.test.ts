import { afterEach, describe, expect, it } from 'vitest';
import { InterfaceError } from '../../src/errors.js';
import { InMemoryProcessRecorder } from '../../src/recorders/in-memory.js';
import type { NotificationSubscription, SubscribeOptions } from '../../src/types.js';
import { exposeRecorder } from '../../src/worker/expose-recorder.js';
import { wrapRecorder } from '../../src/worker/wrap-recorder.js';
import { aggregateEvents, take } from '../contract/fixtures.js';
import { closeServed, serveOnChannel } from './serve.js';
import { severable } from './severable.js';
import { GatedRecorder } from './stub-recorders.js';

afterEach(closeServed);

/** Counts the subscriptions of the served recorder that are still open. */
class CountingRecorder extends InMemoryProcessRecorder {
  open = 0;
  override subscribe(options?: SubscribeOptions): NotificationSubscription {
    const subscription = super.subscribe(options);
    this.open += 1;
    let closed = false;
    const close = () => {
      if (!closed) this.open -= 1;
      closed = true;
      subscription.close();
    };
    const iterator = subscription[Symbol.asyncIterator]();
    return {
      close,
      [Symbol.asyncIterator]: () => ({ next: () => iterator.next() }),
    };
  }
}

async function eventually(check: () => boolean): Promise<void> {
  for (let tries = 0; tries < 100 && !check(); tries++) {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('connections of wrapRecorder', () => {
  it('closes one connection only: the served recorder and its other connections stay open', async () => {
    const inner = new InMemoryProcessRecorder();
    const endpoint = serveOnChannel(inner);
    const [a, b] = [wrapRecorder(endpoint), wrapRecorder(endpoint)];
    const ids = await a.insertEvents(aggregateEvents(2));
    await a.close();
    await expect(a.maxNotificationId()).rejects.toBeInstanceOf(InterfaceError);
    expect(await b.maxNotificationId()).toBe(ids[1]);
    expect(await inner.maxNotificationId()).toBe(ids[1]);
    await b.close();
  });

  it('lets the calls in flight finish before closing', async () => {
    const recorder = wrapRecorder(serveOnChannel(new InMemoryProcessRecorder()));
    const inserted = recorder.insertEvents(aggregateEvents(3));
    const closed = recorder.close();
    await expect(inserted).resolves.toHaveLength(3);
    await closed;
  });

  it('passes calls on concurrently: a slow call holds up no other', async () => {
    const gated = new GatedRecorder();
    const recorder = wrapRecorder(serveOnChannel(gated));
    const slow = recorder.maxNotificationId();
    await expect(recorder.insertEvents(aggregateEvents(1))).resolves.toEqual([1]);
    gated.open();
    expect(await slow).toBe(1);
    await recorder.close();
  });

  it('releases the worker side of a subscription on close() and on break', async () => {
    const inner = new CountingRecorder();
    const recorder = wrapRecorder(serveOnChannel(inner));
    await recorder.insertEvents(aggregateEvents(2));
    const subscription = recorder.subscribe();
    await take(recorder.subscribe(), 1);
    await eventually(() => inner.open === 1);
    subscription.close();
    await eventually(() => inner.open === 0);
    expect(inner.open).toBe(0);
    await recorder.close();
  });

  it('ends its subscriptions, here and in the worker, when the recorder closes', async () => {
    const inner = new CountingRecorder();
    const recorder = wrapRecorder(serveOnChannel(inner));
    const iterator = recorder.subscribe()[Symbol.asyncIterator]();
    const pending = iterator.next();
    await eventually(() => inner.open === 1);
    await recorder.close();
    await expect(pending).resolves.toEqual({ done: true, value: undefined });
    await eventually(() => inner.open === 0);
    expect(inner.open).toBe(0);
  });

  it('sends the inserts made in one task as one message, each still atomic', async () => {
    const { port1, port2 } = new MessageChannel();
    const cable = severable(port2);
    const exposure = exposeRecorder(new InMemoryProcessRecorder(), cable.endpoint);
    const recorder = wrapRecorder(port1);
    await recorder.maxNotificationId();
    let messages = 0;
    cable.ports[0]?.addEventListener('message', () => (messages += 1));
    const [taken] = aggregateEvents(1);
    await recorder.insertEvents(taken ? [taken] : []);
    messages = 0;
    const outcomes = await Promise.allSettled([
      ...Array.from({ length: 50 }, () => recorder.insertEvents(aggregateEvents(2))),
      recorder.insertEvents(taken ? [taken] : []),
    ]);
    expect(messages).toBe(1);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(50);
    expect(outcomes.at(-1)?.status).toBe('rejected');
    expect(await recorder.maxNotificationId()).toBe(101);
    await recorder.close();
    exposure.close();
    port1.close();
  });

  it('keeps the order of calls made in one task', async () => {
    const recorder = wrapRecorder(serveOnChannel(new InMemoryProcessRecorder()));
    const inserted = recorder.insertEvents(aggregateEvents(3));
    expect(await recorder.maxNotificationId()).toBe(3);
    await inserted;
    await recorder.close();
  });

  it('carries a backlog a page at a time, not one round trip per notification', async () => {
    const { port1, port2 } = new MessageChannel();
    const cable = severable(port2);
    const exposure = exposeRecorder(new InMemoryProcessRecorder(), cable.endpoint);
    const recorder = wrapRecorder(port1);
    await recorder.insertEvents(aggregateEvents(250));
    let calls = 0;
    cable.ports[0]?.addEventListener('message', () => (calls += 1));
    expect(await take(recorder.subscribe(), 250)).toHaveLength(250);
    expect(calls).toBeLessThan(10);
    await recorder.close();
    exposure.close();
    port1.close();
  });
});
