import { describe, expect, it } from 'vitest';
import { DataError, IntegrityError, InterfaceError, PersistenceError } from '../../src/errors.js';
import type { AggregateRecorder, StoredEvent } from '../../src/types.js';
import { aggregateEvents, newId, plain, storedEvent } from './fixtures.js';
import { openedRecorders } from './opened-recorders.js';

/**
 * The contract of every `AggregateRecorder` (CONTRACT.md points 1, 2, 3, 4, 6, 11, 12), run
 * against an implementation by `create`, which returns a fresh, empty recorder.
 */
export function aggregateRecorderContract(
  name: string,
  create: () => Promise<AggregateRecorder>,
): void {
  describe(`${name} honours the AggregateRecorder contract`, () => {
    const recorder = openedRecorders(create);

    it('records a batch and selects it back in version order (1, 6)', async () => {
      const r = await recorder();
      const events = aggregateEvents(3);
      await r.insertEvents(events);
      const id = events[0]?.originatorId ?? '';
      expect((await r.selectEvents(id)).map(plain)).toEqual(events.map(plain));
    });

    it('rejects a taken aggregate position with IntegrityError and writes nothing (1, 2)', async () => {
      const r = await recorder();
      const id = newId();
      await r.insertEvents([storedEvent(id, 0)]);
      const tried = [storedEvent(id, 1), storedEvent(id, 0, 'test:Other')];
      await expect(r.insertEvents(tried)).rejects.toBeInstanceOf(IntegrityError);
      // Kept: only the first event; the new v1 of the failed batch is absent too.
      expect((await r.selectEvents(id)).map(plain)).toEqual([plain(storedEvent(id, 0))]);
    });

    it('rejects a position repeated within one call with IntegrityError and writes nothing (2)', async () => {
      const r = await recorder();
      const id = newId();
      const tried = [storedEvent(id, 0), storedEvent(id, 1), storedEvent(id, 1)];
      const error: unknown = await r.insertEvents(tried).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(IntegrityError);
      expect(error).toBeInstanceOf(PersistenceError);
      expect((error as Error).name).toBe('IntegrityError');
      expect(await r.selectEvents(id)).toEqual([]);
    });

    it('writes nothing of a large batch whose last event is taken, so no task boundary fell inside the write (1)', async () => {
      // In Firefox and WebKit a recorder that let a task pass inside its transaction would
      // have committed the first part of this batch before reaching the conflict.
      const r = await recorder();
      const id = newId();
      await r.insertEvents([storedEvent(id, 499)]);
      await expect(r.insertEvents(aggregateEvents(500, id))).rejects.toBeInstanceOf(IntegrityError);
      expect((await r.selectEvents(id)).map((e) => e.originatorVersion)).toEqual([499]);
    });

    it.each<[string, (good: StoredEvent) => unknown]>([
      ['an empty originatorId', (e) => ({ ...e, originatorId: '' })],
      ['a non-string originatorId', (e) => ({ ...e, originatorId: 42 })],
      ['a negative version', (e) => ({ ...e, originatorVersion: -1 })],
      ['a fractional version', (e) => ({ ...e, originatorVersion: 1.5 })],
      ['an unsafe integer version', (e) => ({ ...e, originatorVersion: 2 ** 53 })],
      ['a NaN version', (e) => ({ ...e, originatorVersion: Number.NaN })],
      ['an empty topic', (e) => ({ ...e, topic: '' })],
      ['a string state', (e) => ({ ...e, state: 'bytes' })],
      ['an ArrayBuffer state', (e) => ({ ...e, state: new ArrayBuffer(2) })],
      ['null', () => null],
    ])('rejects a batch containing %s with DataError and writes nothing (3)', async (_, spoil) => {
      const r = await recorder();
      const id = newId();
      const batch = [storedEvent(id, 0), spoil(storedEvent(id, 1)), storedEvent(id, 2)];
      await expect(r.insertEvents(batch as StoredEvent[])).rejects.toBeInstanceOf(DataError);
      expect(await r.selectEvents(id)).toEqual([]);
    });

    it('accepts an empty batch and writes nothing (4)', async () => {
      const r = await recorder();
      const result = await r.insertEvents([]);
      expect(result === undefined || (Array.isArray(result) && result.length === 0)).toBe(true);
    });

    it('selects by gt, lte, desc and limit, applying limit after ordering (6)', async () => {
      const r = await recorder();
      const id = newId();
      await r.insertEvents(aggregateEvents(6, id));
      const versions = async (options: Parameters<AggregateRecorder['selectEvents']>[1]) =>
        (await r.selectEvents(id, options)).map((e) => e.originatorVersion);
      expect(await versions({ gt: 1 })).toEqual([2, 3, 4, 5]);
      expect(await versions({ lte: 2 })).toEqual([0, 1, 2]);
      expect(await versions({ gt: 1, lte: 3 })).toEqual([2, 3]);
      expect(await versions({ desc: true })).toEqual([5, 4, 3, 2, 1, 0]);
      expect(await versions({ desc: true, limit: 1 })).toEqual([5]);
      expect(await versions({ desc: true, lte: 3, limit: 2 })).toEqual([3, 2]);
      expect(await versions({ gt: 0, limit: 2 })).toEqual([1, 2]);
      expect(await versions({ limit: 0 })).toEqual([]);
    });

    it('selects only the asked aggregate, and nothing for an unknown id (6)', async () => {
      const r = await recorder();
      const [a, b] = [newId(), newId()];
      await r.insertEvents([storedEvent(a, 0), storedEvent(b, 0), storedEvent(a, 1)]);
      expect((await r.selectEvents(a)).map((e) => e.originatorId)).toEqual([a, a]);
      expect(await r.selectEvents(newId())).toEqual([]);
    });

    it('keeps ids with a common prefix apart (6)', async () => {
      const r = await recorder();
      await r.insertEvents([storedEvent('invoices/1', 0), storedEvent('invoices/10', 0)]);
      expect(await r.selectEvents('invoices/1')).toHaveLength(1);
    });

    it('fails every call after close with InterfaceError, and closes twice quietly (11)', async () => {
      const r = await create();
      await r.close();
      await r.close();
      await expect(r.insertEvents([storedEvent(newId(), 0)])).rejects.toBeInstanceOf(
        InterfaceError,
      );
      await expect(r.selectEvents(newId())).rejects.toBeInstanceOf(InterfaceError);
    });

    it('returns copies: mutating a returned state changes nothing stored (12)', async () => {
      const r = await recorder();
      const event = storedEvent(newId(), 0);
      await r.insertEvents([event]);
      const [first] = await r.selectEvents(event.originatorId);
      first?.state.fill(0);
      expect((await r.selectEvents(event.originatorId)).map(plain)).toEqual([plain(event)]);
    });

    it("keeps copies: mutating the caller's buffer after insert changes nothing stored (12)", async () => {
      const r = await recorder();
      const event = storedEvent(newId(), 0);
      const expected = plain(event);
      await r.insertEvents([event]);
      event.state.fill(0);
      expect((await r.selectEvents(event.originatorId)).map(plain)).toEqual([expected]);
    });

    it('stores only the bytes of a state that is a view into a larger buffer (12)', async () => {
      const r = await recorder();
      const backing = new Uint8Array(4096).fill(7);
      const view = backing.subarray(100, 110);
      const id = newId();
      await r.insertEvents([{ originatorId: id, originatorVersion: 0, topic: 't', state: view }]);
      const [stored] = await r.selectEvents(id);
      expect(stored?.state.byteLength).toBe(10);
      expect(stored?.state.buffer.byteLength).toBe(10);
      expect([...(stored?.state ?? [])]).toEqual(Array<number>(10).fill(7));
    });
  });
}
