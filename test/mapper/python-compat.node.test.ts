/// <reference types="node" />
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { AESCipher } from '../../src/mapper/aes-cipher.js';
import { toBase64, fromBase64 } from '../../src/mapper/base64.js';
import { JSONTranscoder } from '../../src/mapper/json-transcoder.js';
import { KeyStore } from '../../src/mapper/key-store.js';
import { Mapper } from '../../src/mapper/mapper.js';
import { createSalt, deriveAesKey } from '../../src/mapper/passphrase.js';
import { bigintAsString } from '../../src/mapper/transcodings.js';
import type { Cipher, DomainEvent } from '../../src/mapper/types.js';
import { ZlibCompressor } from '../../src/mapper/zlib-compressor.js';
import { IDBFactory } from 'fake-indexeddb';

const script = fileURLToPath(new URL('./python/compat.py', import.meta.url));

/** Runs the Python side; a missing python3 or `cryptography` fails the test, never skips it. */
function python(job: Record<string, unknown>): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    execFile(
      'python3',
      [script, JSON.stringify(job)],
      { timeout: 60_000 },
      (error, stdout, stderr) => {
        if (error) {
          reject(new Error(`python3 ${script} failed: ${stdout}${stderr}${error.message}`));
        } else {
          resolve(JSON.parse(stdout) as Record<string, unknown>);
        }
      },
    );
  });
}

function mapper(cipher: Cipher): Mapper {
  const transcoder = new JSONTranscoder();
  transcoder.register(bigintAsString);
  return new Mapper({
    transcoder,
    compressor: new ZlibCompressor(),
    cipher,
    upcasters: {
      'dogs:Registered': [(s) => ({ ...s, fromV1: true }), (s) => ({ ...s, fromV2: true })],
    },
  });
}

function dogEvent(padding: number): DomainEvent {
  return {
    originatorId: 'dog/1',
    originatorVersion: 1,
    topic: 'dogs:TrickAdded',
    timestamp: new Date(Date.UTC(2024, 4, 1, 12, 0, 0, 7)),
    treats: 2n ** 64n,
    name: 'Fïdo 🐕',
    notes: 'lorem ipsum '.repeat(padding),
  };
}

const expectedByPython = (padding: number) => ({
  timestamp: { datetime: '2024-05-01T12:00:00.007000+00:00', utcoffset: '0:00:00' },
  treats: 18446744073709551616,
  name: 'Fïdo 🐕',
  notes: 'lorem ipsum '.repeat(padding),
});

const keyStore = await KeyStore.open({ name: 'python-compat', indexedDB: new IDBFactory() });
afterAll(() => {
  keyStore.close();
});

describe('Python eventsourcing (zlib + AES-GCM + json) reads what the mapper wrote', () => {
  it.each([
    ['a compressed state (above the threshold)', 100],
    ['a stored-block state (below the threshold)', 1],
  ])('%s', async (_name, padding) => {
    const key = AESCipher.createKey();
    const stored = await mapper(await AESCipher.fromKey(key)).toStoredEvent(dogEvent(padding));
    const result = await python({ mode: 'read', key, state: toBase64(stored.state) });
    expect(result.state).toEqual(expectedByPython(padding));
  });

  it('with a key derived from a passphrase by PBKDF2-HMAC-SHA-256', async () => {
    const salt = createSalt();
    const key = await deriveAesKey('correct horse ✓', salt, { iterations: 1000 });
    const stored = await mapper(await AESCipher.fromKey(key)).toStoredEvent(dogEvent(100));
    const job = {
      mode: 'read',
      passphrase: 'correct horse ✓',
      salt: toBase64(salt),
      iterations: 1000,
    };
    const result = await python({ ...job, state: toBase64(stored.state) });
    expect(result.state).toEqual(expectedByPython(100));
  });

  it('from a keyring, once the backend drops the 5-byte header', async () => {
    const key = AESCipher.createKey();
    const { id } = await keyStore.importKey(key);
    const cipher = await keyStore.cipher({ whenMissing: 'fail' });
    const stored = await mapper(cipher).toStoredEvent(dogEvent(100));
    const result = await python({ mode: 'read', key, keyring: id, state: toBase64(stored.state) });
    expect(result.state).toEqual(expectedByPython(100));
  });
});

describe('The mapper reads what Python eventsourcing wrote', () => {
  it('decrypts, inflates, decodes datetime_iso and upcasts from class_version', async () => {
    const key = AESCipher.createKey();
    const written = await python({ mode: 'write', key });
    const state = fromBase64(written.state as string);
    const stored = { originatorId: 'dog/9', originatorVersion: 4, topic: 'dogs:Registered', state };
    expect(await mapper(await AESCipher.fromKey(key)).toDomainEvent(stored)).toEqual({
      originatorId: 'dog/9',
      originatorVersion: 4,
      topic: 'dogs:Registered',
      timestamp: new Date(Date.UTC(2021, 11, 31, 23, 59, 59, 123)),
      naive: new Date(Date.UTC(2020, 1, 29, 8, 30)),
      name: 'Fïdo 🐕',
      tricks: ['sit', 'roll over'],
      fromV2: true,
    });
  });
});
