import { lower, type Measured, type PageCase } from '../harness/page.js';
import { aggregateIds, chunks, dogEvents, storedEvents, toStored, uniqueName } from './events.js';
import { createMapper, domainWriter, mapperMissing } from './layers.js';
import { openStore, variantLabels, variantMissing, type Variant } from './stores.js';
import { IndexedDBProcessRecorder } from '../../src/index.js';

const coldEvents = 100_000;
const coldSetup = 'cold-100k';
const coldPerCall = 10_000;

/** Fixed names: the cold databases outlive the page that built them. */
const coldDatabases: Readonly<Partial<Record<Variant, string>>> = {
  ours: 'cold-recorder',
  worker: 'cold-recorder',
  raw: 'cold-raw',
  dexie: 'cold-dexie',
};

/**
 * Builds the cold-open databases once per run: 100,000 events, 10,000 per call, by our
 * recorder (which the worker also opens), by the raw baseline and by Dexie. The raw baseline
 * gets its own because it cannot read our layout (segments, not one record per event).
 */
export async function buildColdDatabases(): Promise<void> {
  const ids = aggregateIds();
  for (const variant of ['ours', 'raw', 'dexie'] as const) {
    const store = await openStore(variant, coldDatabases[variant] ?? '');
    try {
      if ((await store.maxNotificationId()) === coldEvents) continue;
      for (let done = 0; done < coldEvents; done += coldPerCall) {
        await store.insert(storedEvents(ids, coldPerCall, done / ids.length));
      }
    } finally {
      await store.close();
    }
  }
}

/** Time to first query after a browser restart, on a database of 100,000 events. */
export function coldCases(): PageCase[] {
  const variants: Variant[] = ['ours', 'worker', 'raw', 'dexie'];
  return variants.map((variant): PageCase => {
    const missing = variantMissing(variant);
    return {
      id: `cold.${variant}`,
      group: 'cold',
      param: `open + maxNotificationId(), ${coldEvents.toLocaleString('en-US')} events`,
      label: variantLabels[variant],
      isolation: 'persistent-profile',
      setup: coldSetup,
      ...(variant === 'raw' || variant === 'dexie'
        ? {}
        : { baselines: { raw: 'cold.raw', Dexie: 'cold.dexie' } }),
      ...(missing === undefined ? { run: () => coldOpen(variant) } : { unavailable: missing }),
    };
  });
}

async function coldOpen(variant: Variant): Promise<Measured> {
  const started = performance.now();
  const store = await openStore(variant, coldDatabases[variant] ?? '');
  try {
    const max = await store.maxNotificationId();
    const ms = performance.now() - started;
    if (max !== coldEvents)
      throw new Error(`The cold database holds ${max} events, not ${coldEvents}.`);
    return { metrics: [lower('ms to first query', ms)] };
  } finally {
    await store.close();
  }
}

/** The cold setups by name, for the page. */
export const diskSetups = { [coldSetup]: buildColdDatabases };

const storedCount = 10_000;
/** Sizes barely move between rounds; two rounds show whether the estimate is stable. */
const storageRounds = 2;

/** Storage used per event, from `navigator.storage.estimate()` deltas in an empty profile. */
export function storageCases(): PageCase[] {
  const variants: Variant[] = ['ours', 'raw', 'dexie'];
  const plain = variants.map((variant): PageCase => ({
    id: `storage.${variant}`,
    group: 'storage',
    param: `${storedCount.toLocaleString('en-US')} events, 100/call`,
    label: variantLabels[variant],
    isolation: 'fresh-browser',
    maxRounds: storageRounds,
    ...(variant === 'raw' ? {} : { baselines: { raw: 'storage.raw' } }),
    run: () => storageUsed(variant, false),
  }));
  const missing = mapperMissing();
  const mapped: PageCase = {
    id: 'storage.ours-mapper',
    group: 'storage',
    param: `${storedCount.toLocaleString('en-US')} events, 100/call`,
    label: 'ours + full mapper (JSON, zlib, AES-GCM)',
    isolation: 'fresh-browser',
    maxRounds: storageRounds,
    baselines: { raw: 'storage.raw' },
    ...(missing === undefined
      ? { run: () => storageUsed('ours', true) }
      : { unavailable: missing }),
  };
  return [...plain, mapped];
}

async function storageUsed(variant: Variant, mapped: boolean): Promise<Measured> {
  const name = uniqueName(`storage-${variant}`);
  const before = await usage();
  const events = dogEvents(aggregateIds(), storedCount);
  if (mapped) {
    const recorder = await IndexedDBProcessRecorder.open({ name });
    const write = domainWriter(await createMapper({ compress: true, encrypt: true }), recorder);
    for (const call of chunks(events, 100)) await write(call);
    await recorder.close();
  } else {
    const store = await openStore(variant, name);
    for (const call of chunks(events.map(toStored), 100)) await store.insert(call);
    await store.close();
  }
  // The quota manager learns of new usage asynchronously; give it a moment.
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  const after = await usage();
  return { metrics: [lower('bytes/event', (after - before) / storedCount)] };
}

async function usage(): Promise<number> {
  const estimate = await navigator.storage.estimate();
  return estimate.usage ?? NaN;
}
