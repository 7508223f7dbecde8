import * as library from '../../src/index.js';
import type { ApplicationRecorder, ProcessRecorder, StoredEvent } from '../../src/index.js';
import type { DogEvent } from './events.js';

/*
 * The mapper (src/mapper) and the worker layer (src/worker) are written alongside this
 * suite. They are looked up by their contract names in the public entry at run time, so the
 * suite builds from any commit: a layer that has not landed shows as "not yet measured".
 */

const exports = library as unknown as Readonly<Record<string, unknown>>;

/** A mapper as CONTRACT.md defines it, reduced to what the suite calls. */
export interface MapperLike {
  toStoredEvent(domainEvent: DogEvent): Promise<StoredEvent>;
}

/** Which mapper stages to build. */
export interface MapperStages {
  readonly compress: boolean;
  readonly encrypt: boolean;
}

/** Writes domain events through a mapper into a recorder (EventStore when it is exported). */
export type DomainWriter = (events: readonly DogEvent[]) => Promise<unknown>;

/** Why the mapper cannot be measured, or undefined when it can. */
export function mapperMissing(): string | undefined {
  const missing = ['Mapper', 'JSONTranscoder', 'ZlibCompressor', 'AESCipher'].filter(
    (name) => typeof exports[name] !== 'function',
  );
  return missing.length === 0
    ? undefined
    : `src/mapper has not landed in src/index.ts (missing ${missing.join(', ')})`;
}

/** Builds a mapper with the JSON transcoder and the chosen stages (AES-256 with a new key). */
export async function createMapper({ compress, encrypt }: MapperStages): Promise<MapperLike> {
  type Ctor = new (options?: unknown) => unknown;
  const Mapper = exports.Mapper as new (options: unknown) => MapperLike;
  const transcoder = new (exports.JSONTranscoder as Ctor)();
  const compressor = compress ? new (exports.ZlibCompressor as Ctor)() : undefined;
  const AESCipher = exports.AESCipher as {
    createKey(): string;
    fromKey(key: string): Promise<unknown>;
  };
  const cipher = encrypt ? await AESCipher.fromKey(AESCipher.createKey()) : undefined;
  return new Mapper({
    transcoder,
    ...(compressor === undefined ? {} : { compressor }),
    ...(cipher === undefined ? {} : { cipher }),
  });
}

/**
 * How an application writes domain events: `EventStore.put` when it is exported (it maps,
 * then makes one recorder call), else the same by hand: map each event in order, then insert.
 */
export function domainWriter(mapper: MapperLike, recorder: ApplicationRecorder): DomainWriter {
  const EventStore = exports.EventStore;
  if (typeof EventStore === 'function') {
    const store = new (
      EventStore as new (o: unknown) => { put(e: readonly DogEvent[]): Promise<unknown> }
    )({
      mapper,
      recorder,
    });
    return (events) => store.put(events);
  }
  return async (events) => {
    const stored: StoredEvent[] = [];
    for (const event of events) stored.push(await mapper.toStoredEvent(event));
    return recorder.insertEvents(stored);
  };
}

/** Why the worker layer cannot be measured, or undefined when it can. */
export function workerMissing(): string | undefined {
  return typeof exports.openWorkerRecorder === 'function'
    ? undefined
    : 'src/worker has not landed in src/index.ts (no openWorkerRecorder export)';
}

/** Opens the recorder of `name` in a dedicated worker, through `openWorkerRecorder`. */
export function openWorkerRecorder(name: string): Promise<ProcessRecorder> {
  const open = exports.openWorkerRecorder as (options: {
    name: string;
    shared?: boolean;
  }) => Promise<ProcessRecorder>;
  return open({ name, shared: false });
}
