import { expect, it } from 'vitest';
import { DataError, IntegrityError } from '../../src/errors.js';
import { positionIs, streamIsEmpty } from '../../src/streams/conditions.js';
import { UnmetWriteConditionError } from '../../src/streams/errors.js';
import { collectAll, forEachBackend, openStore } from './support/backends.js';

const placed = (n: number) => ({ topic: 'OrderPlaced', n });

forEachBackend('Categories and write conditions', (backend) => {
  it('groups streams in categories by the part of the id before the slash', async () => {
    const { store } = await openStore(backend);
    const stream = store.category('orders').stream('42');
    expect([stream.id, stream.category]).toEqual(['orders/42', 'orders']);
    expect(store.stream('loose').category).toBeUndefined();
  });

  it('reads a category in application order across its streams, and nothing else', async () => {
    const { store } = await openStore(backend);
    await store.stream('orders/1').append([placed(1)]);
    await store.stream('carts/1').append([placed(2)]);
    await store.stream('orders/2').append([placed(3)]);
    await store.stream('orders/1').append([placed(4)], { expectedVersion: 1 });
    await store.stream('ordersextra/1').append([placed(5)]);
    const read = await store.category('orders').read();
    expect(read.map((e) => [e.position, e.streamId, e.version])).toEqual([
      [1, 'orders/1', 1],
      [3, 'orders/2', 1],
      [4, 'orders/1', 2],
    ]);
  });

  it('reads the whole log of the store', async () => {
    const { store } = await openStore(backend);
    await store.stream('orders/1').append([placed(1)]);
    await store.stream('carts/1').append([placed(2)]);
    expect((await store.log().read()).map((e) => e.streamId)).toEqual(['orders/1', 'carts/1']);
  });

  it('pages through the log lazily, one recorder read per page', async () => {
    const { store, recorder } = await openStore(backend);
    await store.stream('orders/1').append([1, 2, 3, 4, 5, 6, 7].map(placed));
    const select = recorder.selectNotifications.bind(recorder);
    let reads = 0;
    recorder.selectNotifications = (...args) => {
      reads++;
      return select(...args);
    };
    const taken: number[] = [];
    for await (const event of store.category('orders').events({ pageSize: 2 })) {
      taken.push(event.version);
      if (taken.length === 3) break;
    }
    expect(taken).toEqual([1, 2, 3]);
    expect(reads).toBe(2);
  });

  it('pages through a stream lazily, resuming after a version', async () => {
    const { store, recorder } = await openStore(backend);
    const stream = store.stream('orders/1');
    await stream.append([1, 2, 3, 4, 5].map(placed));
    const select = recorder.selectEvents.bind(recorder);
    let reads = 0;
    recorder.selectEvents = (...args) => {
      reads++;
      return select(...args);
    };
    const pages = await collectAll(stream.pages({ after: 1, pageSize: 2 }));
    expect(pages.map((page) => page.map((e) => e.version))).toEqual([
      [2, 3],
      [4, 5],
    ]);
    expect(reads).toBe(3); // two full pages, then an empty one that ends the iteration
  });

  it('publishes when positionIs holds', async () => {
    const { store } = await openStore(backend);
    const stream = store.stream('orders/1');
    await stream.append([placed(1)], { when: streamIsEmpty() });
    await stream.append([placed(2)], { when: positionIs(1) });
    expect(await stream.version()).toBe(2);
  });

  it('writes nothing when positionIs fails, naming the condition', async () => {
    const { store } = await openStore(backend);
    const stream = store.stream('orders/1');
    await stream.append([placed(1), placed(2)]);
    // Tried: a write that assumed the stream was at 1. Kept: versions 1 and 2 only.
    const error = await stream
      .append([placed(3)], { when: positionIs(1) })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnmetWriteConditionError);
    expect(error).toBeInstanceOf(IntegrityError);
    expect(error).toMatchObject({ condition: 'positionIs(1)', actualVersion: 2 });
    expect((error as Error).message).toMatch(/positionIs\(1\) is not met/);
    expect(await stream.version()).toBe(2);
  });

  it('writes nothing when streamIsEmpty fails', async () => {
    const { store, recorder } = await openStore(backend);
    const stream = store.stream('orders/1');
    await stream.append([placed(1)]);
    await expect(stream.append([placed(2)], { when: streamIsEmpty() })).rejects.toMatchObject({
      name: 'UnmetWriteConditionError',
      condition: 'streamIsEmpty()',
    });
    expect(await recorder.maxNotificationId()).toBe(1);
  });

  it('combines conditions with or and and', async () => {
    const { store } = await openStore(backend);
    const stream = store.stream('orders/1');
    const either = positionIs(1).or(streamIsEmpty());
    await stream.append([placed(1)], { when: either });
    await stream.append([placed(2)], { when: either });
    await expect(stream.append([placed(3)], { when: either })).rejects.toMatchObject({
      condition: '(positionIs(1) or streamIsEmpty())',
      actualVersion: 2,
    });
    const never = positionIs(2).and(streamIsEmpty());
    await expect(stream.append([placed(3)], { when: never })).rejects.toMatchObject({
      condition: '(positionIs(2) and streamIsEmpty())',
    });
    expect(await stream.version()).toBe(2);
  });

  it('judges a condition again when another writer got in first', async () => {
    const { store } = await openStore(backend);
    const stream = store.stream('orders/1');
    const outcomes = await Promise.allSettled([
      stream.append([placed(1)], { when: streamIsEmpty() }),
      stream.append([placed(2)], { when: streamIsEmpty() }),
    ]);
    expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
    const loser = outcomes.find((o) => o.status === 'rejected');
    expect(loser?.reason).toBeInstanceOf(UnmetWriteConditionError);
    // A condition that still holds after the other write lets the retry through.
    const both = positionIs(1).or(positionIs(2));
    await Promise.all([
      stream.append([placed(3)], { when: both }),
      stream.append([placed(4)], { when: both }),
    ]);
    expect(await stream.version()).toBe(3);
  });

  it('takes an expected version or a condition, not both', async () => {
    const { store } = await openStore(backend);
    const tried = store.stream('orders/1').append([placed(1)], {
      expectedVersion: 0,
      when: streamIsEmpty(),
    });
    await expect(tried).rejects.toBeInstanceOf(DataError);
    expect(() => positionIs(-1)).toThrow(DataError);
  });
});
