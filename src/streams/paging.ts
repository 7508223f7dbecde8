/**
 * Lazy reading: async iterators that fetch one page at a time from the recorder, so a long
 * stream, a category or the whole application sequence is never held in memory at once.
 */
import { DataError } from '../errors.js';
import type { Notification } from '../types.js';
import type { StoreContext } from './store-context.js';
import {
  decodeLoggedEvent,
  decodeStreamEvent,
  mapInOrder,
  type EventData,
  type LoggedEvent,
  type StreamEvent,
} from './stream-events.js';

/** Where to start and how much to fetch per page. */
export interface PageOptions {
  /** Start after this position (a version in a stream, a notification id in the log); default 0. */
  readonly after?: number;
  /** Events per page (a safe integer >= 1); default 100. */
  readonly pageSize?: number;
}

const defaultPageSize = 100;

function checkPaging(options: PageOptions): { after: number; pageSize: number } {
  const { after = 0, pageSize = defaultPageSize } = options;
  if (!Number.isSafeInteger(after) || after < 0) {
    throw new DataError(`after must be a safe integer >= 0, got ${String(after)}.`);
  }
  if (!Number.isSafeInteger(pageSize) || pageSize < 1) {
    throw new DataError(`pageSize must be a safe integer >= 1, got ${String(pageSize)}.`);
  }
  return { after, pageSize };
}

/** Pages of one stream's events, by version. */
export async function* streamPages<E extends EventData>(
  context: StoreContext,
  originatorId: string,
  options: PageOptions,
): AsyncGenerator<StreamEvent<E>[], void, undefined> {
  let { after } = checkPaging(options);
  const { pageSize } = checkPaging(options);
  for (;;) {
    const page = await context.recorder.selectEvents(originatorId, { gt: after, limit: pageSize });
    if (page.length > 0)
      yield await mapInOrder(page, (e) => decodeStreamEvent<E>(context.mapper, e));
    if (page.length < pageSize) return;
    after = page.at(-1)?.originatorVersion ?? after;
  }
}

/**
 * Pages of the application sequence, keeping the notifications `keep` accepts. A page may
 * come out shorter than `pageSize`, or be skipped when nothing in it is kept; positions
 * deleted streams left empty are passed over.
 */
export async function* logPages<E extends EventData>(
  context: StoreContext,
  keep: (notification: Notification) => boolean,
  options: PageOptions,
): AsyncGenerator<LoggedEvent<E>[], void, undefined> {
  let { after } = checkPaging(options);
  const { pageSize } = checkPaging(options);
  for (;;) {
    const page = await context.recorder.selectNotifications(after + 1, pageSize);
    const kept = page.filter(keep);
    if (kept.length > 0)
      yield await mapInOrder(kept, (n) => decodeLoggedEvent<E>(context.mapper, n));
    if (page.length < pageSize) return;
    after = page.at(-1)?.id ?? after;
  }
}

/** The events of `pages`, one by one, still fetched a page at a time. */
export async function* flatten<T>(pages: AsyncIterable<T[]>): AsyncGenerator<T, void, undefined> {
  for await (const page of pages) yield* page;
}

/** Everything `pages` yields, in memory: for short reads only. */
export async function collect<T>(pages: AsyncIterable<T[]>): Promise<T[]> {
  const all: T[] = [];
  for await (const page of pages) all.push(...page);
  return all;
}
