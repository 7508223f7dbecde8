import { IDBKeyRange as FakeKeyRange } from 'fake-indexeddb';
import { afterEach, describe, expect, it } from 'vitest';
import { IntegrityError } from '../src/errors.js';
import { InMemoryProcessRecorder } from '../src/recorders/in-memory.js';
import { IndexedDBProcessRecorder } from '../src/recorders/indexeddb/index.js';
import type { EventStoreRecorder, StoredEvent } from '../src/types.js';
import { plain, plainNotification, storedEvent } from './contract/fixtures.js';
import { engineName, inBrowser, testIndexedDB, uniqueDatabaseName } from './support/engine.js';

/** A small deterministic random source (mulberry32), so that a failure can be replayed. */
function randomSource(seed: number): (below: number) => number {
  let a = seed >>> 0;
  return (below) => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * below);
  };
}

const aggregates = ['a', 'b', 'c', 'd', 'e'];
const topics = ['t:One', 't:Two', 't:Three'];

/**
 * A burst of calls issued in one task (so group commit merges them into shared segments):
 * mostly each aggregate's next versions, sometimes a random version that may be taken, may
 * leave a gap or may fill one.
 */
function burst(random: (below: number) => number, next: Map<string, number>): StoredEvent[][] {
  return Array.from({ length: 1 + random(6) }, () => {
    const call: StoredEvent[] = [];
    const seen = new Set<string>();
    for (let n = random(9); n > 0; n--) {
      const id = aggregates[random(aggregates.length)] ?? 'a';
      const version = random(5) === 0 ? random(30) : (next.get(id) ?? 0);
      if (seen.has(`${id}/${version}`)) continue;
      seen.add(`${id}/${version}`);
      next.set(id, Math.max(next.get(id) ?? 0, version + 1));
      call.push(storedEvent(id, version, topics[random(topics.length)]));
    }
    return call;
  });
}

/** How a call ended, comparably. */
async function outcome(call: Promise<number[]>): Promise<number[] | string> {
  return call.then(
    (ids) => ids,
    (error: unknown) => (error instanceof IntegrityError ? 'IntegrityError' : String(error)),
  );
}

/** Reads the same random selections from both recorders and compares them. */
async function compareReads(
  random: (below: number) => number,
  ours: EventStoreRecorder,
  oracle: EventStoreRecorder,
): Promise<void> {
  const both = async <T>(read: (r: EventStoreRecorder) => Promise<T>) => {
    const [mine, expected] = await Promise.all([read(ours), read(oracle)]);
    expect(mine).toEqual(expected);
  };
  await both((r) => r.maxNotificationId());
  const max = await oracle.maxNotificationId();
  for (let i = 0; i < 4; i++) {
    const start = random(max + 3);
    const limit = random(4) === 0 ? 1 : random(25);
    const stop = random(3) === 0 ? start + random(20) : undefined;
    const only = random(3) === 0 ? [topics[random(topics.length)] ?? 't:One'] : undefined;
    const options = { ...(stop === undefined ? {} : { stop }), ...(only ? { topics: only } : {}) };
    await both(async (r) =>
      (await r.selectNotifications(start, limit, options)).map(plainNotification),
    );
  }
  for (const id of aggregates) {
    const gt = random(3) === 0 ? random(12) - 1 : undefined;
    const lte = random(3) === 0 ? random(30) : undefined;
    const limit = random(2) === 0 ? random(8) : undefined;
    const desc = random(2) === 0;
    const options = {
      desc,
      ...(gt === undefined ? {} : { gt }),
      ...(lte === undefined ? {} : { lte }),
      ...(limit === undefined ? {} : { limit }),
    };
    await both(async (r) => (await r.selectEvents(id, options)).map(plain));
  }
}

describe(`The IndexedDB segment layout on ${engineName}`, () => {
  const open: EventStoreRecorder[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((r) => r.close()));
  });

  const keyRanges = inBrowser ? [undefined] : [undefined, FakeKeyRange];
  for (const keyRange of keyRanges) {
    const reads = keyRange === undefined && !inBrowser ? 'cursor fallback' : 'key ranges';
    it.each([1, 2, 3])(
      `agrees with the in-memory recorder on random bursts, conflicts and deletes (seed %i, ${reads})`,
      async (seed) => {
        const random = randomSource(seed);
        const ours = await IndexedDBProcessRecorder.open({
          name: uniqueDatabaseName('segments'),
          indexedDB: testIndexedDB(),
          ...(keyRange === undefined ? {} : { IDBKeyRange: keyRange }),
        });
        const oracle = new InMemoryProcessRecorder();
        open.push(ours, oracle);
        const next = new Map<string, number>();
        for (let round = 0; round < 25; round++) {
          if (random(8) === 0) {
            const id = aggregates[random(aggregates.length)] ?? 'a';
            expect(await ours.deleteEvents(id)).toBe(await oracle.deleteEvents(id));
          }
          const calls = burst(random, next);
          // Ours gets the calls in one task, the oracle one after another: same outcomes.
          const mine = await Promise.all(calls.map((call) => outcome(ours.insertEvents(call))));
          const expected: (number[] | string)[] = [];
          for (const call of calls) expected.push(await outcome(oracle.insertEvents(call)));
          expect(mine).toEqual(expected);
          await compareReads(random, ours, oracle);
        }
      },
    );
  }
});
