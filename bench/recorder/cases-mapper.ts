import { IndexedDBProcessRecorder } from '../../src/index.js';
import { deleteDatabase, higher, lower, type Measured, type PageCase } from '../harness/page.js';
import { aggregateIds, chunks, dogEvents, toStored, uniqueName, type DogEvent } from './events.js';
import {
  createMapper,
  domainWriter,
  mapperMissing,
  type MapperLike,
  type MapperStages,
} from './layers.js';

const perCall = 100;
const total = 5_000;

/** The mapper stages measured, each against the recorder alone. */
const stages: readonly (readonly [id: string, label: string, stages: MapperStages])[] = [
  ['json', 'mapper: JSON transcoder only', { compress: false, encrypt: false }],
  ['zlib', 'mapper: JSON + zlib', { compress: true, encrypt: false }],
  ['aes', 'mapper: JSON + AES-GCM', { compress: false, encrypt: true }],
  ['full', 'full mapper: JSON + zlib + AES-GCM', { compress: true, encrypt: true }],
];

/** Writes call `i` of the 50 prepared calls; built before the clock starts. */
type CallWriter = (i: number) => Promise<unknown>;

/** Writing domain events at 100 per call with the mapper off (states ready) and on. */
export function mapperCases(): PageCase[] {
  const param = `${perCall} events/call (${total.toLocaleString('en-US')} events)`;
  const off: PageCase = {
    id: 'mapper.off',
    group: 'mapper',
    param,
    label: 'no mapper: recorder alone, states already serialised (200 B)',
    run: () =>
      timedWrites(async (recorder, calls) => {
        const ready = calls.map((call) => call.map(toStored));
        await Promise.resolve();
        return {
          write: (i) => recorder.insertEvents(ready[i] ?? []),
          stateBytes: 200,
          mappingUs: 0,
        };
      }),
  };
  const missing = mapperMissing();
  const on = stages.map(([id, label, chosen]): PageCase => ({
    id: `mapper.${id}`,
    group: 'mapper',
    param,
    label,
    baselines: { 'no mapper': 'mapper.off' },
    ...(missing === undefined
      ? {
          run: () =>
            timedWrites(async (recorder, calls) => {
              const mapper = await createMapper(chosen);
              const write = domainWriter(mapper, recorder);
              const { stateBytes, mappingUs } = await mappingCost(mapper);
              return { write: (i) => write(calls[i] ?? []), stateBytes, mappingUs };
            }),
        }
      : { unavailable: missing }),
  }));
  return [off, ...on];
}

const mappingSample = 1_000;

/**
 * The mapper's own cost, without IndexedDB: 1,000 events mapped one after another as
 * `EventStore.put` maps them. CPU-bound and short, so steadier than the end-to-end ratio.
 */
async function mappingCost(mapper: MapperLike): Promise<{ stateBytes: number; mappingUs: number }> {
  const events = dogEvents(aggregateIds(), mappingSample);
  let stateBytes = 0;
  const started = performance.now();
  for (const event of events) stateBytes = (await mapper.toStoredEvent(event)).state.byteLength;
  return { stateBytes, mappingUs: ((performance.now() - started) * 1000) / mappingSample };
}

/** Writes 5,000 domain events in calls of 100 through the writer `prepare` builds; times it. */
async function timedWrites(
  prepare: (
    recorder: IndexedDBProcessRecorder,
    calls: readonly DogEvent[][],
  ) => Promise<{ write: CallWriter; stateBytes: number; mappingUs: number }>,
): Promise<Measured> {
  const name = uniqueName('mapper');
  const recorder = await IndexedDBProcessRecorder.open({ name });
  try {
    const calls = chunks(dogEvents(aggregateIds(), total), perCall);
    const { write, stateBytes, mappingUs } = await prepare(recorder, calls);
    const started = performance.now();
    for (let i = 0; i < calls.length; i++) await write(i);
    const ms = performance.now() - started;
    const stored = await recorder.maxNotificationId();
    if (stored !== total) throw new Error(`Stored ${stored} of ${total} events.`);
    return {
      metrics: [
        higher('events/s', (total / ms) * 1000),
        lower('state bytes', stateBytes),
        lower('mapping µs/event', mappingUs, false),
      ],
    };
  } finally {
    await recorder.close();
    await deleteDatabase(name);
  }
}
