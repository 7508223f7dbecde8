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
} from './recorders/indexeddb/index.js';
export { SyncClient } from './sync/sync-client.js';
export type { SyncClientOptions } from './sync/sync-client-options.js';
export { InMemorySyncStateStore } from './sync/in-memory-sync-state-store.js';
export { IndexedDBSyncStateStore } from './sync/indexeddb-sync-state-store.js';
export type { IndexedDBSyncStateStoreOptions } from './sync/indexeddb-sync-state-store.js';
export type {
  IdRange,
  LoadedSyncState,
  SyncAnchor,
  SyncState,
  SyncStateStore,
} from './sync/sync-state.js';
export type {
  SyncNotice,
  SyncPhase,
  SyncProblem,
  SyncProgress,
  SyncStatus,
  SyncStatusListener,
} from './sync/status.js';
export type { SyncClock } from './sync/alarm.js';
export type { BackoffOptions } from './sync/backoff.js';
export type { SyncEnvironment } from './sync/environment.js';
export type { TokenSource } from './sync/transport.js';
export type {
  LogNotification,
  ProblemBody,
  ProblemCode,
  PullResponse,
  PushRequest,
  PushResponse,
  StreamResponse,
  WireNotification,
} from './sync/protocol.js';
export { JSONTranscoder } from './mapper/json-transcoder.js';
export {
  bigintAsString,
  bytesAsBase64,
  datetimeAsIso,
  mapAsEntries,
  setAsList,
} from './mapper/transcodings.js';
export type {
  Cipher,
  Compressor,
  DomainEvent,
  TranscodedType,
  Transcoding,
} from './mapper/types.js';
export { ZlibCompressor } from './mapper/zlib-compressor.js';
export { GzipCompressor } from './mapper/gzip-compressor.js';
export {
  DEFAULT_MAX_DECOMPRESSED_BYTES,
  DEFAULT_MIN_COMPRESS_BYTES,
} from './mapper/framed-compression.js';
export type { CompressorOptions } from './mapper/framed-compression.js';
export { AESCipher } from './mapper/aes-cipher.js';
export type { AESKeyBytes } from './mapper/aes-cipher.js';
export { createSalt, deriveAesKey, PBKDF2_ITERATIONS } from './mapper/passphrase.js';
export type { DeriveKeyOptions } from './mapper/passphrase.js';
export { KeyStore } from './mapper/key-store.js';
export { DEFAULT_RESERVE_BLOCK, NIST_GCM_LIMIT } from './mapper/key-store-options.js';
export type { KeyringOptions, KeyStoreOptions } from './mapper/key-store-options.js';
export type { KeyInfo } from './mapper/key-records.js';
export { KEYRING_FORMAT, KeyringCipher } from './mapper/keyring-cipher.js';
export type { KeyringSource, OnKeyLimit } from './mapper/keyring-cipher.js';
export { Mapper } from './mapper/mapper.js';
export type { MapperOptions, Upcaster } from './mapper/mapper.js';
export { EventStore } from './mapper/event-store.js';
export type { EventStoreOptions, Recording } from './mapper/event-store.js';
export { exposeRecorder } from './worker/expose-recorder.js';
export type { RecorderExposure } from './worker/expose-recorder.js';
export { wrapRecorder } from './worker/wrap-recorder.js';
export type { WrapRecorderOptions } from './worker/wrap-recorder.js';
export type { RecorderEndpoint } from './worker/wire.js';
export { openWorkerRecorder } from './worker/open-worker-recorder.js';
export type { WorkerRecorderOptions } from './worker/open-worker-recorder.js';
// The store APIs (issue 6): streams and categories, aggregates, the notification log, projections.
export type {
  EventStoreRecorder,
  RecordChange,
  RecordIndexSchema,
  RecordKey,
  RecordQuery,
  RecordStoreSchema,
  RecordStores,
  RecordValue,
} from './types.js';
export { eventStoreStores } from './streams/event-store-stores.js';
export type { EventStoreStoreName } from './streams/event-store-stores.js';
export {
  MissingStoresError,
  StreamVersioningError,
  TenantError,
  UnmetWriteConditionError,
  VersionConflictError,
} from './streams/errors.js';
export { positionIs, streamIsEmpty } from './streams/conditions.js';
export type { WriteCondition } from './streams/conditions.js';
export { NO_VERSIONING } from './streams/stream-metadata.js';
export type { NoVersioning, Versioning } from './streams/stream-metadata.js';
export { StreamStore } from './streams/stream-store.js';
export type { StreamStoreOptions } from './streams/stream-store.js';
export type { AppendOptions, EventStream, LoadRange } from './streams/event-stream.js';
export type { EventCategory } from './streams/event-category.js';
export type { EventLog } from './streams/event-log.js';
export type { StreamAppend } from './streams/append-plan.js';
export type { AppendResult, WriteOptions } from './streams/stream-writer.js';
export type { PageOptions } from './streams/paging.js';
export type { SnapshotLoad } from './streams/stream-snapshots.js';
export type { AnyEvent, EventData, LoggedEvent, StreamEvent } from './streams/stream-events.js';
export { Aggregate, newAggregateId } from './aggregates/aggregate.js';
export type { AggregateType } from './aggregates/aggregate.js';
export { Application } from './aggregates/application.js';
export type { ApplicationOptions, SavedAggregate } from './aggregates/application.js';
export type { AggregateSnapshot, Repository } from './aggregates/repository.js';
export { AggregateNotFoundError, UnknownTopicError } from './aggregates/errors.js';
export { NotificationLog } from './notification-log/notification-log.js';
export type { NotificationLogOptions, Section } from './notification-log/notification-log.js';
export { followLog } from './notification-log/live-events.js';
export type {
  FollowOptions,
  LiveEvents,
  LiveEventsOptions,
} from './notification-log/live-events.js';
export { ProjectionRunner } from './projections/projection-runner.js';
export type { ProjectionRunnerOptions } from './projections/projection-runner.js';
export type { Projection } from './projections/projection.js';
export type { ReadModelView } from './projections/read-model-view.js';
export { ProcessApplication } from './projections/process-application.js';
export type {
  Policy,
  Processing,
  ProcessApplicationOptions,
} from './projections/process-application.js';
