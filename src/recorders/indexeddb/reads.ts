import type {
  Notification,
  RecordKey,
  RecordQuery,
  RecordValue,
  SelectEventsOptions,
  SelectNotificationsOptions,
  StoredEvent,
} from '../../types.js';
import { emptyBounds, queryBounds } from '../record-keys.js';
import { topicFilter } from '../select-window.js';
import { scan, type ScanContext } from './range-scan.js';
import { requestResult } from './requests.js';
import type { EventRecord, TrackingRecord } from './schema.js';

/** Rows fetched per read when a topic filter means we cannot know how many will pass. */
const filterPageSize = 500;

/** An open database and how to scan it. */
export interface ReadContext extends ScanContext {
  readonly db: IDBDatabase;
}

/** One aggregate's events: versions `> gt` and `<= lte`, ascending unless `desc`, then `limit`. */
export async function readEvents(
  context: ReadContext,
  originatorId: string,
  { gt, lte, desc = false, limit }: SelectEventsOptions,
): Promise<StoredEvent[]> {
  if (limit === 0 || (gt !== undefined && lte !== undefined && gt >= lte)) return [];
  const span = {
    lower: [originatorId, gt ?? -Infinity],
    upper: [originatorId, lte ?? Infinity],
    lowerOpen: gt !== undefined,
    upperOpen: false,
  };
  const index = context.db
    .transaction('events', 'readonly')
    .objectStore('events')
    .index('position');
  const records = await scan<EventRecord>(index, span, desc ? 'prev' : 'next', limit, context);
  return records.map(toStoredEvent);
}

/** Notifications with ids in `[start, stop]`, of `topics` if non-empty, at most `limit`. */
export async function readNotifications(
  context: ReadContext,
  start: number,
  limit: number,
  { stop, topics }: SelectNotificationsOptions,
): Promise<Notification[]> {
  if (limit === 0 || (stop !== undefined && stop < start)) return [];
  const store = context.db.transaction('events', 'readonly').objectStore('events');
  const span = { lower: start, upper: stop ?? Infinity, lowerOpen: false, upperOpen: false };
  if (topics === undefined || topics.length === 0) {
    return (await scan<EventRecord>(store, span, 'next', limit, context)).map(toNotification);
  }
  const accepts = topicFilter(topics);
  const selected: Notification[] = [];
  for (let page = span; ;) {
    const records = await scan<EventRecord>(store, page, 'next', filterPageSize, context);
    for (const record of records) {
      if (selected.length < limit && accepts(record.topic)) selected.push(toNotification(record));
    }
    const last = records.at(-1)?.id;
    if (selected.length >= limit || records.length < filterPageSize || last === undefined) break;
    page = { ...span, lower: last, lowerOpen: true };
  }
  return selected;
}

/** The greatest notification id, 0 when there is none. */
export async function readMaxNotificationId({ db }: ReadContext): Promise<number> {
  const store = db.transaction('events', 'readonly').objectStore('events');
  const cursor = await requestResult(store.openKeyCursor(null, 'prev'));
  return cursor === null ? 0 : (cursor.key as number);
}

/** The greatest tracked id of `applicationName`, 0 when there is none. */
export async function readMaxTrackingId(
  { db }: ReadContext,
  applicationName: string,
): Promise<number> {
  const store = db.transaction('tracking', 'readonly').objectStore('tracking');
  const record = (await requestResult(store.get(applicationName))) as TrackingRecord | undefined;
  return record?.notificationId ?? 0;
}

/** The record of `store` with `key`, or undefined. */
export async function readRecord(
  { db }: ReadContext,
  store: string,
  key: RecordKey,
): Promise<RecordValue | undefined> {
  const request = db
    .transaction(store, 'readonly')
    .objectStore(store)
    .get(key as IDBValidKey);
  return (await requestResult(request)) as RecordValue | undefined;
}

/** The records of `store` within `query`, in key (or index key) order. */
export async function readRecords(
  context: ReadContext,
  store: string,
  query: RecordQuery,
): Promise<RecordValue[]> {
  const bounds = queryBounds(query);
  if (query.limit === 0 || emptyBounds(bounds)) return [];
  const objectStore = context.db.transaction(store, 'readonly').objectStore(store);
  const source = query.index === undefined ? objectStore : objectStore.index(query.index);
  const span = {
    ...(bounds.lower === undefined ? {} : { lower: bounds.lower as IDBValidKey }),
    ...(bounds.upper === undefined ? {} : { upper: bounds.upper as IDBValidKey }),
    lowerOpen: bounds.lowerOpen,
    upperOpen: bounds.upperOpen,
  };
  return scan<RecordValue>(
    source,
    span,
    query.desc === true ? 'prev' : 'next',
    query.limit,
    context,
  );
}

function toStoredEvent(record: EventRecord): StoredEvent {
  const { originatorId, originatorVersion, topic, state } = record;
  return { originatorId, originatorVersion, topic, state };
}

function toNotification(record: EventRecord): Notification {
  return { id: record.id ?? 0, ...toStoredEvent(record) };
}
