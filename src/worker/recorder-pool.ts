import { InterfaceError } from '../errors.js';
import type { ProcessRecorder } from '../types.js';
import type { Lease } from './recorder-server.js';
import type { DatabaseRequest } from './wire.js';

/** Opens the recorder of one database (the worker entry passes `IndexedDBProcessRecorder.open`). */
export type RecorderOpener = (database: DatabaseRequest) => Promise<ProcessRecorder>;

interface Entry {
  readonly recorder: Promise<ProcessRecorder>;
  leases: number;
}

/**
 * One recorder per database name for everyone the worker serves (in a `SharedWorker`: every
 * tab of the origin), so that concurrent inserts from all of them meet in one recorder and
 * are committed together. A recorder closes when its last connection ends. The first
 * connection's `durability` holds until then; later ones share its recorder as it is.
 */
export class RecorderPool {
  readonly #open: RecorderOpener;
  readonly #entries = new Map<string, Entry>();

  constructor(open: RecorderOpener) {
    this.#open = open;
  }

  /** Lends the recorder of `database`, opening it if no connection holds it. */
  lend(database: DatabaseRequest | undefined): Lease {
    if (database === undefined || typeof database.name !== 'string' || database.name === '') {
      return failedLease(
        new InterfaceError(
          'This worker serves IndexedDB databases by name: open it with openWorkerRecorder({ name }).',
        ),
      );
    }
    const entry = this.#entry(database);
    entry.leases += 1;
    let released = false;
    return {
      recorder: entry.recorder,
      release: () => {
        if (released) return;
        released = true;
        this.#release(database.name, entry);
      },
    };
  }

  #entry(database: DatabaseRequest): Entry {
    const existing = this.#entries.get(database.name);
    if (existing !== undefined) return existing;
    const entry: Entry = {
      recorder: this.#open(database),
      leases: 0,
    };
    this.#entries.set(database.name, entry);
    // A failed open is not kept: the next connection tries again.
    entry.recorder.catch(() => {
      if (this.#entries.get(database.name) === entry) this.#entries.delete(database.name);
    });
    return entry;
  }

  #release(name: string, entry: Entry): void {
    entry.leases -= 1;
    if (entry.leases > 0) return;
    if (this.#entries.get(name) === entry) this.#entries.delete(name);
    entry.recorder
      .then(
        (recorder) => recorder.close(),
        () => undefined,
      )
      .catch(() => undefined);
  }
}

function failedLease(error: Error): Lease {
  const recorder = Promise.reject(error);
  recorder.catch(() => undefined);
  return { recorder, release: () => undefined };
}
