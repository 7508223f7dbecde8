/**
 * Events as the store APIs hand them over: the app's own plain object (`topic` plus its
 * fields) wrapped with where it sits, and the mapping to and from the mapper's `DomainEvent`.
 */
import { DataError } from '../errors.js';
import type { DomainEvent } from '../mapper/types.js';
import type { Mapper } from '../mapper/mapper.js';
import type { Notification, StoredEvent } from '../types.js';
import { parseOriginatorId } from './stream-ids.js';

/**
 * What every event must have: a `topic` naming its type, explicit and stable forever
 * (never a class name: bundlers minify those). The other fields are its state; they pass
 * through the mapper, so `Date`s and registered types survive. `originatorId` and
 * `originatorVersion` are reserved: the store sets them.
 */
export interface EventData {
  readonly topic: string;
}

/**
 * An event of no particular type: what the store APIs assume when not told, so that any
 * field can be read (as `unknown`, to be narrowed).
 */
export interface AnyEvent extends EventData {
  readonly [field: string]: unknown;
}

/**
 * An event read from a stream. The type parameter is a promise the caller makes about what
 * the stream holds; nothing checks it at run time, so switch on `event.topic`.
 */
export interface StreamEvent<E extends EventData = AnyEvent> {
  /** The stream id, without any tenant prefix. */
  readonly streamId: string;
  /** Its position in the stream: 1 for the first event. */
  readonly version: number;
  readonly event: E;
}

/** An event read from the application sequence: also its position there, and its tenant. */
export interface LoggedEvent<E extends EventData = AnyEvent> extends StreamEvent<E> {
  /** Its position in the application sequence (a notification id). Gaps occur. */
  readonly position: number;
  /** The tenant it belongs to; `undefined` for the default tenant. */
  readonly tenant: string | undefined;
}

const reserved = ['originatorId', 'originatorVersion'] as const;

/** The domain event to map for `event` at `version` of `originatorId`. */
export function toDomainEvent(
  event: EventData,
  originatorId: string,
  version: number,
): DomainEvent {
  if (typeof event !== 'object' || (event as unknown) === null) {
    throw new DataError(`An event for ${originatorId} must be an object with a topic.`);
  }
  for (const field of reserved) {
    if (Object.hasOwn(event, field)) {
      throw new DataError(
        `An event for ${originatorId} has a field "${field}", which the store sets itself. Rename it.`,
      );
    }
  }
  return { ...event, originatorId, originatorVersion: version, topic: event.topic };
}

/** The app's event back from a domain event (without the identity fields). */
export function toEventData(domainEvent: DomainEvent): EventData {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- dropped: the wrapper carries them
  const { originatorId, originatorVersion, ...event } = domainEvent;
  return event;
}

/** Maps events one after another (the mapper's codecs gain nothing from running at once). */
export async function mapInOrder<A, B>(
  items: readonly A[],
  map: (item: A) => Promise<B>,
): Promise<B[]> {
  const out: B[] = [];
  for (const item of items) out.push(await map(item));
  return out;
}

/** Decodes one stored event of a stream, naming it without its tenant prefix. */
export async function decodeStreamEvent<E extends EventData>(
  mapper: Mapper,
  stored: StoredEvent,
): Promise<StreamEvent<E>> {
  const { streamId } = parseOriginatorId(stored.originatorId);
  const event = toEventData(await mapper.toDomainEvent(stored)) as E;
  return { streamId, version: stored.originatorVersion, event };
}

/** Decodes one notification into a logged event. */
export async function decodeLoggedEvent<E extends EventData>(
  mapper: Mapper,
  notification: Notification,
): Promise<LoggedEvent<E>> {
  const { tenant } = parseOriginatorId(notification.originatorId);
  const decoded = await decodeStreamEvent<E>(mapper, notification);
  return { ...decoded, position: notification.id, tenant };
}
