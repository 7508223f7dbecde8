import { higher, lower, type Measured, type PageCase } from '../harness/page.js';
import { aggregateIds, chunks, storedEvents, uniqueName } from './events.js';
import { openStore, variantLabels, variantMissing, type Store, type Variant } from './stores.js';

/** The read fixture: 10,000 events over 10 aggregates, in three layouts. */
interface ReadFixture {
  readonly ids: readonly string[];
  /** Database per variant: ours, the raw baseline and the worker read the same one. */
  readonly databases: Readonly<Record<Variant, string>>;
}

const fixtureEvents = 10_000;
const warmCalls = 3;
const timedCalls = 15;
const readSize = 1_000;
const readFrom = 5_001;
const pageSize = 500;

let fixture: Promise<ReadFixture> | undefined;

/**
 * Built once per page (so once per round), outside any timing: our recorder writes the
 * database that ours, the raw baseline and the worker all read; Dexie and the batch layout
 * (batches of 100) get their own with the same events.
 */
function readFixture(): Promise<ReadFixture> {
  fixture ??= (async () => {
    const ids = aggregateIds();
    const events = storedEvents(ids, fixtureEvents);
    const write = async (variant: Variant, perCall: number) => {
      const name = uniqueName(`reads-${variant}`);
      const store = await openStore(variant, name);
      for (const call of chunks(events, perCall)) await store.insert(call);
      await store.close();
      return name;
    };
    const ours = await write('ours', 1_000);
    const dexie = await write('dexie', 1_000);
    const layout = await write('layout', 100);
    return {
      ids,
      databases: {
        ours,
        'ours-default': ours,
        worker: ours,
        raw: ours,
        dexie,
        layout,
        'layout-bare': layout,
      },
    };
  })();
  return fixture;
}

/** Runs `body` on `variant`'s fixture database, leaving the data in place. */
async function onFixture<T>(
  variant: Variant,
  body: (store: Store, f: ReadFixture) => Promise<T>,
): Promise<T> {
  const f = await readFixture();
  const store = await openStore(variant, f.databases[variant]);
  try {
    return await body(store, f);
  } finally {
    await store.close();
  }
}

/** The median time of a read after warm-up calls; `check` validates every result. */
async function timeRead<T>(read: () => Promise<T>, check: (result: T) => void): Promise<Measured> {
  for (let i = 0; i < warmCalls; i++) check(await read());
  const times: number[] = [];
  for (let i = 0; i < timedCalls; i++) {
    const started = performance.now();
    const result = await read();
    times.push(performance.now() - started);
    check(result);
  }
  times.sort((a, b) => a - b);
  return { metrics: [lower('ms/read', times[Math.floor(times.length / 2)] ?? NaN)] };
}

const readVariants: Variant[] = ['ours', 'worker', 'raw', 'dexie', 'layout'];

function readCase(
  kind: 'aggregate' | 'notifications',
  param: string,
  variant: Variant,
  run: () => Promise<Measured>,
): PageCase {
  const missing = variantMissing(variant);
  const id = (v: Variant) => `read-${kind}.${v}`;
  return {
    id: id(variant),
    group: `read-${kind}`,
    param,
    label: variantLabels[variant],
    ...(variant === 'raw' || variant === 'dexie'
      ? {}
      : { baselines: { 'raw getAll': id('raw'), Dexie: id('dexie') } }),
    ...(missing === undefined ? { run } : { unavailable: missing }),
  };
}

/** Loading one aggregate of 1,000 events, and 1,000 notifications from id 5,001. */
export function readCases(): PageCase[] {
  const aggregate = readVariants.map((variant) =>
    readCase('aggregate', '1,000 events of 1 aggregate, among 10,000', variant, () =>
      onFixture(variant, (store, f) => {
        const id = f.ids[3] ?? '';
        return timeRead(
          () => store.selectEvents(id),
          (events) => {
            const wrong = events.some((e, i) => e.originatorId !== id || e.originatorVersion !== i);
            if (events.length !== readSize || wrong) throw new Error('Wrong aggregate read.');
          },
        );
      }),
    ),
  );
  const notifications = readVariants.map((variant) =>
    readCase(
      'notifications',
      `1,000 notifications from id ${readFrom.toLocaleString('en-US')}`,
      variant,
      () =>
        onFixture(variant, (store) =>
          timeRead(
            () => store.selectNotifications(readFrom, readSize),
            (rows) => {
              if (rows.length !== readSize || rows[0]?.id !== readFrom) {
                throw new Error('Wrong notifications read.');
              }
            },
          ),
        ),
    ),
  );
  return [...aggregate, ...notifications];
}

/**
 * A stand-in for a projection catching up (until the projection API exists): read
 * notifications in pages of 500, decode each state, fold them into a count per aggregate,
 * and record tracking once per page.
 */
export function projectionCases(): PageCase[] {
  const variants: Variant[] = ['ours', 'worker', 'raw', 'dexie'];
  return variants.map((variant): PageCase => {
    const missing = variantMissing(variant);
    return {
      id: `projection.${variant}`,
      group: 'projection',
      param: `catch up on ${fixtureEvents.toLocaleString('en-US')} events, pages of ${pageSize}`,
      label: variantLabels[variant],
      ...(variant === 'raw' || variant === 'dexie'
        ? {}
        : { baselines: { raw: 'projection.raw', Dexie: 'projection.dexie' } }),
      ...(missing === undefined
        ? { run: () => onFixture(variant, catchUp) }
        : { unavailable: missing }),
    };
  });
}

async function catchUp(store: Store): Promise<Measured> {
  const applicationName = uniqueName('projection');
  const decoder = new TextDecoder();
  const counts = new Map<string, number>();
  let processed = 0;
  const started = performance.now();
  for (let next = 1; ;) {
    const page = await store.selectNotifications(next, pageSize);
    for (const n of page) {
      const state = JSON.parse(decoder.decode(n.state)) as { originator_id: string };
      counts.set(state.originator_id, (counts.get(state.originator_id) ?? 0) + 1);
    }
    processed += page.length;
    const last = page.at(-1)?.id;
    if (last === undefined) break;
    await store.track(applicationName, last);
    if (page.length < pageSize) break;
    next = last + 1;
  }
  const ms = performance.now() - started;
  if (processed !== fixtureEvents) throw new Error(`Processed ${processed} of ${fixtureEvents}.`);
  return { metrics: [higher('events/s', (processed / ms) * 1000), lower('ms', ms, false)] };
}
