import type { RecordKey, RecordQuery, RecordValue } from '../../types.js';
import { emptyBounds, queryBounds } from '../record-keys.js';
import { scan, type ScanContext } from './range-scan.js';
import { requestResult } from './requests.js';
import type { TrackingRecord } from './schema.js';

/** An open database and how to scan it. */
export interface ReadContext extends ScanContext {
  readonly db: IDBDatabase;
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
