import type {
  Durability,
  InsertOptions,
  RecordChange,
  RecordKey,
  RecordQuery,
  RecordStores,
  RecordValue,
  Notification,
  SelectEventsOptions,
  SelectNotificationsOptions,
  StoredEvent,
  SubscribeOptions,
} from '../types.js';

/**
 * The protocol between `wrapRecorder` (the caller's side) and `exposeRecorder` (the worker's
 * side). Calls travel through Comlink on one `MessagePort` per connection; the few messages
 * outside Comlink carry `signalKey`, so other traffic on a shared endpoint is ignored.
 */
export const signalKey = 'offline-eventstore';

/** Raised with each incompatible change of `ServerApi` or the messages below. */
export const protocolVersion = 1;

/**
 * Anything a recorder is served on or reached through: a `Worker`, a `SharedWorker`'s `port`,
 * a `MessagePort`, or a worker's global scope (`self`).
 */
export interface RecorderEndpoint {
  postMessage(message: unknown, transfer: Transferable[]): void;
  addEventListener(type: string, listener: (event: Event) => void): void;
  removeEventListener(type: string, listener: (event: Event) => void): void;
  start?(): void;
}

/** The end of one connection: a `MessagePort`, or a stand-in for one. */
export interface ConnectionPort extends RecorderEndpoint {
  close(): void;
}

/** Which database a worker that serves many (the ready entry) should open for a connection. */
export interface DatabaseRequest {
  readonly name: string;
  readonly durability?: Durability;
  /** Record stores to open the database with (the first connection's choice holds). */
  readonly stores?: RecordStores;
}

/** Sent on the endpoint to open a connection: `port` is the worker's end of it. */
export interface ConnectMessage {
  readonly [signalKey]: 'connect';
  readonly version: number;
  readonly port: ConnectionPort;
  /** The name of a Web Lock the caller's realm holds while it lives, or null. */
  readonly lifeline: string | null;
  readonly database?: DatabaseRequest;
}

/**
 * Sent by the worker on a connection's port: `bye` when it ends the connection, `messageerror`
 * when a message from the caller could not be deserialised (its call will never be answered).
 */
export interface NoticeMessage {
  readonly [signalKey]: 'bye' | 'messageerror';
}

/** Whether `data` is a message of ours of the given kind. */
export function isSignal(data: unknown, kind: 'connect'): data is ConnectMessage;
export function isSignal(
  data: unknown,
  kind: NoticeMessage[typeof signalKey],
): data is NoticeMessage;
export function isSignal(data: unknown, kind: string): boolean {
  return (
    typeof data === 'object' &&
    data !== null &&
    (data as Record<string, unknown>)[signalKey] === kind
  );
}

/** An answer: the value, or the error as plain data (errors lose their class in a clone). */
export type Reply<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: WireError };

/** An error as plain data: enough to revive our classes and keep a DOMException's name. */
export interface WireError {
  readonly name: string;
  readonly message: string;
  readonly domException: boolean;
  readonly cause?: WireError;
}

/** What the worker says first: the Web Lock its realm holds while it lives, or null. */
export interface Hello {
  readonly lifeline: string | null;
}

/** Notifications of a subscription, and whether it has ended. */
export interface Page {
  readonly notifications: Notification[];
  readonly done: boolean;
}

/** The arguments of one `insertEvents` call: validated copies and a plain tracking record. */
export interface InsertCall {
  readonly events: StoredEvent[];
  readonly options: InsertOptions;
}

/** What one connection serves. Every method answers; none rejects. */
export interface ServerApi {
  hello(): Promise<Reply<Hello>>;
  ready(): Promise<Reply<undefined>>;
  /** Several `insertEvents` calls, handed to the recorder in one task; one answer each. */
  insertMany(calls: InsertCall[]): Promise<Reply<number[]>[]>;
  selectEvents(originatorId: string, options?: SelectEventsOptions): Promise<Reply<StoredEvent[]>>;
  selectNotifications(
    start: number,
    limit: number,
    options?: SelectNotificationsOptions,
  ): Promise<Reply<Notification[]>>;
  maxNotificationId(): Promise<Reply<number>>;
  maxTrackingId(applicationName: string): Promise<Reply<number>>;
  hasTrackingId(applicationName: string, notificationId: number): Promise<Reply<boolean>>;
  getRecord(store: string, key: RecordKey): Promise<Reply<RecordValue | undefined>>;
  getRecords(store: string, query: RecordQuery): Promise<Reply<RecordValue[]>>;
  deleteEvents(
    originatorId: string,
    options: { readonly changes?: readonly RecordChange[] },
  ): Promise<Reply<number>>;
  openSubscription(options: SubscribeOptions): Promise<Reply<number>>;
  pull(subscription: number): Promise<Reply<Page>>;
  closeSubscription(subscription: number): Reply<undefined>;
  ping(): true;
  disconnect(): Reply<undefined>;
}
