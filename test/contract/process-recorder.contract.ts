import { describe, expect, it } from 'vitest';
import { DataError, IntegrityError } from '../../src/errors.js';
import type { ProcessRecorder, Tracking } from '../../src/types.js';
import { aggregateEvents, newId, storedEvent } from './fixtures.js';
import { openedRecorders } from './opened-recorders.js';

/**
 * The contract of every `ProcessRecorder` (CONTRACT.md points 1–4 and 8 for tracking records),
 * run against an implementation by `create`, which returns a fresh, empty recorder.
 */
export function processRecorderContract(
  name: string,
  create: () => Promise<ProcessRecorder>,
): void {
  describe(`${name} honours the ProcessRecorder contract`, () => {
    const recorder = openedRecorders(create);
    const upstream = (notificationId: number): Tracking => ({
      applicationName: 'upstream',
      notificationId,
    });

    it('records events and tracking atomically (1)', async () => {
      const r = await recorder();
      const id = newId();
      await r.insertEvents([storedEvent(id, 0)], { tracking: upstream(1) });
      expect(await r.maxTrackingId('upstream')).toBe(1);
      expect(await r.selectEvents(id)).toHaveLength(1);
    });

    it('reports maxTrackingId 0 for an application never tracked (8)', async () => {
      const r = await recorder();
      await r.insertEvents([], { tracking: upstream(5) });
      expect(await r.maxTrackingId('other')).toBe(0);
      expect(await r.hasTrackingId('other', 1)).toBe(false);
    });

    it('records a tracking record alone when there are no events (4)', async () => {
      const r = await recorder();
      expect(await r.insertEvents([], { tracking: upstream(3) })).toEqual([]);
      expect(await r.maxTrackingId('upstream')).toBe(3);
      expect(await r.hasTrackingId('upstream', 3)).toBe(true);
      expect(await r.maxNotificationId()).toBe(0);
    });

    it('rejects a repeated tracking record with IntegrityError and writes none of its events (1, 2)', async () => {
      const r = await recorder();
      await r.insertEvents([storedEvent(newId(), 0)], { tracking: upstream(1) });
      const id = newId();
      const tried = r.insertEvents([storedEvent(id, 0)], { tracking: upstream(1) });
      await expect(tried).rejects.toBeInstanceOf(IntegrityError);
      // Kept: the first call's event and tracking; the second call's event is absent.
      expect(await r.selectEvents(id)).toEqual([]);
      expect(await r.maxTrackingId('upstream')).toBe(1);
      expect(await r.maxNotificationId()).toBe(1);
    });

    it('rejects a tracking record below the recorded position, so gaps are never filled late (2)', async () => {
      const r = await recorder();
      await r.insertEvents([], { tracking: upstream(24) });
      await expect(r.insertEvents([], { tracking: upstream(23) })).rejects.toBeInstanceOf(
        IntegrityError,
      );
      expect(await r.maxTrackingId('upstream')).toBe(24);
    });

    it('keeps the tracking record out when its events conflict (1)', async () => {
      const r = await recorder();
      const id = newId();
      await r.insertEvents([storedEvent(id, 0)]);
      await expect(
        r.insertEvents([storedEvent(id, 0)], { tracking: upstream(7) }),
      ).rejects.toBeInstanceOf(IntegrityError);
      expect(await r.maxTrackingId('upstream')).toBe(0);
    });

    it('tracks applications independently, and reports each id up to the max as processed (8)', async () => {
      const r = await recorder();
      await r.insertEvents(aggregateEvents(1), { tracking: upstream(2) });
      await r.insertEvents(aggregateEvents(1), {
        tracking: { applicationName: 'b', notificationId: 9 },
      });
      expect(await r.maxTrackingId('upstream')).toBe(2);
      expect(await r.maxTrackingId('b')).toBe(9);
      expect(await r.hasTrackingId('upstream', 1)).toBe(true);
      expect(await r.hasTrackingId('upstream', 3)).toBe(false);
    });

    it('commits when the tracked position is still the one expected (compare-and-set)', async () => {
      const r = await recorder();
      await r.insertEvents([], { tracking: upstream(3), expectedTrackingId: 0 });
      await r.insertEvents(aggregateEvents(1), { tracking: upstream(5), expectedTrackingId: 3 });
      expect(await r.maxTrackingId('upstream')).toBe(5);
    });

    it('rejects a runner whose batch started from a position that moved, writing nothing', async () => {
      const r = await recorder();
      // Two runners read from position 0; the first processed 1..3, the second 1..5.
      await r.insertEvents([], { tracking: upstream(3), expectedTrackingId: 0 });
      const id = newId();
      const second = r.insertEvents([storedEvent(id, 0)], {
        tracking: upstream(5),
        expectedTrackingId: 0,
      });
      await expect(second).rejects.toBeInstanceOf(IntegrityError);
      // Kept: the first runner's position; the second's event is absent.
      expect(await r.maxTrackingId('upstream')).toBe(3);
      expect(await r.selectEvents(id)).toEqual([]);
    });

    it('lets exactly one of two concurrent runners from the same position commit', async () => {
      const r = await recorder();
      const outcomes = await Promise.allSettled([
        r.insertEvents(aggregateEvents(1), { tracking: upstream(2), expectedTrackingId: 0 }),
        r.insertEvents(aggregateEvents(1), { tracking: upstream(4), expectedTrackingId: 0 }),
      ]);
      expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
      expect(await r.maxNotificationId()).toBe(1);
    });

    it('rejects expectedTrackingId without a tracking record with DataError', async () => {
      const r = await recorder();
      await expect(
        r.insertEvents(aggregateEvents(1), { expectedTrackingId: 0 }),
      ).rejects.toBeInstanceOf(DataError);
      expect(await r.maxNotificationId()).toBe(0);
    });

    it.each<[string, unknown]>([
      ['an empty applicationName', { applicationName: '', notificationId: 1 }],
      ['a notificationId of 0', { applicationName: 'a', notificationId: 0 }],
      ['a fractional notificationId', { applicationName: 'a', notificationId: 1.5 }],
      ['a string notificationId', { applicationName: 'a', notificationId: '1' }],
    ])(
      'rejects a tracking record with %s with DataError and writes nothing (3)',
      async (_, tracking) => {
        const r = await recorder();
        const id = newId();
        await expect(
          r.insertEvents([storedEvent(id, 0)], { tracking: tracking as Tracking }),
        ).rejects.toBeInstanceOf(DataError);
        expect(await r.selectEvents(id)).toEqual([]);
        expect(await r.maxNotificationId()).toBe(0);
      },
    );
  });
}
