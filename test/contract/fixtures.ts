import type { Notification, StoredEvent } from '../../src/types.js';

/** A stored event whose state spells out where it belongs, so mix-ups show in assertions. */
export function storedEvent(
  originatorId: string,
  originatorVersion: number,
  topic = 'test:Happened',
): StoredEvent {
  return {
    originatorId,
    originatorVersion,
    topic,
    state: new TextEncoder().encode(JSON.stringify({ originatorId, originatorVersion, topic })),
  };
}

/** `count` events of a fresh aggregate, versions `from`, `from + 1`, … */
export function aggregateEvents(count: number, originatorId = newId(), from = 0): StoredEvent[] {
  return Array.from({ length: count }, (_, i) => storedEvent(originatorId, from + i));
}

/** A fresh aggregate id. */
export function newId(): string {
  return crypto.randomUUID();
}

/** The comparable part of a stored event (its state as plain numbers). */
export function plain(event: StoredEvent): {
  originatorId: string;
  originatorVersion: number;
  topic: string;
  state: number[];
} {
  return {
    originatorId: event.originatorId,
    originatorVersion: event.originatorVersion,
    topic: event.topic,
    state: [...event.state],
  };
}

/** The comparable part of a notification. */
export function plainNotification(n: Notification): ReturnType<typeof plain> & { id: number } {
  return { id: n.id, ...plain(n) };
}

/** Whether `ids` strictly increase. */
export function strictlyIncreasing(ids: readonly number[]): boolean {
  return ids.every((id, i) => i === 0 || id > (ids[i - 1] ?? Infinity));
}

/** Collects `count` notifications from an async iterable, then stops iterating. */
export async function take<T>(iterable: AsyncIterable<T>, count: number): Promise<T[]> {
  const taken: T[] = [];
  if (count === 0) return taken;
  for await (const item of iterable) {
    taken.push(item);
    if (taken.length >= count) break;
  }
  return taken;
}

/** Resolves after the current task, giving queued work (other callbacks, I/O) a turn. */
export function nextTask(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
