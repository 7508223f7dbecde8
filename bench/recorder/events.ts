import type { StoredEvent } from '../../src/index.js';

/** Aggregates written round-robin, as in the perf research. */
export const aggregateCount = 10;

/** Bytes of every event's serialised state. */
export const stateBytes = 200;

/** The topic of every event (31 characters, as in the research). */
export const topic = 'app.domain.model:Dog.TrickAdded';

const encoder = new TextEncoder();

/** `count` fresh aggregate ids. */
export function aggregateIds(count = aggregateCount): string[] {
  return Array.from({ length: count }, () => crypto.randomUUID());
}

/** The domain fields of event `i`: the state a mapper would serialise. */
export interface DogEvent {
  readonly originatorId: string;
  readonly originatorVersion: number;
  readonly topic: string;
  readonly timestamp: Date;
  readonly trick: string;
  readonly pad: string;
}

/**
 * `count` domain events spread round-robin over `ids`: event `i` is version
 * `firstVersion + floor(i / ids.length)` of aggregate `ids[i % ids.length]`. The padding
 * makes the JSON state exactly {@link stateBytes} long.
 */
export function dogEvents(ids: readonly string[], count: number, firstVersion = 0): DogEvent[] {
  return Array.from({ length: count }, (_, i) => {
    const originatorId = ids[i % ids.length] ?? '';
    const originatorVersion = firstVersion + Math.floor(i / ids.length);
    const base = {
      originatorId,
      originatorVersion,
      topic,
      timestamp: new Date(1_700_000_000_000 + i),
      trick: `roll over ${i}`,
      pad: '',
    };
    return { ...base, pad: 'x'.repeat(Math.max(0, stateBytes - stateJson(base).length)) };
  });
}

/** The JSON state of a domain event, in the shape of the Python library's states. */
function stateJson(e: DogEvent): string {
  return JSON.stringify({
    originator_id: e.originatorId,
    originator_version: e.originatorVersion,
    timestamp: e.timestamp.toISOString(),
    trick: e.trick,
    pad: e.pad,
  });
}

/** The event as a recorder stores it: its state already serialised, in its own buffer. */
export function toStored(e: DogEvent): StoredEvent {
  return {
    originatorId: e.originatorId,
    originatorVersion: e.originatorVersion,
    topic: e.topic,
    state: encoder.encode(stateJson(e)),
  };
}

/** `count` stored events round-robin over `ids` (see {@link dogEvents}). */
export function storedEvents(
  ids: readonly string[],
  count: number,
  firstVersion = 0,
): StoredEvent[] {
  return dogEvents(ids, count, firstVersion).map(toStored);
}

/** `items` cut into consecutive slices of `size`. */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** A database name no other case uses. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${crypto.randomUUID()}`;
}
