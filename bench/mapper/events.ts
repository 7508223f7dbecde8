/** Bench data: realistic ~200-byte event states, the same in every round (seeded). */
import type { DomainEvent } from '../../src/mapper/types.js';

const WORDS = (
  'sit stay roll over fetch the ball good dog treat paw shake down come heel spin jump ' +
  'through hoop play dead speak quiet wait leave it drop catch frisbee park walk leash ' +
  'owner trainer session score judge round agility weave poles tunnel seesaw table'
).split(' ');

/** mulberry32: a tiny seeded PRNG, so every round maps the same bytes. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function words(random: () => number, count: number): string {
  return Array.from({ length: count }, () => WORDS[Math.floor(random() * WORDS.length)]).join(' ');
}

function hexId(random: () => number): string {
  return Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16)).join('');
}

/**
 * `count` events whose transcoded state is about `stateBytes` long: a timestamp (as
 * `datetime_iso`), an owner id, a trick and notes of random words.
 */
export function makeEvents(count: number, stateBytes: number, seed = 1): DomainEvent[] {
  const random = seeded(seed);
  const aggregate = hexId(random);
  return Array.from({ length: count }, (_, i) => {
    const fixed = {
      timestamp: new Date(Date.UTC(2024, 4, 1) + i * 61_000),
      owner: hexId(random),
      trick: words(random, 2),
    };
    // ~150 bytes of JSON besides the notes; each word is ~5 bytes with its space.
    const notes = words(random, Math.max(1, Math.round((stateBytes - 150) / 5.5)));
    return {
      originatorId: aggregate,
      originatorVersion: i,
      topic: 'dogs:TrickAdded',
      ...fixed,
      notes,
    };
  });
}

/** The state of `event`: everything but its identity. */
export function stateOf(event: DomainEvent): Record<string, unknown> {
  const identity = new Set(['originatorId', 'originatorVersion', 'topic']);
  return Object.fromEntries(Object.entries(event).filter(([key]) => !identity.has(key)));
}

/**
 * `count` JSON states of exactly `size` bytes for the threshold sweep: a timestamp and an
 * owner id when there is room, then notes of random words cut to length.
 */
export function makeStates(count: number, size: number, seed = 7): Uint8Array[] {
  const random = seeded(seed);
  const encoder = new TextEncoder();
  return Array.from({ length: count }, (_, i) => {
    const head =
      size >= 120
        ? { at: new Date(Date.UTC(2024, 4, 1) + i * 61_000).toISOString(), owner: hexId(random) }
        : {};
    const empty = JSON.stringify({ ...head, notes: '' }).length;
    const notes = words(random, Math.ceil(size / 4)).slice(0, Math.max(0, size - empty));
    return encoder.encode(JSON.stringify({ ...head, notes }));
  });
}
