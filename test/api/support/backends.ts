/**
 * The recorders every API suite runs against, as the recorder contract suites do: the
 * in-memory recorder and the IndexedDB recorder (fake-indexeddb in Node, the real engine in
 * a browser). A suite is a function of a `Backend`; `forEachBackend` runs it on each.
 */
import { afterEach, describe } from 'vitest';
import { JSONTranscoder } from '../../../src/mapper/json-transcoder.js';
import { Mapper } from '../../../src/mapper/mapper.js';
import { InMemoryProcessRecorder } from '../../../src/recorders/in-memory.js';
import { IndexedDBProcessRecorder } from '../../../src/recorders/indexeddb/index.js';
import { eventStoreStores } from '../../../src/streams/event-store-stores.js';
import { StreamStore } from '../../../src/streams/stream-store.js';
import type { EventStoreRecorder, RecordStores } from '../../../src/types.js';
import { engineName, testIndexedDB, uniqueDatabaseName } from '../../support/engine.js';
import { readModelStores } from './read-models.js';

/** Every record store the API tests use: the store APIs' own and the test read models. */
export const testStores = {
  ...eventStoreStores,
  ...readModelStores,
} as const satisfies RecordStores;

/** One database: open recorders on it as tabs would, each sharing what the others recorded. */
export interface TestDatabase {
  /** A recorder on this database (IndexedDB: a new connection; in memory: the one heap). */
  open(): Promise<EventStoreRecorder>;
  /**
   * A page reload: closes `recorder` and opens the database again. In memory nothing survives
   * a real reload, so there the same recorder is handed back (a resumed follower in the same page).
   */
  reload(recorder: EventStoreRecorder): Promise<EventStoreRecorder>;
  /** Whether `reload` really reopens (IndexedDB). */
  readonly persistent: boolean;
}

/** A recorder implementation the suites run against. */
export interface Backend {
  readonly name: string;
  /** A fresh, empty database with `stores` (default: {@link testStores}). */
  database(stores?: RecordStores): TestDatabase;
}

const opened: EventStoreRecorder[] = [];

function tracked(recorder: EventStoreRecorder): EventStoreRecorder {
  opened.push(recorder);
  return recorder;
}

const inMemory: Backend = {
  name: 'InMemoryProcessRecorder',
  database(stores = testStores) {
    const recorder = tracked(new InMemoryProcessRecorder({ stores }));
    return {
      open: () => Promise.resolve(recorder),
      reload: (r) => Promise.resolve(r),
      persistent: false,
    };
  },
};

const indexedDB: Backend = {
  name: `IndexedDBProcessRecorder on ${engineName}`,
  database(stores = testStores) {
    const options = { name: uniqueDatabaseName('api'), indexedDB: testIndexedDB(), stores };
    const open = async () => tracked(await IndexedDBProcessRecorder.open(options));
    return {
      open,
      reload: async (r) => {
        await r.close();
        return open();
      },
      persistent: true,
    };
  },
};

/** The backends every suite runs against. */
export const backends: readonly Backend[] = [inMemory, indexedDB];

/** Runs `suite` once per backend, closing every recorder it opened after each case. */
export function forEachBackend(title: string, suite: (backend: Backend) => void): void {
  for (const backend of backends) {
    describe(`${title} on ${backend.name}`, () => {
      afterEach(async () => {
        await Promise.all(opened.splice(0).map((r) => r.close()));
      });
      suite(backend);
    });
  }
}

/** A plain JSON mapper. */
export function testMapper(): Mapper {
  return new Mapper({ transcoder: new JSONTranscoder() });
}

/** A recorder on a fresh database, its mapper and a stream store over both. */
export async function openStore(backend: Backend): Promise<{
  recorder: EventStoreRecorder;
  mapper: Mapper;
  store: StreamStore;
  database: TestDatabase;
}> {
  const database = backend.database();
  const recorder = await database.open();
  const mapper = testMapper();
  return { recorder, mapper, store: new StreamStore({ recorder, mapper }), database };
}

/** Collects everything an async iterable yields. */
export async function collectAll<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of iterable) all.push(item);
  return all;
}
