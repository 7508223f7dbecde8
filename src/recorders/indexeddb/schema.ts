/** A stored event as recorded: its key `id` is its notification id. */
export interface EventRecord {
  readonly id?: number;
  readonly originatorId: string;
  readonly originatorVersion: number;
  readonly topic: string;
  readonly state: Uint8Array;
}

/** How far an upstream application has been processed. */
export interface TrackingRecord {
  readonly applicationName: string;
  readonly notificationId: number;
}

/**
 * The database layout (version 1). `events` is keyed by an auto-incremented notification id,
 * which IndexedDB hands out inside the writing transaction (and takes back if it aborts), so
 * ids follow commit order; its unique `position` index on `[originatorId, originatorVersion]`
 * enforces one event per aggregate position. `tracking` keeps one record per upstream
 * application, keyed by its name: tracking only moves forward.
 */
/** A step that brings the schema from one version to the next, inside the upgrade transaction. */
type Migration = (db: IDBDatabase) => void;

/** Schema versions, oldest first: version N is reached by running migrations 1..N. */
const migrations: readonly Migration[] = [
  (db) => {
    const events = db.createObjectStore('events', { keyPath: 'id', autoIncrement: true });
    events.createIndex('position', ['originatorId', 'originatorVersion'], { unique: true });
    db.createObjectStore('tracking', { keyPath: 'applicationName' });
  },
];

/** The schema version this code writes. */
export const schemaVersion = migrations.length;

/** Runs the migrations from `oldVersion` up to `schemaVersion`. */
export function migrate(db: IDBDatabase, oldVersion: number): void {
  for (const migration of migrations.slice(oldVersion)) migration(db);
}
