import type { Notification, SelectNotificationsOptions } from '../../types.js';
import { topicFilter } from '../select-window.js';
import { everything, firstKeyOf, scan } from './range-scan.js';
import type { ReadContext } from './reads.js';
import type { SegmentRecord } from './schema.js';

/** The fewest ids a window of the sequence spans, so that small reads still read ahead. */
const minimumWindow = 64;

/**
 * Notifications with ids in `[start, stop]`, of `topics` if non-empty, at most `limit`.
 *
 * Segments are read in the order of their last id, in windows of ids. One transaction's
 * segments interleave their ids, so their events are held back until the segment whose
 * last id is the transaction's last has been read: every id up to it has been read then,
 * and the held events are released in id order. A window that ends inside a transaction
 * is followed by one that reaches its end; windows double through gaps and filtered topics.
 */
export async function readNotifications(
  context: ReadContext,
  start: number,
  limit: number,
  { stop, topics }: SelectNotificationsOptions,
): Promise<Notification[]> {
  if (limit === 0 || (stop !== undefined && stop < start)) return [];
  const sequence = sequenceIndex(context.db);
  const accepts = topics === undefined || topics.length === 0 ? undefined : topicFilter(topics);
  const release = new Release(start, stop ?? Infinity, limit, accepts);
  const maxId = lastId(sequence, context);
  let lower = start;
  let span = Math.max(limit, minimumWindow);
  for (;;) {
    const upper = release.heldUntil >= lower ? release.heldUntil : lower + span - 1;
    const window = { lower, upper, lowerOpen: false, upperOpen: false };
    for (const segment of await scan<SegmentRecord>(sequence, window, 'next', undefined, context)) {
      if (release.take(segment)) return release.released();
    }
    lower = upper + 1;
    span *= 2;
    if (lower > (await maxId)) return release.all();
  }
}

/**
 * Turns segments read in the order of their last id into notifications in id order:
 * holds a transaction's events until its last segment is read, then releases them sorted.
 */
class Release {
  readonly #start: number;
  readonly #top: number;
  readonly #limit: number;
  readonly #accepts: ((topic: string) => boolean) | undefined;
  readonly #out: Notification[] = [];
  #held: Notification[] = [];
  /** The greatest transaction end seen: while events are held, the next window reaches it. */
  heldUntil = 0;

  constructor(
    start: number,
    top: number,
    limit: number,
    accepts: ((topic: string) => boolean) | undefined,
  ) {
    this.#start = start;
    this.#top = top;
    this.#limit = limit;
    this.#accepts = accepts;
  }

  /** Takes a segment; true once `limit` are released, or every id up to the top is. */
  take(segment: SegmentRecord): boolean {
    hold(this.#held, segment, this.#start, this.#top, this.#accepts);
    this.heldUntil = Math.max(this.heldUntil, segment.txLast);
    if (segment.lastId !== segment.txLast) return false;
    this.#out.push(...inIdOrder(this.#held));
    this.#held = [];
    return this.#out.length >= this.#limit || segment.lastId >= this.#top;
  }

  /** What was released, at most `limit`. */
  released(): Notification[] {
    return this.#out.slice(0, this.#limit);
  }

  /** Everything read, held events included: the end of the sequence was reached. */
  all(): Notification[] {
    return [...this.#out, ...inIdOrder(this.#held)].slice(0, this.#limit);
  }
}

/** The greatest notification id, 0 when there is none. */
export async function readMaxNotificationId(context: ReadContext): Promise<number> {
  return lastId(sequenceIndex(context.db), context);
}

function sequenceIndex(db: IDBDatabase): IDBIndex {
  return db.transaction('segments', 'readonly').objectStore('segments').index('sequence');
}

async function lastId(sequence: IDBIndex, context: ReadContext): Promise<number> {
  return ((await firstKeyOf(sequence, everything, 'prev', context)) as number | undefined) ?? 0;
}

/** Adds the events of `segment` with ids in `[start, top]` and an accepted topic. */
function hold(
  held: Notification[],
  segment: SegmentRecord,
  start: number,
  top: number,
  accepts: ((topic: string) => boolean) | undefined,
): void {
  const { originatorId, firstVersion, ids, topics, states } = segment;
  ids.forEach((id, i) => {
    const topic = topics[i] as string;
    if (id < start || id > top || (accepts !== undefined && !accepts(topic))) return;
    const state = states[i] as Uint8Array;
    held.push({ id, originatorId, originatorVersion: firstVersion + i, topic, state });
  });
}

function inIdOrder(notifications: Notification[]): Notification[] {
  return notifications.length > 1 ? notifications.sort((a, b) => a.id - b.id) : notifications;
}
