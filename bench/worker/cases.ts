import * as Comlink from 'comlink';
import { IndexedDBProcessRecorder } from '../../src/recorders/indexeddb/index.js';
import type { ProcessRecorder, StoredEvent } from '../../src/types.js';
import { Connection } from '../../src/worker/connection.js';
import { openWorkerRecorder } from '../../src/worker/open-worker-recorder.js';
import { RemoteRecorder } from '../../src/worker/remote-recorder.js';
import { openRaw, writeBatch, writeEach } from './raw-idb.js';
import type { rawApi } from './raw-idb-worker.js';

/** What one case measures: `op` runs once per repetition on a target that `setup` made. */
export interface BenchCase {
  readonly name: string;
  setup(database: string): Promise<Target>;
}

/** A prepared target: one operation on 100 fresh events, and how to let go of it. */
export interface Target {
  op(events: StoredEvent[]): Promise<unknown>;
  close(): Promise<void>;
}

/** One call with all the events, or one concurrent call per event, all awaited together. */
function recorderTarget(recorder: ProcessRecorder, calls: 'one' | 'each'): Target {
  return {
    op: (events) =>
      calls === 'one'
        ? recorder.insertEvents(events)
        : Promise.all(events.map((event) => recorder.insertEvents([event]))),
    close: () => recorder.close(),
  };
}

/** Reads back 100 notifications written at setup: the answer carries the states. */
async function selectTarget(recorder: ProcessRecorder, events: StoredEvent[]): Promise<Target> {
  await recorder.insertEvents(events);
  return { op: () => recorder.selectNotifications(1, 100), close: () => recorder.close() };
}

/** A recorder over the bench worker, with states crossing as `how` says, both ways. */
function benchRecorder(database: string, how: 'clone' | 'transfer'): Promise<ProcessRecorder> {
  const worker = new Worker(new URL('./bench-worker.ts', import.meta.url), {
    type: 'module',
    name: how,
  });
  const recorder = new RemoteRecorder({
    start: () => ({
      connection: new Connection(worker, {
        livenessTimeoutMs: 10_000,
        database: { name: database },
      }),
      dispose: () => {
        worker.terminate();
      },
    }),
    restart: false,
    states: how,
  });
  return recorder.ready.then(() => recorder);
}

function rawMain(mode: 'batch' | 'concurrent' | 'sequential'): BenchCase['setup'] {
  return async (database) => {
    const db = await openRaw(database);
    return {
      op: (events) => (mode === 'batch' ? writeBatch(db, events) : writeEach(db, events, mode)),
      close: () => {
        db.close();
        return Promise.resolve();
      },
    };
  };
}

function rawWorker(mode: 'batch' | 'concurrent' | 'sequential'): BenchCase['setup'] {
  return async (database) => {
    const worker = new Worker(new URL('./raw-idb-worker.ts', import.meta.url), { type: 'module' });
    const raw = Comlink.wrap<typeof rawApi>(worker);
    await raw.open(database);
    return {
      op: (events) =>
        mode === 'batch' ? raw.batch(database, events) : raw.each(database, events, mode),
      close: () => {
        worker.terminate();
        return Promise.resolve();
      },
    };
  };
}

const viaWorker = (name: string) => openWorkerRecorder({ name, shared: false });
const onMain = (name: string) => IndexedDBProcessRecorder.open({ name });

/** Appending 100 events: the group-commit and worker-overhead cases. */
export const appendCases: readonly BenchCase[] = [
  {
    name: 'worker: 1 call × 100 events',
    setup: async (d) => recorderTarget(await viaWorker(d), 'one'),
  },
  {
    name: 'worker: 100 concurrent calls × 1 event',
    setup: async (d) => recorderTarget(await viaWorker(d), 'each'),
  },
  {
    name: 'main thread: 1 call × 100 events',
    setup: async (d) => recorderTarget(await onMain(d), 'one'),
  },
  {
    name: 'main thread: 100 concurrent calls × 1 event',
    setup: async (d) => recorderTarget(await onMain(d), 'each'),
  },
  {
    name: 'worker, in-memory recorder (messaging only): 1 call × 100 events',
    setup: async (d) => recorderTarget(await benchRecorder(`mem:${d}`, 'clone'), 'one'),
  },
  {
    name: 'worker, in-memory recorder (messaging only): 100 concurrent calls × 1 event',
    setup: async (d) => recorderTarget(await benchRecorder(`mem:${d}`, 'clone'), 'each'),
  },
  { name: 'raw IDB, main thread: 1 txn × 100 events', setup: rawMain('batch') },
  { name: 'raw IDB, main thread: 100 concurrent txns × 1 event', setup: rawMain('concurrent') },
  { name: 'raw IDB, main thread: 100 sequential txns × 1 event', setup: rawMain('sequential') },
  { name: 'raw IDB, in a worker: 1 txn × 100 events', setup: rawWorker('batch') },
  { name: 'raw IDB, in a worker: 100 concurrent txns × 1 event', setup: rawWorker('concurrent') },
  { name: 'raw IDB, in a worker: 100 sequential txns × 1 event', setup: rawWorker('sequential') },
];

/** States cloned or transferred, in-memory (messaging only) and on IndexedDB. */
export const transferCases: readonly BenchCase[] = (['mem:', ''] as const).flatMap((prefix) => {
  const where = prefix === '' ? 'IndexedDB' : 'in-memory';
  return (['clone', 'transfer'] as const).flatMap((how): BenchCase[] => {
    const done = how === 'clone' ? 'cloned' : 'transferred';
    return [
      {
        name: `${where} worker: insert 1 call × 100 events, states ${done}`,
        setup: async (d) => recorderTarget(await benchRecorder(prefix + d, how), 'one'),
      },
      {
        name: `${where} worker: select 100 notifications, answer ${done}`,
        setup: async (d) => selectTarget(await benchRecorder(prefix + d, how), freshEvents()),
      },
    ];
  });
});

/** 100 events of 100 aggregates, each state a ~200-byte JSON document. */
export function freshEvents(): StoredEvent[] {
  const encoder = new TextEncoder();
  return Array.from({ length: 100 }, (_, i) => {
    const originatorId = crypto.randomUUID();
    const state = {
      originatorId,
      amount: i * 100,
      note: 'x'.repeat(120),
      at: new Date().toISOString(),
    };
    return {
      originatorId,
      originatorVersion: 0,
      topic: 'bench:Appended',
      state: encoder.encode(JSON.stringify(state)),
    };
  });
}
