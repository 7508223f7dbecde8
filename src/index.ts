/**
 * offline-eventstore: the public entry. Named exports only; see the README for a tour.
 */
export type {
  AggregateRecorder,
  ApplicationRecorder,
  Durability,
  IndexedDBRecorderOptions,
  InsertOptions,
  Notification,
  NotificationSubscription,
  ProcessRecorder,
  SelectEventsOptions,
  SelectNotificationsOptions,
  StoredEvent,
  SubscribeOptions,
  Tracking,
} from './types.js';
export {
  DatabaseError,
  DataError,
  IntegrityError,
  InterfaceError,
  InternalError,
  NotSupportedError,
  OperationalError,
  PersistenceError,
  ProgrammingError,
} from './errors.js';
export type { PersistenceErrorName, PersistenceErrorOptions } from './errors.js';
export {
  InMemoryAggregateRecorder,
  InMemoryApplicationRecorder,
  InMemoryProcessRecorder,
} from './recorders/in-memory.js';
export {
  IndexedDBAggregateRecorder,
  IndexedDBApplicationRecorder,
  IndexedDBProcessRecorder,
} from './recorders/indexeddb/indexeddb-recorder.js';
