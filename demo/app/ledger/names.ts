/** The names the ledger keeps its data under, on this origin. */

/** The recorder's IndexedDB database (events, tracking, the read model). */
export const DATABASE_NAME = 'tally';
/** The key store's database is `${KEY_STORE_NAME}.keys`. */
export const KEY_STORE_NAME = 'tally';
/** The sync client's state (stream id, acknowledged position). */
export const SYNC_STATE_NAME = 'tally-sync';
/** The projection's name in tracking records. */
export const PROJECTION_NAME = 'tally:read-model';
