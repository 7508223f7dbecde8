import { type BenchCase, appendCases, freshEvents, transferCases } from './cases.js';

// The page the driver (worker.bench.ts) opens: it runs one case at a time on request.

const cases = new Map<string, BenchCase>(
  [...appendCases, ...transferCases].map((c) => [c.name, c]),
);

/**
 * Runs timed operations (after one untimed warm-up) on a fresh database: `reps` of them, or
 * more for a cheap case, so that each case gets about 100 ms of samples per round.
 */
async function runCase(name: string, reps: number): Promise<number[]> {
  const benchCase = cases.get(name);
  if (benchCase === undefined) throw new Error(`No case named ${name}.`);
  const database = `bench-${crypto.randomUUID()}`;
  const target = await benchCase.setup(database);
  try {
    const warmUp = performance.now();
    await target.op(freshEvents());
    const count = Math.min(200, Math.max(reps, Math.ceil(100 / (performance.now() - warmUp))));
    const times: number[] = [];
    for (let rep = 0; rep < count; rep++) {
      const events = freshEvents();
      const start = performance.now();
      await target.op(events);
      times.push(performance.now() - start);
    }
    return times;
  } finally {
    await target.close();
    indexedDB.deleteDatabase(database);
  }
}

/** What the driver calls through `page.evaluate`. */
export interface WorkerBenchPage {
  readonly appendCases: string[];
  readonly transferCases: string[];
  runCase(name: string, reps: number): Promise<number[]>;
}

const api: WorkerBenchPage = {
  appendCases: appendCases.map((c) => c.name),
  transferCases: transferCases.map((c) => c.name),
  runCase,
};
(globalThis as unknown as { workerBench: WorkerBenchPage }).workerBench = api;
document.title = 'ready';
