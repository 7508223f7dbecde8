import { afterAll, describe, expect, it } from 'vitest';
import { DataError, InterfaceError } from '../../src/errors.js';
import { AESCipher } from '../../src/mapper/aes-cipher.js';
import { GzipCompressor } from '../../src/mapper/gzip-compressor.js';
import { JSONTranscoder } from '../../src/mapper/json-transcoder.js';
import { KeyStore } from '../../src/mapper/key-store.js';
import { Mapper } from '../../src/mapper/mapper.js';
import type { Upcaster } from '../../src/mapper/mapper.js';
import { bigintAsString, mapAsEntries } from '../../src/mapper/transcodings.js';
import type { Cipher, Compressor, DomainEvent } from '../../src/mapper/types.js';
import { ZlibCompressor } from '../../src/mapper/zlib-compressor.js';
import type { StoredEvent } from '../../src/types.js';
import { testIndexedDB, uniqueDatabaseName } from '../support/engine.js';

const text = (b: Uint8Array) => new TextDecoder().decode(b);

function transcoder(): JSONTranscoder {
  const t = new JSONTranscoder();
  t.register(bigintAsString);
  t.register(mapAsEntries);
  return t;
}

function event(padding = 100, topic = 'dogs:TrickAdded'): DomainEvent {
  return {
    originatorId: 'dog/8c1e',
    originatorVersion: 3,
    topic,
    timestamp: new Date(Date.UTC(2024, 4, 1, 12, 0, 0, 7)),
    trick: 'roll over',
    treats: 12n,
    scores: new Map([['judge', [9.5, null]]]),
    notes: 'x'.repeat(padding),
  };
}

const keyStore = await KeyStore.open({
  name: uniqueDatabaseName('mapper'),
  indexedDB: testIndexedDB(),
});
afterAll(() => {
  keyStore.close();
});

const compressors: [string, () => Compressor | undefined][] = [
  ['no compressor', () => undefined],
  ['zlib', () => new ZlibCompressor()],
  ['zlib, always compressing', () => new ZlibCompressor({ minBytes: 0 })],
  ['gzip', () => new GzipCompressor()],
];
const ciphers: [string, () => Promise<Cipher | undefined>][] = [
  ['no cipher', () => Promise.resolve(undefined)],
  ['AESCipher', () => AESCipher.fromKey(AESCipher.createKey())],
  ['keyring', () => keyStore.cipher({ whenMissing: 'create' })],
];
const combinations = compressors.flatMap(([c, compressor]) =>
  ciphers.flatMap(([k, cipher]) =>
    [20, 5000].map((padding) => ({
      name: `${c} × ${k}, ${padding} B`,
      compressor,
      cipher,
      padding,
    })),
  ),
);

describe('Mapper round trips', () => {
  it.each(combinations)('$name', async ({ compressor, cipher, padding }) => {
    const c = compressor();
    const k = await cipher();
    const mapper = new Mapper({
      transcoder: transcoder(),
      ...(c ? { compressor: c } : {}),
      ...(k ? { cipher: k } : {}),
    });
    const e = event(padding);
    expect(await mapper.toDomainEvent(await mapper.toStoredEvent(e))).toEqual(e);
  });
});

describe('Mapper', () => {
  it('keeps the identity out of the stored state', async () => {
    const stored = await new Mapper({ transcoder: transcoder() }).toStoredEvent(event());
    expect(stored).toMatchObject({
      originatorId: 'dog/8c1e',
      originatorVersion: 3,
      topic: 'dogs:TrickAdded',
    });
    const state = JSON.parse(text(stored.state)) as Record<string, unknown>;
    expect(Object.keys(state)).toEqual(['timestamp', 'trick', 'treats', 'scores', 'notes']);
  });

  it('takes the identity from the stored event on read', async () => {
    const stored: StoredEvent = {
      originatorId: 'a',
      originatorVersion: 7,
      topic: 'dogs:Named',
      state: new TextEncoder().encode('{"name":"Fido","originatorId":"b"}'),
    };
    expect(await new Mapper({ transcoder: transcoder() }).toDomainEvent(stored)).toEqual({
      originatorId: 'a',
      originatorVersion: 7,
      topic: 'dogs:Named',
      name: 'Fido',
    });
  });

  it('compresses, then encrypts', async () => {
    const key = AESCipher.createKey();
    const mapper = new Mapper({
      transcoder: transcoder(),
      compressor: new ZlibCompressor({ minBytes: 0 }),
      cipher: await AESCipher.fromKey(key),
    });
    const stored = await mapper.toStoredEvent(event(2000));
    const compressed = await (await AESCipher.fromKey(key)).decrypt(stored.state);
    expect(compressed[0]).toBe(0x78);
  });

  it('names the event and keeps the cause when a state cannot be decrypted', async () => {
    const write = new Mapper({
      transcoder: transcoder(),
      cipher: await AESCipher.fromKey(AESCipher.createKey()),
    });
    const read = new Mapper({
      transcoder: transcoder(),
      cipher: await AESCipher.fromKey(AESCipher.createKey()),
    });
    const error = await read
      .toDomainEvent(await write.toStoredEvent(event()))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DataError);
    expect((error as Error).message).toMatch(/event dog\/8c1e v3 \(topic dogs:TrickAdded\)/);
    expect((error as Error).cause).toBeInstanceOf(DataError);
  });

  it('rejects an unknown _type_ on read with DataError caused by TypeError', async () => {
    const stored = await new Mapper({ transcoder: transcoder() }).toStoredEvent(event());
    const error = await new Mapper({ transcoder: new JSONTranscoder() })
      .toDomainEvent(stored)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DataError);
    expect((error as Error).cause).toBeInstanceOf(TypeError);
  });

  it('rejects an unregistered type on write with TypeError naming the event', async () => {
    await expect(
      new Mapper({ transcoder: new JSONTranscoder() }).toStoredEvent(event()),
    ).rejects.toThrow(/Cannot write event dog\/8c1e v3 .*No transcoding for bigint/);
  });

  it('rejects a state that is not a JSON object with DataError', async () => {
    const stored = {
      originatorId: 'a',
      originatorVersion: 0,
      topic: 't',
      state: new TextEncoder().encode('[1]'),
    };
    await expect(new Mapper({ transcoder: transcoder() }).toDomainEvent(stored)).rejects.toThrow(
      DataError,
    );
  });

  it('rejects an empty topic with DataError', async () => {
    await expect(
      new Mapper({ transcoder: transcoder() }).toStoredEvent({ ...event(), topic: '' }),
    ).rejects.toThrow(DataError);
  });
});

