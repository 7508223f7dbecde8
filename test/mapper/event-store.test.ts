import { describe, expect, it } from 'vitest';
import { DataError, IntegrityError, InternalError } from '../../src/errors.js';
import { AESCipher } from '../../src/mapper/aes-cipher.js';
import { EventStore } from '../../src/mapper/event-store.js';
import { JSONTranscoder } from '../../src/mapper/json-transcoder.js';
import { Mapper } from '../../src/mapper/mapper.js';
import type { DomainEvent } from '../../src/mapper/types.js';
import { ZlibCompressor } from '../../src/mapper/zlib-compressor.js';
import { InMemoryApplicationRecorder } from '../../src/recorders/in-memory.js';
import type { InsertOptions, StoredEvent } from '../../src/types.js';

class Money {
  constructor(readonly cents: number) {}
}

function dogEvent(version: number, id = 'dog/1'): DomainEvent {
  return {
    originatorId: id,
    originatorVersion: version,
    topic: 'dogs:TrickAdded',
    at: new Date(Date.UTC(2024, 0, 1, 0, 0, version)),
    trick: `trick ${version}`,
  };
}

async function setup() {
  const recorder = new InMemoryApplicationRecorder();
  const mapper = new Mapper({
    transcoder: new JSONTranscoder(),
    compressor: new ZlibCompressor(),
    cipher: await AESCipher.fromKey(AESCipher.createKey()),
  });
  return { recorder, store: new EventStore({ mapper, recorder }) };
}

describe('EventStore', () => {
  it('puts domain events and gets them back', async () => {
    const { store } = await setup();
    const events = [dogEvent(0), dogEvent(1), dogEvent(2)];
    await store.put(events);
    expect(await store.get('dog/1')).toEqual(events);
  });

  it('returns one recording per event, with its notification id', async () => {
    const { store } = await setup();
    await store.put([dogEvent(0, 'dog/0')]);
    const recordings = await store.put([dogEvent(0), dogEvent(1)]);
    expect(recordings.map((r) => r.notification.id)).toEqual([2, 3]);
    expect(recordings.map((r) => r.domainEvent)).toEqual([dogEvent(0), dogEvent(1)]);
    expect(recordings[1]?.notification).toMatchObject({
      originatorId: 'dog/1',
      originatorVersion: 1,
    });
  });

  it('stores mapped states, not the domain events', async () => {
    const { recorder, store } = await setup();
    await store.put([dogEvent(0)]);
    const [stored] = await recorder.selectEvents('dog/1');
    expect(stored?.state).toBeInstanceOf(Uint8Array);
    expect(new TextDecoder().decode(stored?.state)).not.toMatch(/trick/);
  });

  it('passes gt, lte, desc and limit to the recorder', async () => {
    const { store } = await setup();
    await store.put([0, 1, 2, 3, 4].map((v) => dogEvent(v)));
    const got = await store.get('dog/1', { gt: 0, lte: 3, desc: true, limit: 2 });
    expect(got.map((e) => e.originatorVersion)).toEqual([3, 2]);
  });

  it('records the tracking record with the events', async () => {
    const { recorder, store } = await setup();
    const seen: (InsertOptions | undefined)[] = [];
    const insert = recorder.insertEvents.bind(recorder);
    recorder.insertEvents = (events: readonly StoredEvent[], options?: InsertOptions) => {
      seen.push(options);
      return insert(events, options);
    };
    const tracking = { applicationName: 'upstream', notificationId: 7 };
    await store.put([dogEvent(0)], { tracking });
    expect(seen).toEqual([{ tracking }]);
  });

  it('maps every event before calling the recorder: a failure records nothing', async () => {
    const { recorder, store } = await setup();
    const bad = { ...dogEvent(1), price: new Money(5) };
    await expect(store.put([dogEvent(0), bad])).rejects.toThrow(TypeError);
    expect(await recorder.maxNotificationId()).toBe(0);
  });

  it('calls the recorder once, with every event already mapped', async () => {
    const { recorder, store } = await setup();
    const calls: StoredEvent[][] = [];
    const insert = recorder.insertEvents.bind(recorder);
    recorder.insertEvents = (events: readonly StoredEvent[], options?: InsertOptions) => {
      calls.push([...events]);
      return insert(events, options);
    };
    await store.put([dogEvent(0), dogEvent(1)]);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.every((e) => e.state instanceof Uint8Array)).toBe(true);
  });

  it('lets the recorder reject a taken position with IntegrityError', async () => {
    const { store } = await setup();
    await store.put([dogEvent(0)]);
    await expect(store.put([dogEvent(0)])).rejects.toThrow(IntegrityError);
  });

  it('rejects with DataError when a stored state cannot be read', async () => {
    const { recorder, store } = await setup();
    await recorder.insertEvents([
      { originatorId: 'dog/1', originatorVersion: 0, topic: 't', state: Uint8Array.of(1, 2, 3) },
    ]);
    await expect(store.get('dog/1')).rejects.toThrow(DataError);
  });
});

describe('EventStore with a faulty recorder', () => {
  it('rejects with InternalError when the recorder returns too few ids', async () => {
    const { recorder, store } = await setup();
    recorder.insertEvents = () => Promise.resolve([1]);
    await expect(store.put([dogEvent(0), dogEvent(1)])).rejects.toThrow(InternalError);
  });
});
