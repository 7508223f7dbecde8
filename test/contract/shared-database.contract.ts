import { afterEach, describe, expect, it } from 'vitest';
import { IntegrityError } from '../../src/errors.js';
import type { ApplicationRecorder, Notification } from '../../src/types.js';
import {
  aggregateEvents,
  newId,
  nextTask,
  storedEvent,
  strictlyIncreasing,
  take,
} from './fixtures.js';

/** Opens another recorder on one database each time it is called. */
export type RecorderOpener = () => Promise<ApplicationRecorder>;

/**
 * The contract of recorders that share a database (two tabs, two workers): CONTRACT.md points
 * 5, 9 and 10 across recorders. `newDatabase` returns an opener bound to a fresh database.
 */
export function sharedDatabaseContract(
  name: string,
  newDatabase: () => Promise<RecorderOpener>,
): void {
  describe(`${name} recorders sharing a database never corrupt each other`, () => {
    let open: ApplicationRecorder[] = [];
    const pair = async (): Promise<[ApplicationRecorder, ApplicationRecorder]> => {
      const opener = await newDatabase();
      const recorders: [ApplicationRecorder, ApplicationRecorder] = [
        await opener(),
        await opener(),
      ];
      open.push(...recorders);
      return recorders;
    };
    afterEach(async () => {
      await Promise.all(open.map((r) => r.close()));
      open = [];
    });

    it('shares the data between recorders on the same database', async () => {
      const [a, b] = await pair();
      const event = storedEvent(newId(), 0);
      const ids = await a.insertEvents([event]);
      expect((await b.selectNotifications(1, 10)).map((n) => n.id)).toEqual(ids);
      expect(await b.selectEvents(event.originatorId)).toHaveLength(1);
    });

    it('lets exactly one of two concurrent inserts at the same position succeed (9)', async () => {
      const [a, b] = await pair();
      const id = newId();
      const outcomes = await Promise.allSettled([
        a.insertEvents([storedEvent(id, 0, 'from:a'), storedEvent(id, 1, 'from:a')]),
        b.insertEvents([storedEvent(id, 0, 'from:b'), storedEvent(id, 1, 'from:b')]),
      ]);
      const failures = outcomes.filter((o) => o.status === 'rejected');
      expect(failures).toHaveLength(1);
      expect(failures[0]?.reason).toBeInstanceOf(IntegrityError);
      const topics = (await a.selectEvents(id)).map((e) => e.topic);
      expect(topics).toHaveLength(2);
      expect(new Set(topics).size).toBe(1);
    });

    // The heaviest case of the suite: a generous limit, so that a loaded machine slows it
    // down without failing it (tests never fail on timing).
    it(
      'records 20 concurrent writers × 50 events once each, ids in commit order, seen once by a subscriber (5, 9, 10)',
      { timeout: 120_000 },
      async () => {
        const [a, b] = await pair();
        const writers = 20;
        const callsPerWriter = 5;
        const eventsPerCall = 10;
        const total = writers * callsPerWriter * eventsPerCall;
        const subscriber = take(b.subscribe(), total);
        const reader = watchMaxNotificationId(a);
        const callIds = await Promise.all(
          Array.from({ length: writers }, (_, w) =>
            writeSequentially(w % 2 === 0 ? a : b, callsPerWriter, eventsPerCall),
          ),
        );
        reader.stop();
        const seen = await subscriber;
        const all = callIds.flat(2);
        expect(new Set(all).size).toBe(total);
        // A call that started after another finished committed later, so its ids are greater.
        for (const calls of callIds) expect(strictlyIncreasing(calls.flat())).toBe(true);
        expect(seen.map((n) => n.id)).toEqual([...all].sort((x, y) => x - y));
        expect(strictlyIncreasing(seen.map((n) => n.id))).toBe(true);
        expect(await reader.violations).toEqual([]);
        expect(await a.maxNotificationId()).toBe(Math.max(...all));
      },
    );

    it("yields another recorder's commits to a subscriber, in id order (10)", async () => {
      const [a, b] = await pair();
      const id = newId();
      const received = take(a.subscribe(), 4);
      const first = await b.insertEvents(aggregateEvents(2, id));
      const second = await a.insertEvents(aggregateEvents(2, id, 2));
      expect((await received).map((n: Notification) => n.id)).toEqual([...first, ...second]);
    });
  });
}

/** One writer: `calls` inserts of `size` events for its own aggregate, each after the last. */
async function writeSequentially(
  recorder: ApplicationRecorder,
  calls: number,
  size: number,
): Promise<number[][]> {
  const id = newId();
  const ids: number[][] = [];
  for (let call = 0; call < calls; call++) {
    ids.push(await recorder.insertEvents(aggregateEvents(size, id, call * size)));
  }
  return ids;
}

/**
 * Polls the sequence while writers run and records every time a newly seen notification has
 * an id at or below one seen before: a commit that a follower would have skipped.
 */
function watchMaxNotificationId(recorder: ApplicationRecorder): {
  stop(): void;
  violations: Promise<string[]>;
} {
  const state = { running: true };
  const violations = (async () => {
    const found: string[] = [];
    let seenMax = 0;
    const seen = new Set<number>();
    while (state.running) {
      const page = await recorder.selectNotifications(1, 100_000);
      for (const { id } of page) {
        if (!seen.has(id) && id <= seenMax)
          found.push(`id ${id} appeared after ${seenMax} was seen`);
        seen.add(id);
      }
      seenMax = Math.max(seenMax, ...page.map((n) => n.id));
      await nextTask();
    }
    return found;
  })();
  return {
    stop: () => {
      state.running = false;
    },
    violations,
  };
}
