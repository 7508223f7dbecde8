import { describe, expect, it } from 'vitest';
import { DataError, IntegrityError, InterfaceError } from '../../src/errors.js';
import type { ApplicationRecorder } from '../../src/types.js';
import {
  aggregateEvents,
  newId,
  plain,
  plainNotification,
  storedEvent,
  strictlyIncreasing,
  take,
} from './fixtures.js';
import { openedRecorders } from './opened-recorders.js';

/**
 * The contract of every `ApplicationRecorder` (CONTRACT.md points 4, 5, 7, 8, 10, 11 and the
 * fine print), run against an implementation by `create`, which returns a fresh, empty recorder.
 */
export function applicationRecorderContract(
  name: string,
  create: () => Promise<ApplicationRecorder>,
): void {
  describe(`${name} honours the ApplicationRecorder contract`, () => {
    const recorder = openedRecorders(create);

    it('returns [] for an empty batch (4)', async () => {
      const r = await recorder();
      expect(await r.insertEvents([])).toEqual([]);
      expect(await r.maxNotificationId()).toBe(0);
    });

    it('numbers events in the order given, increasing across calls (5)', async () => {
      const r = await recorder();
      const [a, b] = [newId(), newId()];
      const first = await r.insertEvents([storedEvent(a, 0), storedEvent(b, 0)]);
      const second = await r.insertEvents([storedEvent(a, 1)]);
      expect(first).toHaveLength(2);
      expect(strictlyIncreasing([...first, ...second])).toBe(true);
      const notifications = await r.selectNotifications(1, 10);
      expect(notifications.map((n) => n.id)).toEqual([...first, ...second]);
      expect(notifications.map((n) => [n.originatorId, n.originatorVersion])).toEqual([
        [a, 0],
        [b, 0],
        [a, 1],
      ]);
    });

    it('records each notification with its stored event (5)', async () => {
      const r = await recorder();
      const event = storedEvent(newId(), 0, 'test:Recorded');
      const [id] = await r.insertEvents([event]);
      expect((await r.selectNotifications(1, 1)).map(plainNotification)).toEqual([
        { id, ...plain(event) },
      ]);
    });

    it('leaves maxNotificationId and the sequence unchanged after a failed call (5, 8)', async () => {
      const r = await recorder();
      const id = newId();
      await r.insertEvents([storedEvent(id, 0)]);
      const before = await r.maxNotificationId();
      await expect(
        r.insertEvents([storedEvent(newId(), 0), storedEvent(id, 0)]),
      ).rejects.toBeInstanceOf(IntegrityError);
      expect(await r.maxNotificationId()).toBe(before);
      const [next] = await r.insertEvents([storedEvent(id, 1)]);
      expect(next).toBeGreaterThan(before);
      expect((await r.selectNotifications(1, 10)).map((n) => n.originatorVersion)).toEqual([0, 1]);
    });

    it('selects notifications from start, at most limit, up to stop (7)', async () => {
      const r = await recorder();
      const ids = await r.insertEvents(aggregateEvents(10));
      const select = async (start: number, limit: number, stop?: number) =>
        (await r.selectNotifications(start, limit, stop === undefined ? {} : { stop })).map(
          (n) => n.id,
        );
      expect(await select(ids[0] ?? 1, 3)).toEqual(ids.slice(0, 3));
      expect(await select(ids[4] ?? 5, 100)).toEqual(ids.slice(4));
      expect(await select(ids[2] ?? 3, 100, ids[5])).toEqual(ids.slice(2, 6));
      expect(await select(ids[2] ?? 3, 0)).toEqual([]);
      expect(await select((ids[9] ?? 10) + 1, 10)).toEqual([]);
    });

    it('filters by topics before counting limit (7)', async () => {
      const r = await recorder();
      const id = newId();
      const topics = ['a', 'b', 'a', 'c', 'a', 'b', 'a'];
      await r.insertEvents(topics.map((topic, v) => storedEvent(id, v, topic)));
      const selected = await r.selectNotifications(1, 3, { topics: ['a'] });
      expect(selected.map((n) => n.originatorVersion)).toEqual([0, 2, 4]);
      const two = await r.selectNotifications(1, 10, { topics: ['b', 'c'] });
      expect(two.map((n) => n.topic)).toEqual(['b', 'c', 'b']);
      expect(await r.selectNotifications(1, 10, { topics: [] })).toHaveLength(7);
    });

    it('rejects a negative or fractional limit with DataError (7)', async () => {
      const r = await recorder();
      await expect(r.selectNotifications(1, -1)).rejects.toBeInstanceOf(DataError);
      await expect(r.selectNotifications(1, 1.5)).rejects.toBeInstanceOf(DataError);
    });

    it('reports maxNotificationId 0 when empty, then the greatest id (8)', async () => {
      const r = await recorder();
      expect(await r.maxNotificationId()).toBe(0);
      const ids = await r.insertEvents(aggregateEvents(3));
      expect(await r.maxNotificationId()).toBe(ids[2]);
    });

    it('yields recorded notifications after gt, then new ones as they commit (10)', async () => {
      const r = await recorder();
      const id = newId();
      const before = await r.insertEvents(aggregateEvents(3, id));
      const subscription = r.subscribe({ gt: before[0] ?? 0 });
      const received = take(subscription, 4);
      const after = await r.insertEvents(aggregateEvents(2, id, 3));
      expect((await received).map((n) => n.id)).toEqual([...before.slice(1), ...after]);
    });

    it('starts a subscription without gt at the beginning, filtered by topics (10)', async () => {
      const r = await recorder();
      const id = newId();
      await r.insertEvents([
        storedEvent(id, 0, 'x'),
        storedEvent(id, 1, 'y'),
        storedEvent(id, 2, 'x'),
      ]);
      const received = take(r.subscribe({ topics: ['x'] }), 3);
      await r.insertEvents([storedEvent(id, 3, 'y'), storedEvent(id, 4, 'x')]);
      expect((await received).map((n) => n.originatorVersion)).toEqual([0, 2, 4]);
    });

    it('catches up over many pages of recorded notifications with no new commit (10)', async () => {
      const r = await recorder();
      const ids = await r.insertEvents(aggregateEvents(250));
      const received = await take(r.subscribe(), 250);
      expect(received.map((n) => n.id)).toEqual(ids);
    });

    it('ends a subscription on close() and on break (10)', async () => {
      const r = await recorder();
      await r.insertEvents(aggregateEvents(2));
      const subscription = r.subscribe();
      const iterator = subscription[Symbol.asyncIterator]();
      expect((await iterator.next()).done).toBe(false);
      expect((await iterator.next()).done).toBe(false);
      const pending = iterator.next();
      subscription.close();
      expect((await pending).done).toBe(true);
      const broken = await take(r.subscribe(), 1);
      expect(broken).toHaveLength(1);
    });

    it('ends open subscriptions when the recorder closes, never leaving next() hanging (11)', async () => {
      const r = await create();
      const iterator = r.subscribe()[Symbol.asyncIterator]();
      const pending = iterator.next();
      await r.close();
      const outcome = await pending.then(
        (result) => (result.done === true ? 'done' : 'value'),
        (error: unknown) => (error instanceof InterfaceError ? 'InterfaceError' : String(error)),
      );
      expect(['done', 'InterfaceError']).toContain(outcome);
    });

    it('fails every call after close with InterfaceError (11)', async () => {
      const r = await create();
      await r.close();
      await expect(r.selectNotifications(1, 10)).rejects.toBeInstanceOf(InterfaceError);
      await expect(r.maxNotificationId()).rejects.toBeInstanceOf(InterfaceError);
      expect(() => r.subscribe()).toThrow(InterfaceError);
    });

    it('returns copies from selectNotifications (12)', async () => {
      const r = await recorder();
      const event = storedEvent(newId(), 0);
      await r.insertEvents([event]);
      const [first] = await r.selectNotifications(1, 1);
      first?.state.fill(0);
      expect((await r.selectNotifications(1, 1)).map(plain)).toEqual([plain(event)]);
    });
  });
}
