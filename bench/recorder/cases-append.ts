import type { StoredEvent } from '../../src/index.js';
import {
  deleteDatabase,
  higher,
  lower,
  quantile,
  type Measured,
  type PageCase,
} from '../harness/page.js';
import { aggregateIds, chunks, storedEvents, uniqueName } from './events.js';
import {
  expectCount,
  openStore,
  variantLabels,
  variantMissing,
  type Store,
  type Variant,
} from './stores.js';

/** Events per call measured, and how many events each case writes (about 1 s of work each). */
const batchSizes: readonly (readonly [perCall: number, total: number])[] = [
  [1, 1_000],
  [10, 2_000],
  [100, 5_000],
  [1_000, 10_000],
];

/** Runs `body` on a fresh database of `variant`, then closes and deletes it. */
export async function withStore<T>(
  variant: Variant,
  body: (store: Store) => Promise<T>,
): Promise<T> {
  const name = uniqueName(`bench-${variant}`);
  const store = await openStore(variant, name);
  try {
    return await body(store);
  } finally {
    await store.close();
    await deleteDatabase(name);
  }
}

/** Awaits each call before the next (append-then-acknowledge); verifies the stored count. */
async function appendSequentially(
  store: Store,
  calls: readonly (readonly StoredEvent[])[],
): Promise<Measured> {
  const total = calls.reduce((n, c) => n + c.length, 0);
  const started = performance.now();
  for (const call of calls) await store.insert(call);
  const ms = performance.now() - started;
  await expectCount(store, total);
  return {
    metrics: [higher('events/s', (total / ms) * 1000), lower('ms/call', ms / calls.length, false)],
  };
}

/** Appends at 1, 10, 100 and 1,000 events per call, for every variant. */
export function appendCases(): PageCase[] {
  const variants: Variant[] = ['ours', 'worker', 'raw', 'dexie'];
  return batchSizes.flatMap(([perCall, total]) => {
    const id = (v: Variant) => `append.${String(perCall)}.${v}`;
    // 'ours-default' shows what `strict` costs where it costs most.
    const shown = variants.concat(perCall === 1 ? ['ours-default'] : []);
    return shown.map((variant): PageCase => {
      const missing = variantMissing(variant);
      const baseline = variant === 'raw' || variant === 'dexie';
      return {
        id: id(variant),
        group: 'append',
        param: `${perCall.toLocaleString('en-US')} event${perCall === 1 ? '' : 's'}/call (${total.toLocaleString('en-US')} events)`,
        label: variantLabels[variant],
        ...(baseline ? {} : { baselines: { raw: id('raw'), Dexie: id('dexie') } }),
        ...(missing === undefined
          ? {
              run: () =>
                withStore(variant, (store) =>
                  appendSequentially(store, chunks(storedEvents(aggregateIds(), total), perCall)),
                ),
            }
          : { unavailable: missing }),
      };
    });
  });
}

const concurrentCalls = 100;
const concurrentEvents = 1_000;

/** 100 single-event calls at once: group commit against one transaction per append. */
export function concurrencyCases(): PageCase[] {
  const param = `${concurrentCalls} concurrent 1-event appends (${concurrentEvents.toLocaleString('en-US')} events)`;
  const baselines = {
    'raw, 1 txn/append, 100 in flight': 'concurrent.raw-pipelined',
    // The same raw recorder awaited call by call: the 1 event/call append case.
    'raw, 1 txn/append, one at a time': 'append.1.raw',
  };
  const make = (
    id: string,
    label: string,
    variant: Variant,
    drive: (store: Store, events: StoredEvent[]) => Promise<void>,
  ): PageCase => {
    const missing = variantMissing(variant);
    return {
      id: `concurrent.${id}`,
      group: 'concurrent',
      param,
      label,
      ...(variant === 'raw' ? {} : { baselines }),
      ...(missing === undefined
        ? { run: () => timedDrive(variant, drive) }
        : { unavailable: missing }),
    };
  };
  return [
    make('ours-burst', 'ours: 100 calls issued in one task (group commit)', 'ours', bursts),
    make(
      'ours-writers',
      'ours: 100 writers, each awaiting its own appends (group commit)',
      'ours',
      writers,
    ),
    make('worker-burst', 'ours through the worker: 100 calls in one task', 'worker', bursts),
    // The raw recorder has no group commit: each of the 100 calls is its own transaction.
    make('raw-pipelined', 'raw: 1 txn/append, 100 in flight', 'raw', bursts),
  ];
}

