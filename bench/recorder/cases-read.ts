import { higher, lower, type Measured, type PageCase } from '../harness/page.js';
import { uniqueName } from './events.js';
import { fixtureEvents, onFixture, type FixtureName } from './read-fixtures.js';
import { variantLabels, variantMissing, type Store, type Variant } from './stores.js';

const warmCalls = 3;
const timedCalls = 15;
const readSize = 1_000;
const pageSize = 500;

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

/** The reads measured on one fixture. */
interface ReadScenario {
  readonly fixture: FixtureName;
  /** Inserted into the case ids, after the group: `read-aggregate${idPart}.ours`. */
  readonly idPart: string;
  /** Appended to each row's parameter. */
  readonly paramSuffix: string;
  readonly variants: readonly Variant[];
  /** Which fixture aggregate to load (every one holds 1,000 events). */
  readonly aggregate: number;
  readonly readFrom: number;
}

const scenarios: readonly ReadScenario[] = [
  {
    fixture: 'interleaved',
    idPart: '',
    paramSuffix: '',
    variants: ['ours', 'worker', 'raw', 'dexie'],
    aggregate: 3,
    readFrom: 5_001,
  },
  {
    fixture: 'one-per-call',
    idPart: '.one-per-call',
    paramSuffix: ', written 1 event per call',
    variants: ['ours', 'raw'],
    aggregate: 1,
    readFrom: 501,
  },
];

function readCase(
  kind: 'aggregate' | 'notifications',
  scenario: ReadScenario,
  param: string,
  variant: Variant,
  run: () => Promise<Measured>,
): PageCase {
  const missing = variantMissing(variant);
  const id = (v: Variant) => `read-${kind}${scenario.idPart}.${v}`;
  const raw = { 'raw getAll': id('raw') };
  // A Dexie column only where the scenario measures Dexie.
  const baselines = scenario.variants.includes('dexie') ? { ...raw, Dexie: id('dexie') } : raw;
  return {
    id: id(variant),
    group: `read-${kind}`,
    param: param + scenario.paramSuffix,
    label: variantLabels[variant],
    ...(variant === 'raw' || variant === 'dexie' ? {} : { baselines }),
    ...(missing === undefined ? { run } : { unavailable: missing }),
  };
}

function aggregateCase(scenario: ReadScenario, variant: Variant): PageCase {
  const total = fixtureEvents(scenario.fixture).toLocaleString('en-US');
  const param = `1,000 events of 1 aggregate, among ${total}`;
  return readCase('aggregate', scenario, param, variant, () =>
    onFixture(scenario.fixture, variant, (store, f) => {
      const id = f.ids[scenario.aggregate] ?? '';
      return timeRead(
        () => store.selectEvents(id),
        (events) => {
          const wrong = events.some((e, i) => e.originatorId !== id || e.originatorVersion !== i);
          if (events.length !== readSize || wrong) throw new Error('Wrong aggregate read.');
        },
      );
    }),
  );
}

function notificationsCase(scenario: ReadScenario, variant: Variant): PageCase {
  const { readFrom } = scenario;
  const param = `1,000 notifications from id ${readFrom.toLocaleString('en-US')}`;
  return readCase('notifications', scenario, param, variant, () =>
    onFixture(scenario.fixture, variant, (store) =>
      timeRead(
        () => store.selectNotifications(readFrom, readSize),
        (rows) => {
          const last = readFrom + readSize - 1;
          if (rows.length !== readSize || rows[0]?.id !== readFrom || rows.at(-1)?.id !== last) {
            throw new Error('Wrong notifications read.');
          }
        },
      ),
    ),
  );
}

/**
 * Loading one aggregate of 1,000 events, and 1,000 notifications: on 10,000 events written
 * 1,000 per call, and on our layout's worst case, 2,000 events written one per call.
 */
export function readCases(): PageCase[] {
  const cases = (make: (s: ReadScenario, v: Variant) => PageCase) =>
    scenarios.flatMap((s) => s.variants.map((v) => make(s, v)));
  return [...cases(aggregateCase), ...cases(notificationsCase)];
}

/**
 * A stand-in for a projection catching up (until the projection API exists): read
 * notifications in pages of 500, decode each state, fold them into a count per aggregate,
 * and record tracking once per page.
 */
export function projectionCases(): PageCase[] {
  const variants: Variant[] = ['ours', 'worker', 'raw', 'dexie'];
  const total = fixtureEvents('interleaved');
  return variants.map((variant): PageCase => {
    const missing = variantMissing(variant);
    return {
      id: `projection.${variant}`,
      group: 'projection',
      param: `catch up on ${total.toLocaleString('en-US')} events, pages of ${pageSize}`,
      label: variantLabels[variant],
      ...(variant === 'raw' || variant === 'dexie'
        ? {}
        : { baselines: { raw: 'projection.raw', Dexie: 'projection.dexie' } }),
      ...(missing === undefined
        ? { run: () => onFixture('interleaved', variant, catchUp) }
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
  const total = fixtureEvents('interleaved');
  if (processed !== total) throw new Error(`Processed ${processed} of ${total}.`);
  return { metrics: [higher('events/s', (processed / ms) * 1000), lower('ms', ms, false)] };
}
