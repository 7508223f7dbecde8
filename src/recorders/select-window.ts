import type {
  Notification,
  SelectEventsOptions,
  SelectNotificationsOptions,
  StoredEvent,
} from '../types.js';

/**
 * Applies `selectEvents` options to one aggregate's events, given in ascending version order:
 * versions `> gt` and `<= lte`, then the order, then `limit`.
 */
export function windowEvents<E extends StoredEvent>(
  ascending: readonly E[],
  options: SelectEventsOptions,
): E[] {
  const { gt, lte, desc = false, limit } = options;
  const inRange = ascending.filter(
    (e) =>
      (gt === undefined || e.originatorVersion > gt) &&
      (lte === undefined || e.originatorVersion <= lte),
  );
  if (desc) inRange.reverse();
  return limit === undefined ? inRange : inRange.slice(0, limit);
}

/**
 * Applies `selectNotifications` options to notifications given in ascending id order, all
 * with ids `>= start`: ids `<= stop`, of `topics` if non-empty, then at most `limit`.
 */
export function filterNotifications(
  ascending: readonly Notification[],
  limit: number,
  options: SelectNotificationsOptions,
): Notification[] {
  const topics = topicFilter(options.topics);
  const selected: Notification[] = [];
  for (const notification of ascending) {
    if (selected.length >= limit) break;
    if (options.stop !== undefined && notification.id > options.stop) break;
    if (topics(notification.topic)) selected.push(notification);
  }
  return selected;
}

/** A predicate that accepts every topic when `topics` is empty or absent. */
export function topicFilter(topics: readonly string[] | undefined): (topic: string) => boolean {
  if (topics === undefined || topics.length === 0) return () => true;
  const wanted = new Set(topics);
  return (topic) => wanted.has(topic);
}
