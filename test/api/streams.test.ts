import { expect, it } from 'vitest';
import { DataError, IntegrityError } from '../../src/errors.js';
import { followLog } from '../../src/notification-log/live-events.js';
import { StreamVersioningError, VersionConflictError } from '../../src/streams/errors.js';
import { NO_VERSIONING } from '../../src/streams/stream-metadata.js';
import { collectAll, forEachBackend, openStore } from './support/backends.js';

const paid = (n: number) => ({ topic: 'InvoicePaid', invoiceNumber: String(n) });

forEachBackend('Streams with expected versions', (backend) => {
  it('creates a stream without an expected version, numbering events from 1', async () => {
    const { store } = await openStore(backend);
    const result = await store.stream('invoices/1003').append([paid(1), paid(2)]);
    expect(result).toMatchObject({ streamId: 'invoices/1003', version: 2 });
    const events = await store.stream('invoices/1003').load();
    expect(events.map((e) => [e.version, e.event])).toEqual([
      [1, paid(1)],
      [2, paid(2)],
    ]);
  });

  it('refuses a later append without an expected version, writing nothing', async () => {
    const { store } = await openStore(backend);
    const stream = store.stream('invoices/1');
    await stream.append([paid(1)]);
    // Tried: a second append with no expectedVersion. Kept: the first event only.
    const error = await stream.append([paid(2)]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VersionConflictError);
    expect(error).toMatchObject({ expectedVersion: undefined, actualVersion: 1 });
    expect((error as Error).message).toMatch(/needs expectedVersion/);
    expect(await stream.version()).toBe(1);
  });

  it('appends with the expected version and refuses a stale one', async () => {
    const { store } = await openStore(backend);
    const stream = store.stream('invoices/1');
    await stream.append([paid(1)]);
    await stream.append([paid(2)], { expectedVersion: 1 });
    // Tried: appending as if the stream were still at 1. Kept: versions 1 and 2 only.
    const stale = stream.append([paid(3)], { expectedVersion: 1 });
    await expect(stale).rejects.toBeInstanceOf(VersionConflictError);
    await expect(stale).rejects.toMatchObject({ expectedVersion: 1, actualVersion: 2 });
    expect((await stream.load()).map((e) => e.event)).toEqual([paid(1), paid(2)]);
  });

  it('refuses an expected version above the stream version', async () => {
    const { store } = await openStore(backend);
    const stream = store.stream('invoices/1');
    await stream.append([paid(1)]);
    await expect(stream.append([paid(2)], { expectedVersion: 5 })).rejects.toMatchObject({
      name: 'VersionConflictError',
      actualVersion: 1,
    });
    expect(await stream.version()).toBe(1);
  });

  it('lets exactly one of two concurrent appends at the same version win', async () => {
    const { store } = await openStore(backend);
    const stream = store.stream('invoices/1');
    await stream.append([paid(1)]);
    const outcomes = await Promise.allSettled([
      stream.append([paid(2)], { expectedVersion: 1 }),
      stream.append([paid(3)], { expectedVersion: 1 }),
    ]);
    expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
    const rejected = outcomes.find((o) => o.status === 'rejected');
    expect(rejected?.reason).toBeInstanceOf(VersionConflictError);
    expect(await stream.version()).toBe(2);
  });

  it('appends NO_VERSIONING events without checks, concurrent ones included', async () => {
    const { store } = await openStore(backend);
    const stream = store.stream('invoices/123');
    await stream.append([paid(1)], { expectedVersion: NO_VERSIONING });
    await Promise.all(
      [2, 3, 4].map((n) => stream.append([paid(n)], { expectedVersion: NO_VERSIONING })),
    );
    const events = await stream.load();
    expect(events.map((e) => e.version)).toEqual([1, 2, 3, 4]);
    expect(events.map((e) => e.event.invoiceNumber).sort()).toEqual(['1', '2', '3', '4']);
  });

  it('never lets a NO_VERSIONING stream take a versioned append', async () => {
    const { store } = await openStore(backend);
    const stream = store.stream('invoices/123');
    await stream.append([paid(1)], { expectedVersion: NO_VERSIONING });
    // Tried: the right version, but in the other mode. Kept: one event.
    const error = await stream.append([paid(2)], { expectedVersion: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StreamVersioningError);
    expect(error).toMatchObject({ versioning: 'none' });
    expect(await stream.version()).toBe(1);
  });

  it('never lets a versioned stream take a NO_VERSIONING append', async () => {
    const { store } = await openStore(backend);
    const stream = store.stream('invoices/1');
    await stream.append([paid(1)]);
    const tried = stream.append([paid(2)], { expectedVersion: NO_VERSIONING });
    await expect(tried).rejects.toBeInstanceOf(StreamVersioningError);
    await expect(tried).rejects.toBeInstanceOf(IntegrityError);
    expect(await stream.version()).toBe(1);
  });

  it('records the versioning mode in the same transaction as the first events', async () => {
    const { store, recorder } = await openStore(backend);
    const tracking = { applicationName: 'upstream', notificationId: 1 };
    await recorder.insertEvents([], { tracking });
    // Tried: creating a stream with a tracking record that repeats. Kept: no events, no mode.
    const create = store
      .stream('invoices/9')
      .append([paid(9)], { expectedVersion: NO_VERSIONING, tracking });
    await expect(create).rejects.toBeInstanceOf(IntegrityError);
    expect(await recorder.getRecord('streams', 'invoices/9')).toBeUndefined();
    await store.stream('invoices/9').append([paid(9)]);
    expect(await recorder.getRecord('streams', 'invoices/9')).toMatchObject({
      versioning: 'explicit',
    });
  });

  it('loads from start (inclusive) to stop (exclusive)', async () => {
    const { store } = await openStore(backend);
    const stream = store.stream('invoices/1');
    await stream.append([paid(1), paid(2), paid(3), paid(4)]);
    expect((await stream.load({ start: 2, stop: 4 })).map((e) => e.version)).toEqual([2, 3]);
    expect((await stream.load({ start: 3 })).map((e) => e.version)).toEqual([3, 4]);
    expect(await store.stream('invoices/none').load()).toEqual([]);
  });

  it('saves a snapshot at the latest version and loads from it', async () => {
    const { store } = await openStore(backend);
    const stream = store.stream('invoices/1');
    await stream.append([paid(1), paid(2)]);
    await stream.saveSnapshot({ topic: 'InvoiceState', paidCount: 2 }, 2);
    await stream.append([paid(3)], { expectedVersion: 2 });
    const { snapshot, events } = await stream.loadFromSnapshot();
    expect(snapshot).toMatchObject({ version: 2, event: { topic: 'InvoiceState', paidCount: 2 } });
    expect(events.map((e) => e.version)).toEqual([3]);
  });

  it('refuses a snapshot at any version but the latest, writing nothing', async () => {
    const { store, recorder } = await openStore(backend);
    const stream = store.stream('invoices/1');
    await stream.append([paid(1), paid(2)]);
    await expect(stream.saveSnapshot({ topic: 'InvoiceState' }, 1)).rejects.toBeInstanceOf(
      DataError,
    );
    await expect(
      store.stream('invoices/none').saveSnapshot({ topic: 'InvoiceState' }, 1),
    ).rejects.toBeInstanceOf(DataError);
    expect(await recorder.getRecords('snapshots')).toEqual([]);
  });

  it('deletes a stream with its snapshots and lets it be created again in either mode', async () => {
    const { store, recorder } = await openStore(backend);
    const stream = store.stream('invoices/1');
    await stream.append([paid(1), paid(2)]);
    await stream.saveSnapshot({ topic: 'InvoiceState' }, 2);
    expect(await stream.delete()).toBe(2);
    expect(await stream.load()).toEqual([]);
    expect(await recorder.getRecords('snapshots')).toEqual([]);
    expect((await stream.loadFromSnapshot()).snapshot).toBeUndefined();
    await stream.append([paid(3)], { expectedVersion: NO_VERSIONING });
    expect((await stream.load()).map((e) => e.version)).toEqual([1]);
    expect(await store.stream('invoices/none').delete()).toBe(0);
  });

  it('lets log readers and followers cross the hole a deleted stream leaves', async () => {
    const { store, recorder, mapper } = await openStore(backend);
    await store.stream('invoices/1').append([paid(1)]);
    const follower = followLog({ recorder, mapper });
    const iterator = follower[Symbol.asyncIterator]();
    expect((await iterator.next()).value).toMatchObject({ position: 1 });
    await store.stream('invoices/2').append([paid(2), paid(3)]);
    await store.stream('invoices/2').delete();
    await store.stream('invoices/3').append([paid(4)]);
    // The follower is at 1; positions 2 and 3 are now a gap it must step over.
    expect((await iterator.next()).value).toMatchObject({ position: 4, streamId: 'invoices/3' });
    follower.close();
    expect(await iterator.next()).toMatchObject({ done: true });
    const read = await collectAll(store.log().events({ pageSize: 1 }));
    expect(read.map((e) => e.position)).toEqual([1, 4]);
  });

  it('reports the position of the latest event', async () => {
    const { store } = await openStore(backend);
    expect(await store.position()).toBe(0);
    await store.stream('a/1').append([paid(1), paid(2)]);
    await store.stream('a/2').append([paid(3)]);
    expect(await store.position()).toBe(3);
  });

  it('refuses malformed appends before writing anything', async () => {
    const { store, recorder } = await openStore(backend);
    const stream = store.stream('invoices/1');
    await expect(stream.append([])).rejects.toBeInstanceOf(DataError);
    await expect(stream.append([{ topic: 'X', originatorId: 'elsewhere' }])).rejects.toThrow(
      /sets itself/,
    );
    await expect(stream.append([paid(1)], { expectedVersion: -1 })).rejects.toBeInstanceOf(
      DataError,
    );
    await expect(
      store.appendMany([
        { streamId: 'a/1', events: [paid(1)] },
        { streamId: 'a/1', events: [paid(2)] },
      ]),
    ).rejects.toThrow(/appears twice/);
    expect(await recorder.maxNotificationId()).toBe(0);
  });
});
