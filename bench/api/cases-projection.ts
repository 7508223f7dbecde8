/** A projection catching up on 10,000 events, against raw getAll and a hand-written projection. */
import { higher, lower, type Measured, type PageCase } from '../harness/page.js';
import { ProjectionRunner, type Projection } from '../../src/index.js';
import { benchMapper, logEvents, logFixture, openRecorder, type BenchEvent } from './fixtures.js';
import { openRaw, rawAll, rawProjection } from './raw.js';

const param = `catch up on ${logEvents.toLocaleString('en-US')} events`;
const runs = { warm: 1, timed: 3 };

/** Lines and totals per stream, under a fresh `run` key so that every run starts empty. */
function countLines(run: string): Projection<BenchEvent> {
  return {
    name: run,
    stores: { counts: { keyPath: ['run', 'stream'] } },
    async handle({ streamId, event }, view) {
      const key = [run, streamId];
      const row = (await view.get('counts', key)) ?? { run, stream: streamId, lines: 0, total: 0 };
      const lines = Number(row.lines) + (event.topic === 'Bench.LineAdded' ? 1 : 0);
      const total = Number(row.total) + (event.topic === 'Bench.LineAdded' ? event.amount : 0);
      view.put('counts', { ...row, lines, total });
    },
  };
}

/** Times `once` (which resolves to the events it processed): median of 3 after 1 warm. */
async function timeRuns(once: () => Promise<number>): Promise<Measured> {
  for (let i = 0; i < runs.warm; i++) await once();
  const times: number[] = [];
  for (let i = 0; i < runs.timed; i++) {
    const started = performance.now();
    const processed = await once();
    times.push(performance.now() - started);
    if (processed !== logEvents) throw new Error(`Processed ${processed} of ${logEvents}.`);
  }
  times.sort((a, b) => a - b);
  const ms = times[1] ?? NaN;
  return { metrics: [lower('ms', ms), higher('events/s', (logEvents / ms) * 1000, false)] };
}

async function ours(batchSize: number): Promise<Measured> {
  const recorder = await openRecorder((await logFixture()).name);
  try {
    return await timeRuns(async () => {
      const projection = countLines(`run-${crypto.randomUUID()}`);
      const runner = new ProjectionRunner({
        recorder,
        mapper: benchMapper(),
        projection,
        batchSize,
      });
      return runner.catchUp();
    });
  } finally {
    await recorder.close();
  }
}

async function raw(body: (db: IDBDatabase) => Promise<number>): Promise<Measured> {
  const db = await openRaw((await logFixture()).rawName);
  try {
    return await timeRuns(() => body(db));
  } finally {
    db.close();
  }
}

function projectionCase(
  id: string,
  label: string,
  run: () => Promise<Measured>,
  baselines?: Readonly<Record<string, string>>,
): PageCase {
  return { id, group: 'projection', param, label, run, ...(baselines ? { baselines } : {}) };
}

/** The projection cases. */
export function projectionCases(): PageCase[] {
  const baselines = {
    'raw getAll': 'projection.raw-getall',
    'raw projection': 'projection.raw-projection',
  };
  return [
    projectionCase(
      'projection.raw-getall',
      'raw IndexedDB: one getAll of every event (no decoding, no writes)',
      () => raw(async (db) => (await rawAll(db)).length),
    ),
    projectionCase(
      'projection.raw-projection',
      'raw IndexedDB projection: getAll pages of 100, JSON decode, one read-write transaction per page',
      () => raw((db) => rawProjection(db, `raw-${crypto.randomUUID()}`, 100)),
    ),
    projectionCase(
      'projection.ours-100',
      'ours: ProjectionRunner, batchSize 100',
      () => ours(100),
      baselines,
    ),
    projectionCase(
      'projection.ours-500',
      'ours: ProjectionRunner, batchSize 500',
      () => ours(500),
      baselines,
    ),
  ];
}
