// A module worker that runs the raw IndexedDB writes of raw-idb.ts, for the page to time.
import * as Comlink from 'comlink';
import type { StoredEvent } from '../../src/types.js';
import { openRaw, writeBatch, writeEach } from './raw-idb.js';

const databases = new Map<string, IDBDatabase>();

async function database(name: string): Promise<IDBDatabase> {
  const open = databases.get(name) ?? (await openRaw(name));
  databases.set(name, open);
  return open;
}

/** What the page calls. */
export const rawApi = {
  async open(name: string): Promise<void> {
    await database(name);
  },
  async batch(name: string, events: StoredEvent[]): Promise<void> {
    await writeBatch(await database(name), events);
  },
  async each(name: string, events: StoredEvent[], mode: 'concurrent' | 'sequential') {
    await writeEach(await database(name), events, mode);
  },
  close(name: string): void {
    databases.get(name)?.close();
    databases.delete(name);
  },
};

Comlink.expose(rawApi);
