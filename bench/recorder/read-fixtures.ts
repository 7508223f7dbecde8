import type { Durability } from '../../src/index.js';
import { aggregateIds, chunks, storedEvents, uniqueName } from './events.js';
import { expectCount, openStore, type Store, type Variant } from './stores.js';

/** How a read fixture is written: which events, how many per call, and by which writers. */
interface FixtureSpec {
  readonly events: number;
  readonly aggregates: number;
  readonly perCall: number;
  readonly durability: Durability;
  readonly writers: readonly Variant[];
}

/** The fixtures the read cases run on. */
export type FixtureName = 'interleaved' | 'one-per-call';

const specs: Readonly<Record<FixtureName, FixtureSpec>> = {
  // The common case: 10 aggregates interleaved, written in calls of 1,000.
  interleaved: {
    events: 10_000,
    aggregates: 10,
    perCall: 1_000,
    durability: 'strict',
    writers: ['ours', 'raw', 'dexie'],
  },
  // Our layout's worst case: one awaited call per event, so every segment holds one event.
  // `relaxed` only shortens the build (2,000 transactions); the records stored are the same.
  'one-per-call': {
    events: 2_000,
    aggregates: 2,
    perCall: 1,
    durability: 'relaxed',
    writers: ['ours', 'raw'],
  },
};

/** A fixture as written: its aggregate ids and the database each variant reads. */
export interface ReadFixture {
  readonly ids: readonly string[];
  /** Every writer reads its own database (the layouts differ); the worker reads ours. */
  readonly databases: Readonly<Partial<Record<Variant, string>>>;
}

/** Events in fixture `name`. */
export function fixtureEvents(name: FixtureName): number {
  return specs[name].events;
}

const built = new Map<FixtureName, Promise<ReadFixture>>();

/**
 * Builds fixture `name` once per page (so once per round), outside any timing, on first use:
 * every writer writes the same events in calls of the same size to a database of its own.
 */
function readFixture(name: FixtureName): Promise<ReadFixture> {
  let fixture = built.get(name);
  if (fixture === undefined) {
    fixture = write(specs[name]);
    built.set(name, fixture);
  }
  return fixture;
}

async function write(spec: FixtureSpec): Promise<ReadFixture> {
  const ids = aggregateIds(spec.aggregates);
  const events = storedEvents(ids, spec.events);
  const databases: Partial<Record<Variant, string>> = {};
  for (const writer of spec.writers) {
    const name = uniqueName(`reads-${writer}`);
    const store = await openStore(writer, name, spec.durability);
    try {
      for (const call of chunks(events, spec.perCall)) await store.insert(call);
      await expectCount(store, spec.events);
    } finally {
      await store.close();
    }
    databases[writer] = name;
  }
  const ours = databases.ours;
  return { ids, databases: ours === undefined ? databases : { ...databases, worker: ours } };
}

/** Runs `body` on `variant`'s database of fixture `name`, leaving the data in place. */
export async function onFixture<T>(
  name: FixtureName,
  variant: Variant,
  body: (store: Store, f: ReadFixture) => Promise<T>,
): Promise<T> {
  const f = await readFixture(name);
  const database = f.databases[variant];
  if (database === undefined) throw new Error(`Fixture ${name} has no database for ${variant}.`);
  const store = await openStore(variant, database);
  try {
    return await body(store, f);
  } finally {
    await store.close();
  }
}
