/**
 * The `SyncStateStore` contract, one behaviour per case, run against every implementation.
 */
import { describe, expect, it } from 'vitest';
import { InterfaceError } from '../../src/errors.js';
import {
  countPulled,
  isPulled,
  KEPT_ACKNOWLEDGED_RANGES,
  type SyncStateStore,
} from '../../src/sync/sync-state.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** Runs the contract against stores made by `open`. */
export function syncStateStoreContract(name: string, open: () => Promise<SyncStateStore>) {
  describe(`${name} honours the SyncStateStore contract`, () => {
    it('creates the state with a random stream id on first use, and says so once', async () => {
      const store = await open();
      const first = await store.load();
      const second = await store.load();
      expect(first.created).toBe(true);
      expect(first.state).toMatchObject({ acknowledged: 0, pulled: [], anchor: undefined });
      expect(first.state.streamId).toMatch(UUID);
      expect(second).toEqual({ state: first.state, created: false });
      expect((await (await open()).load()).state.streamId).not.toBe(first.state.streamId);
    });

    it('moves the acknowledged position forward only, with its anchor', async () => {
      const store = await open();
      const { streamId } = (await store.load()).state;
      const anchor = { id: 7, originatorId: 'a', originatorVersion: 3 };
      await store.acknowledge(streamId, 7, anchor);
      const after = await store.acknowledge(streamId, 5);
      expect(after).toMatchObject({ acknowledged: 7, anchor });
      expect((await store.load()).state).toEqual(after);
    });

    it('rewinds the acknowledged position back only', async () => {
      const store = await open();
      const { streamId } = (await store.load()).state;
      await store.acknowledge(streamId, 9);
      expect((await store.rewind(streamId, 12)).acknowledged).toBe(9);
      expect((await store.rewind(streamId, 4)).acknowledged).toBe(4);
    });

    it('ignores updates for a stream that was replaced', async () => {
      const store = await open();
      const old = (await store.load()).state.streamId;
      const fresh = await store.startNewStream();
      await store.acknowledge(old, 10);
      await store.recordPulled(old, [1, 2]);
      expect(fresh.streamId).not.toBe(old);
      expect((await store.load()).state).toMatchObject({
        streamId: fresh.streamId,
        acknowledged: 0,
        pulled: [],
      });
    });

    it('merges pulled ids into sorted ranges and remembers the pull mark', async () => {
      const store = await open();
      const { streamId } = (await store.load()).state;
      await store.recordPulled(streamId, [5, 6, 7]);
      const mark = { position: 40, streamId: 'other', id: 3 };
      const state = await store.recordPulled(streamId, [2, 8, 12], mark);
      expect(state.pulled).toEqual([
        [2, 2],
        [5, 8],
        [12, 12],
      ]);
      expect(state.pullMark).toEqual(mark);
      expect([4, 5, 8, 9, 12].map((id) => isPulled(state, id))).toEqual([
        false,
        true,
        true,
        false,
        true,
      ]);
      expect(countPulled(state, 5, 12)).toBe(4);
    });

    it(`keeps pulled ranges below the acknowledged position, the newest ${KEPT_ACKNOWLEDGED_RANGES}`, async () => {
      const store = await open();
      const { streamId } = (await store.load()).state;
      const ids = Array.from({ length: KEPT_ACKNOWLEDGED_RANGES + 10 }, (_, i) => 2 * i + 1);
      await store.recordPulled(streamId, ids);
      const state = await store.acknowledge(streamId, 2 * (KEPT_ACKNOWLEDGED_RANGES + 10));
      expect(state.pulled).toHaveLength(KEPT_ACKNOWLEDGED_RANGES);
      expect(state.pulled[0]).toEqual([21, 21]);
    });

    it('fails with InterfaceError once closed', async () => {
      const store = await open();
      await store.close();
      await expect(store.load()).rejects.toBeInstanceOf(InterfaceError);
    });
  });
}