async function timedDrive(
  variant: Variant,
  drive: (store: Store, events: StoredEvent[]) => Promise<void>,
): Promise<Measured> {
  return withStore(variant, async (store) => {
    const events = storedEvents(aggregateIds(), concurrentEvents);
    const counter = countWriteTransactions();
    const started = performance.now();
    try {
      await drive(store, events);
    } finally {
      counter.stop();
    }
    const ms = performance.now() - started;
    await expectCount(store, concurrentEvents);
    const metrics = [higher('events/s', (concurrentEvents / ms) * 1000)];
    // A worker's transactions run in the worker, out of this page's sight.
    if (variant !== 'worker') {
      metrics.push(higher('events/txn', concurrentEvents / counter.count(), false));
      metrics.push(lower('ms/txn', ms / counter.count(), false));
    }
    return { metrics };
  });
}

/**
 * Counts the read-write transactions this page starts until `stop()`, by wrapping
 * `IDBDatabase.prototype.transaction`: how many calls each group commit took together.
 */
function countWriteTransactions(): { count(): number; stop(): void } {
  const prototype = IDBDatabase.prototype;
  const original = Object.getOwnPropertyDescriptor(prototype, 'transaction');
  const transaction = original?.value as IDBDatabase['transaction'];
  let count = 0;
  Object.defineProperty(prototype, 'transaction', {
    configurable: true,
    writable: true,
    value: function (this: IDBDatabase, ...args: Parameters<IDBDatabase['transaction']>) {
      if (args[1] === 'readwrite') count++;
      return transaction.apply(this, args);
    },
  });
  return {
    count: () => count,
    stop: () => {
      if (original !== undefined) Object.defineProperty(prototype, 'transaction', original);
    },
  };
}

async function bursts(store: Store, events: StoredEvent[]): Promise<void> {
  for (const burst of chunks(events, concurrentCalls)) {
    await Promise.all(burst.map((e) => store.insert([e])));
  }
}

/** Writer `w` appends events `w, w + 100, …` (its own aggregate positions), one at a time. */
async function writers(store: Store, events: StoredEvent[]): Promise<void> {
  await Promise.all(
    Array.from({ length: concurrentCalls }, async (_, w) => {
      for (let i = w; i < events.length; i += concurrentCalls) {
        await store.insert([events[i] as StoredEvent]);
      }
    }),
  );
}

const latencySamples = 500;

/** The latency of one single-event append, awaited one after another. */
export function latencyCases(): PageCase[] {
  const variants: Variant[] = ['ours', 'worker', 'raw', 'dexie'];
  return variants.map((variant): PageCase => {
    const missing = variantMissing(variant);
    return {
      id: `latency.${variant}`,
      group: 'latency',
      param: `one 1-event append (${latencySamples} in a row)`,
      label: variantLabels[variant],
      ...(variant === 'raw' || variant === 'dexie'
        ? {}
        : { baselines: { raw: 'latency.raw', Dexie: 'latency.dexie' } }),
      ...(missing === undefined ? { run: () => latency(variant) } : { unavailable: missing }),
    };
  });
}

async function latency(variant: Variant): Promise<Measured> {
  return withStore(variant, async (store) => {
    const events = storedEvents(aggregateIds(), latencySamples + 20);
    for (const e of events.slice(0, 20)) await store.insert([e]);
    const times: number[] = [];
    for (const e of events.slice(20)) {
      const started = performance.now();
      await store.insert([e]);
      times.push(performance.now() - started);
    }
    return {
      metrics: [lower('p50 ms', quantile(times, 0.5)), lower('p99 ms', quantile(times, 0.99))],
    };
  });
}
