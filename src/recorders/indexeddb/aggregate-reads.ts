import type { SelectEventsOptions, StoredEvent } from '../../types.js';
import { type KeySpan, scan, type ScanContext, walk } from './range-scan.js';
import type { ReadContext } from './reads.js';
import type { SegmentRecord } from './schema.js';

/** Versions wanted: `> above` and `<= upTo`. */
interface Versions {
  readonly above: number;
  readonly upTo: number;
}

/**
 * One aggregate's events: versions `> gt` and `<= lte`, ascending unless `desc`, then
 * `limit`. Its segments are adjacent in key order and do not overlap, so reading them in
 * key order reads its events in version order.
 */
export async function readEvents(
  context: ReadContext,
  originatorId: string,
  { gt, lte, desc = false, limit }: SelectEventsOptions,
): Promise<StoredEvent[]> {
  if (limit === 0 || (gt !== undefined && lte !== undefined && gt >= lte)) return [];
  const store = context.db.transaction('segments', 'readonly').objectStore('segments');
  // Versions are >= 0, so `> -1` is every one; a window needs a finite start.
  const versions = { above: gt ?? -1, upTo: lte ?? Infinity };
  return desc
    ? descending(store, originatorId, versions, limit, context)
    : ascending(store, originatorId, versions, limit, context);
}

/**
 * Reads the segments that end within a window of versions, plus the one after it (it may
 * start inside). With a limit the window is `limit` versions wide, which is exact for an
 * aggregate without gaps; a gap leaves it short, and the next window goes on from there.
 */
async function ascending(
  store: IDBObjectStore,
  originatorId: string,
  { above, upTo }: Versions,
  limit: number | undefined,
  context: ScanContext,
): Promise<StoredEvent[]> {
  const found: StoredEvent[] = [];
  for (let from = above; ;) {
    const top = Math.min(upTo, limit === undefined ? Infinity : from + (limit - found.length));
    const [within, straddling] = await Promise.all([
      scan<SegmentRecord>(store, endingIn(originatorId, from, top), 'next', undefined, context),
      top === Infinity
        ? []
        : scan<SegmentRecord>(store, endingIn(originatorId, top, Infinity), 'next', 1, context),
    ]);
    const segments = [...within, ...straddling];
    for (const segment of segments) pushEvents(found, segment, { above: from, upTo }, false);
    const last = segments.at(-1);
    const done = limit !== undefined && found.length >= limit;
    if (done || top >= upTo || last === undefined) return found.slice(0, limit);
    from = last.lastVersion;
  }
}

/** Walks the segments backwards from the newest, until `limit` events are found. */
async function descending(
  store: IDBObjectStore,
  originatorId: string,
  versions: Versions,
  limit: number | undefined,
  context: ScanContext,
): Promise<StoredEvent[]> {
  const found: StoredEvent[] = [];
  await walk(store, endingIn(originatorId, versions.above, Infinity), 'prev', context, (cursor) => {
    pushEvents(found, cursor.value as SegmentRecord, versions, true);
    return limit === undefined || found.length < limit;
  });
  return found.slice(0, limit);
}

/** The keys of an aggregate's segments whose last version is `> after` and `<= top`. */
function endingIn(originatorId: string, after: number, top: number): KeySpan {
  // Keys are [originatorId, lastVersion, firstVersion]: [id, v, Infinity] follows every
  // key ending at v, and [id, Infinity] follows every key of the aggregate.
  return {
    lower: [originatorId, after, Infinity],
    upper: top === Infinity ? [originatorId, Infinity] : [originatorId, top, Infinity],
    lowerOpen: true,
    upperOpen: false,
  };
}

/** Appends the events of `segment` within `versions`, in version order or its reverse. */
function pushEvents(
  found: StoredEvent[],
  segment: SegmentRecord,
  { above, upTo }: Versions,
  reverse: boolean,
): void {
  const { originatorId, firstVersion, topics, states } = segment;
  const count = topics.length;
  for (let n = 0; n < count; n++) {
    const i = reverse ? count - 1 - n : n;
    const originatorVersion = firstVersion + i;
    if (originatorVersion <= above || originatorVersion > upTo) continue;
    found.push({
      originatorId,
      originatorVersion,
      topic: topics[i] as string,
      state: states[i] as Uint8Array,
    });
  }
}
