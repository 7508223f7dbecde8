import { describe, expect, it } from 'vitest';
import { DataError, IntegrityError, InterfaceError } from '../../src/errors.js';
import type { EventStoreRecorder, RecordChange, RecordStores } from '../../src/types.js';
import { aggregateEvents, newId, storedEvent, take } from './fixtures.js';
import { openedRecorders } from './opened-recorders.js';

/** The record stores every case opens its recorder with. */
export const contractStores = {
  totals: { keyPath: 'invoice', indexes: { byCustomer: { keyPath: ['customer', 'invoice'] } } },
  emails: { keyPath: 'id', indexes: { email: { keyPath: 'email', unique: true } } },
  tags: { keyPath: 'id', indexes: { tag: { keyPath: 'tags', multiEntry: true } } },
} as const satisfies RecordStores;

/**
 * The contract of an `EventStoreRecorder`: record stores written atomically with events and
 * tracking, read by key ranges and indexes, and aggregates deleted without breaking readers.
 * `create` returns a fresh, empty recorder opened with `contractStores`.
 */
export function eventStoreRecorderContract(
  name: string,
  create: () => Promise<EventStoreRecorder>,
): void {
  describe(`${name} honours the EventStoreRecorder contract`, () => {
    const recorder = openedRecorders(create);
    const total = (invoice: string, amount: number, customer = 'c1') => ({
      store: 'totals',
      put: { invoice, amount, customer },
    });

    it('writes record changes with the events and the tracking record', async () => {
      const r = await recorder();
      const tracking = { applicationName: 'invoicing', notificationId: 4 };
      await r.insertEvents(aggregateEvents(1), {
        tracking,
        changes: [total('i1', 10), total('i2', 5)],
      });
      expect(await r.getRecord('totals', 'i1')).toEqual({
        invoice: 'i1',
        amount: 10,
        customer: 'c1',
      });
      expect(await r.maxTrackingId('invoicing')).toBe(4);
    });

    it('writes none of the changes when the events conflict', async () => {
      const r = await recorder();
      const id = newId();
      await r.insertEvents([storedEvent(id, 0)]);
      await expect(
        r.insertEvents([storedEvent(id, 0)], { changes: [total('i1', 10)] }),
      ).rejects.toBeInstanceOf(IntegrityError);
      expect(await r.getRecord('totals', 'i1')).toBeUndefined();
    });

    it('writes none of the changes, and none of the events, when the tracking record repeats', async () => {
      const r = await recorder();
      const tracking = { applicationName: 'invoicing', notificationId: 1 };
      await r.insertEvents([], { tracking, changes: [total('i1', 10)] });
      const id = newId();
      const tried = r.insertEvents([storedEvent(id, 0)], { tracking, changes: [total('i1', 99)] });
      await expect(tried).rejects.toBeInstanceOf(IntegrityError);
      // Kept: the first total; the repeat's total and event are absent.
      expect(await r.getRecord('totals', 'i1')).toMatchObject({ amount: 10 });
      expect(await r.selectEvents(id)).toEqual([]);
    });

    it('rejects a change to a store it was not opened with, writing nothing', async () => {
      const r = await recorder();
      const id = newId();
      const changes = [total('i1', 1), { store: 'missing', put: { invoice: 'x' } }];
      await expect(r.insertEvents([storedEvent(id, 0)], { changes })).rejects.toBeInstanceOf(
        InterfaceError,
      );
      expect(await r.selectEvents(id)).toEqual([]);
      expect(await r.getRecord('totals', 'i1')).toBeUndefined();
    });

    it.each<[string, unknown]>([
      ['a record without its key', { store: 'totals', put: { amount: 3 } }],
      ['a record whose key is an object', { store: 'totals', put: { invoice: { no: 1 } } }],
      ['a delete by an invalid key', { store: 'totals', delete: Number.NaN }],
      ['a record that cannot be cloned', { store: 'totals', put: { invoice: 'i9', f: () => 1 } }],
    ])('rejects %s with DataError, writing nothing', async (_, change) => {
      const r = await recorder();
      const id = newId();
      const changes = [total('i1', 1), change] as RecordChange[];
      await expect(r.insertEvents([storedEvent(id, 0)], { changes })).rejects.toBeInstanceOf(
        DataError,
      );
      expect(await r.selectEvents(id)).toEqual([]);
      expect(await r.getRecord('totals', 'i1')).toBeUndefined();
    });

    it('rejects a second record under a unique index key with IntegrityError, writing nothing', async () => {
      const r = await recorder();
      await r.insertEvents([], { changes: [{ store: 'emails', put: { id: 1, email: 'a@x' } }] });
      const tried = r.insertEvents(aggregateEvents(1), {
        changes: [total('i1', 1), { store: 'emails', put: { id: 2, email: 'a@x' } }],
      });
      await expect(tried).rejects.toBeInstanceOf(IntegrityError);
      expect(await r.getRecord('totals', 'i1')).toBeUndefined();
      expect(await r.maxNotificationId()).toBe(0);
    });

    it('deletes records by key, and puts replace', async () => {
      const r = await recorder();
      await r.insertEvents([], { changes: [total('i1', 1), total('i2', 2)] });
      await r.insertEvents([], { changes: [{ store: 'totals', delete: 'i1' }, total('i2', 20)] });
      expect(await r.getRecords('totals')).toEqual([{ invoice: 'i2', amount: 20, customer: 'c1' }]);
    });

    it('reads records in key order within bounds, descending and limited', async () => {
      const r = await recorder();
      await r.insertEvents([], { changes: ['b', 'd', 'a', 'c', 'e'].map((k, i) => total(k, i)) });
      const keys = async (query: Parameters<EventStoreRecorder['getRecords']>[1]) =>
        (await r.getRecords('totals', query)).map((t) => t.invoice);
      expect(await keys({})).toEqual(['a', 'b', 'c', 'd', 'e']);
      expect(await keys({ gt: 'a', lte: 'c' })).toEqual(['b', 'c']);
      expect(await keys({ gte: 'b', lt: 'd' })).toEqual(['b', 'c']);
      expect(await keys({ desc: true, limit: 2 })).toEqual(['e', 'd']);
      expect(await keys({ gt: 'c', desc: true })).toEqual(['e', 'd']);
      expect(await keys({ gt: 'e' })).toEqual([]);
      expect(await keys({ limit: 0 })).toEqual([]);
    });

    it('reads through a compound index and a multi-entry index', async () => {
      const r = await recorder();
      await r.insertEvents([], {
        changes: [total('i3', 3, 'c2'), total('i1', 1, 'c1'), total('i2', 2, 'c2')],
      });
      const byCustomer = await r.getRecords('totals', {
        index: 'byCustomer',
        gte: ['c2'],
        lt: ['c2', []],
      });
      expect(byCustomer.map((t) => t.invoice)).toEqual(['i2', 'i3']);
      await r.insertEvents([], {
        changes: [
          { store: 'tags', put: { id: 1, tags: ['red', 'big'] } },
          { store: 'tags', put: { id: 2, tags: ['red'] } },
        ],
      });
      expect(
        (await r.getRecords('tags', { index: 'tag', gte: 'red', lte: 'red' })).map((t) => t.id),
      ).toEqual([1, 2]);
      expect((await r.getRecords('tags', { index: 'tag', lte: 'big' })).map((t) => t.id)).toEqual([
        1,
      ]);
    });

    it('orders numbers, dates, strings and arrays as IndexedDB does', async () => {
      const r = await recorder();
      const invoices = [['x'], 'b', new Date(5), 10, 2, new Date(1)];
      await r.insertEvents([], {
        changes: invoices.map((invoice) => ({ store: 'totals', put: { invoice } })),
      });
      expect((await r.getRecords('totals')).map((t) => t.invoice)).toEqual([
        2,
        10,
        new Date(1),
        new Date(5),
        'b',
        ['x'],
      ]);
    });

    it('returns copies of records', async () => {
      const r = await recorder();
      await r.insertEvents([], { changes: [total('i1', 1)] });
      const got = (await r.getRecord('totals', 'i1')) as { amount: number };
      got.amount = 99;
      expect(await r.getRecord('totals', 'i1')).toMatchObject({ amount: 1 });
    });

    it('deletes an aggregate with its changes; readers skip the hole and ids are never reused', async () => {
      const r = await recorder();
      const [keep, drop] = [newId(), newId()];
      const first = await r.insertEvents([
        storedEvent(keep, 0),
        storedEvent(drop, 0),
        storedEvent(drop, 1),
      ]);
      expect(await r.deleteEvents(drop, { changes: [total('i1', 1)] })).toBe(2);
      const following = take(r.subscribe(), 2);
      expect(await r.selectEvents(drop)).toEqual([]);
      expect(await r.getRecord('totals', 'i1')).toBeDefined();
      const [next] = await r.insertEvents([storedEvent(keep, 1)]);
      expect(next).toBeGreaterThan(Math.max(...first));
      expect((await r.selectNotifications(1, 10)).map((n) => n.originatorId)).toEqual([keep, keep]);
      expect((await following).map((n) => n.originatorId)).toEqual([keep, keep]);
      expect(await r.deleteEvents(newId())).toBe(0);
    });

    it('fails record reads and deletion after close with InterfaceError', async () => {
      const r = await create();
      await r.close();
      await expect(r.getRecord('totals', 'i1')).rejects.toBeInstanceOf(InterfaceError);
      await expect(r.getRecords('totals')).rejects.toBeInstanceOf(InterfaceError);
      await expect(r.deleteEvents(newId())).rejects.toBeInstanceOf(InterfaceError);
    });
  });
}