describe('Mapper upcasting (class_version)', () => {
  const topic = 'dogs:Registered';
  const v1ToV2: Upcaster = ({ name, ...rest }) => ({ ...rest, fullName: name });
  const v2ToV3: Upcaster = (state) => ({ ...state, breed: 'unknown' });
  const current = new Mapper({
    transcoder: transcoder(),
    upcasters: { [topic]: [v1ToV2, v2ToV3] },
  });
  const stored = (state: string): StoredEvent => ({
    originatorId: 'dog/1',
    originatorVersion: 0,
    topic,
    state: new TextEncoder().encode(state),
  });

  it('writes the current class_version into the state', async () => {
    const e = {
      originatorId: 'dog/1',
      originatorVersion: 0,
      topic,
      fullName: 'Fido',
      breed: 'pug',
    };
    expect(text((await current.toStoredEvent(e)).state)).toBe(
      '{"fullName":"Fido","breed":"pug","class_version":3}',
    );
  });

  it('writes no class_version for a topic at version 1 (as eventsourcing does)', async () => {
    expect(text((await current.toStoredEvent(event(0))).state)).not.toMatch(/class_version/);
  });

  it('lifts a version-1 state (no class_version) through every upcaster', async () => {
    expect(await current.toDomainEvent(stored('{"name":"Fido"}'))).toEqual({
      originatorId: 'dog/1',
      originatorVersion: 0,
      topic,
      fullName: 'Fido',
      breed: 'unknown',
    });
  });

  it('lifts a version-2 state through the later upcasters only', async () => {
    const e = await current.toDomainEvent(stored('{"fullName":"Fido","class_version":2}'));
    expect(e).toEqual({
      originatorId: 'dog/1',
      originatorVersion: 0,
      topic,
      fullName: 'Fido',
      breed: 'unknown',
    });
  });

  it('reads a current state as it is, without class_version', async () => {
    const e = await current.toDomainEvent(
      stored('{"fullName":"Fido","breed":"pug","class_version":3}'),
    );
    expect(e).toEqual({
      originatorId: 'dog/1',
      originatorVersion: 0,
      topic,
      fullName: 'Fido',
      breed: 'pug',
    });
  });

  it('rejects a state newer than the app knows with DataError', async () => {
    await expect(current.toDomainEvent(stored('{"class_version":4}'))).rejects.toThrow(
      /class_version 4/,
    );
  });

  it('rejects a class_version that is not a version number with DataError', async () => {
    await expect(current.toDomainEvent(stored('{"class_version":"2"}'))).rejects.toThrow(DataError);
  });

  it('refuses a class_version field on write with TypeError', async () => {
    await expect(current.toStoredEvent({ ...event(), class_version: 2 })).rejects.toThrow(
      TypeError,
    );
  });
});

describe('Mapper errors that are not about the data', () => {
  it('lets an InterfaceError of a closed key store through unchanged', async () => {
    const store = await KeyStore.open({
      name: uniqueDatabaseName('closed'),
      indexedDB: testIndexedDB(),
    });
    const cipher = await store.cipher({ whenMissing: 'create' });
    const other = await KeyStore.open({
      name: uniqueDatabaseName('other'),
      indexedDB: testIndexedDB(),
    });
    const foreign = await (await other.cipher({ whenMissing: 'create' })).encrypt(Uint8Array.of(1));
    other.close();
    store.close();
    const stored = { originatorId: 'a', originatorVersion: 0, topic: 't', state: foreign };
    await expect(
      new Mapper({ transcoder: transcoder(), cipher }).toDomainEvent(stored),
    ).rejects.toThrow(InterfaceError);
  });
});
