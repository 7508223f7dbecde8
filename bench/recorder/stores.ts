import {
  IndexedDBProcessRecorder,
  type Durability,
  type ProcessRecorder,
  type StoredEvent,
} from '../../src/index.js';
import { DexieStore } from './dexie-store.js';
import { openWorkerRecorder, workerMissing } from './layers.js';
import { RawRecorder } from './raw-idb.js';

/** A notification as a variant returns it (the baselines' rows type `id` as optional). */
export type NotificationRow = StoredEvent & { readonly id?: number };

/** What every variant can do, so that one scenario runs them all alike. */
export interface Store {
  insert(events: readonly StoredEvent[]): Promise<unknown>;
  selectEvents(originatorId: string): Promise<readonly StoredEvent[]>;
  selectNotifications(start: number, limit: number): Promise<readonly NotificationRow[]>;
  maxNotificationId(): Promise<number>;
  /** Records that `applicationName` processed up to `notificationId`. */
  track(applicationName: string, notificationId: number): Promise<void>;
  close(): Promise<void>;
}

/** The variants a scenario can run. */
export type Variant = 'ours' | 'ours-default' | 'worker' | 'raw' | 'dexie';

/** Row labels of the variants. */
export const variantLabels: Readonly<Record<Variant, string>> = {
  ours: 'ours: IndexedDBProcessRecorder',
  'ours-default': "ours, durability 'default'",
  worker: 'ours through the worker (openWorkerRecorder, dedicated)',
  raw: 'raw IndexedDB, one record per event',
  dexie: 'Dexie 4 (bulkAdd)',
};

/** Why a variant cannot run in this build, or undefined. */
export function variantMissing(variant: Variant): string | undefined {
  return variant === 'worker' ? workerMissing() : undefined;
}

/** Opens `variant` on database `name` (creating it); every variant writes with `durability`. */
export async function openStore(
  variant: Variant,
  name: string,
  durability: Durability = 'strict',
): Promise<Store> {
  switch (variant) {
    case 'ours':
      return fromRecorder(await IndexedDBProcessRecorder.open({ name, durability }));
    case 'ours-default':
      return fromRecorder(await IndexedDBProcessRecorder.open({ name, durability: 'default' }));
    case 'worker':
      return fromRecorder(await openWorkerRecorder(name));
    case 'raw':
      return fromBaseline(await RawRecorder.open(name, durability));
    case 'dexie':
      return fromBaseline(await DexieStore.open(name, durability));
  }
}

function fromRecorder(recorder: ProcessRecorder): Store {
  return {
    insert: (events) => recorder.insertEvents(events),
    selectEvents: (id) => recorder.selectEvents(id),
    selectNotifications: (start, limit) => recorder.selectNotifications(start, limit),
    maxNotificationId: () => recorder.maxNotificationId(),
    track: async (applicationName, notificationId) => {
      await recorder.insertEvents([], { tracking: { applicationName, notificationId } });
    },
    close: () => recorder.close(),
  };
}

function fromBaseline(store: RawRecorder | DexieStore): Store {
  return {
    insert: (events) => store.insert(events),
    selectEvents: (id) => store.selectEvents(id),
    selectNotifications: (start, limit) => store.selectNotifications(start, limit),
    maxNotificationId: () => store.maxNotificationId(),
    track: (applicationName, notificationId) => store.track(applicationName, notificationId),
    close: async () => {
      store.close();
      await Promise.resolve();
    },
  };
}

/** Fails unless the store holds exactly `expected` events (ids 1..expected). */
export async function expectCount(store: Store, expected: number): Promise<void> {
  const found = await store.maxNotificationId();
  if (found !== expected) throw new Error(`Expected ${expected} events stored, found ${found}.`);
}
