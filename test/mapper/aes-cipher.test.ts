import { describe, expect, it } from 'vitest';
import { DataError, InterfaceError, InternalError, NotSupportedError } from '../../src/errors.js';
import { AESCipher } from '../../src/mapper/aes-cipher.js';
import { fromBase64 } from '../../src/mapper/base64.js';
import { cryptoErrorTable, translateCryptoError } from '../../src/mapper/crypto-errors.js';

const plaintext = new TextEncoder().encode('{"trick":"roll over"}');

async function cipher(bytes: 16 | 24 | 32 = 32): Promise<AESCipher> {
  return AESCipher.fromKey(AESCipher.createKey(bytes));
}

describe('AESCipher', () => {
  it('creates base64 keys of 16, 24 and 32 bytes, 32 by default', () => {
    expect(fromBase64(AESCipher.createKey()).length).toBe(32);
    expect(fromBase64(AESCipher.createKey(16)).length).toBe(16);
    expect(fromBase64(AESCipher.createKey(24)).length).toBe(24);
  });

  it('creates a different key each time', () => {
    expect(AESCipher.createKey()).not.toBe(AESCipher.createKey());
  });

  it('refuses another key size with InterfaceError', () => {
    expect(() => AESCipher.createKey(20 as 16)).toThrow(InterfaceError);
  });

  it.each([16, 32] as const)('round-trips with a %i-byte key', async (bytes) => {
    const c = await cipher(bytes);
    expect(await c.decrypt(await c.encrypt(plaintext))).toEqual(plaintext);
  });

  it('round-trips with a 24-byte key, or rejects it with NotSupportedError (Chromium)', async () => {
    const outcome = await cipher(24).then(
      async (c) => c.decrypt(await c.encrypt(plaintext)),
      (error: unknown) => error,
    );
    if (outcome instanceof Error) expect(outcome).toBeInstanceOf(NotSupportedError);
    else expect(outcome).toEqual(plaintext);
  });

  it('writes nonce (12) ‖ tag (16) ‖ ciphertext: 28 bytes more than the plaintext', async () => {
    const sealed = await (await cipher()).encrypt(plaintext);
    expect(sealed.length).toBe(plaintext.length + 28);
  });

  it('puts the tag before the ciphertext (the eventsourcing layout)', async () => {
    const raw = crypto.getRandomValues(new Uint8Array(32));
    const key = await crypto.subtle.importKey('raw', raw, 'AES-GCM', false, ['encrypt']);
    const c = await AESCipher.fromKey(key);
    const sealed = await c.encrypt(plaintext);
    const iv = sealed.slice(0, 12);
    const webCrypto = new Uint8Array(
      await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, key, plaintext),
    );
    expect(sealed.subarray(12, 28)).toEqual(webCrypto.subarray(-16));
    expect(sealed.subarray(28)).toEqual(webCrypto.subarray(0, -16));
  });

  it('uses a fresh nonce for every call', async () => {
    const c = await cipher();
    const nonces = new Set<string>();
    for (let i = 0; i < 50; i++) nonces.add((await c.encrypt(plaintext)).slice(0, 12).join());
    expect(nonces.size).toBe(50);
  });

  it('round-trips an empty plaintext', async () => {
    const c = await cipher();
    expect(await c.decrypt(await c.encrypt(new Uint8Array()))).toEqual(new Uint8Array());
  });

  it.each([
    ['nonce', 0],
    ['nonce end', 11],
    ['tag', 12],
    ['tag end', 27],
    ['ciphertext', 28],
    ['ciphertext end', -1],
  ])('rejects a flipped bit in the %s with DataError', async (_region, at) => {
    const c = await cipher();
    const sealed = await c.encrypt(plaintext);
    const index = at < 0 ? sealed.length + at : at;
    sealed[index] = (sealed[index] ?? 0) ^ 0x01;
    await expect(c.decrypt(sealed)).rejects.toThrow(DataError);
  });

  it.each([27, 28, 40])('rejects a ciphertext truncated to %i bytes with DataError', async (n) => {
    const c = await cipher();
    const sealed = await c.encrypt(plaintext);
    await expect(c.decrypt(sealed.subarray(0, n))).rejects.toThrow(DataError);
  });

  it('rejects an appended byte with DataError', async () => {
    const c = await cipher();
    const sealed = await c.encrypt(plaintext);
    await expect(c.decrypt(new Uint8Array([...sealed, 0]))).rejects.toThrow(DataError);
  });

  it('rejects the wrong key with DataError, keeping the cause', async () => {
    const sealed = await (await cipher()).encrypt(plaintext);
    const error = await (await cipher()).decrypt(sealed).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DataError);
    expect((error as DataError).cause).toBeInstanceOf(Error);
  });

  it.each(['not base64!', 'AAAA', AESCipher.createKey().replace(/=*$/, '')])(
    'refuses the key %j with InterfaceError',
    async (key) => {
      await expect(AESCipher.fromKey(key)).rejects.toThrow(InterfaceError);
    },
  );

  it('refuses a CryptoKey of another algorithm with InterfaceError', async () => {
    const hmac = await crypto.subtle.generateKey({ name: 'HMAC', hash: 'SHA-256' }, false, [
      'sign',
    ]);
    await expect(AESCipher.fromKey(hmac)).rejects.toThrow(InterfaceError);
  });

  it('rejects encrypting with a decrypt-only key with InterfaceError', async () => {
    const raw = crypto.getRandomValues(new Uint8Array(16));
    const key = await crypto.subtle.importKey('raw', raw, 'AES-GCM', false, ['decrypt']);
    await expect((await AESCipher.fromKey(key)).encrypt(plaintext)).rejects.toThrow(InterfaceError);
  });
});

const named = (name: string) => Object.assign(new Error('native'), { name });

describe('WebCrypto error translation', () => {
  it.each([
    ['OperationError', 'decrypt', DataError],
    ['OperationError', 'import', NotSupportedError],
    ['OperationError', 'generate', NotSupportedError],
    ['OperationError', 'encrypt', InternalError],
    ['NotSupportedError', 'import', NotSupportedError],
    ['InvalidAccessError', 'encrypt', InterfaceError],
    ['InvalidAccessException', 'encrypt', InterfaceError],
    ['SyntaxError', 'generate', InterfaceError],
    ['TypeError', 'derive', InterfaceError],
    ['DataError', 'import', InterfaceError],
    ['DataError', 'decrypt', DataError],
    ['SomethingNew', 'decrypt', DataError],
    ['SomethingNew', 'encrypt', InternalError],
  ] as const)('%s during %s becomes %o', (name, operation, cls) => {
    const native = named(name);
    const error = translateCryptoError(native, operation);
    expect(error).toBeInstanceOf(cls);
    expect(error.name).toBe(cls.name);
    expect(error.cause).toBe(native);
  });

  it('has a row for every operation of every name it knows', () => {
    for (const row of Object.values(cryptoErrorTable)) {
      expect(Object.keys(row).sort()).toEqual([
        'decrypt',
        'derive',
        'digest',
        'encrypt',
        'generate',
        'import',
      ]);
    }
  });
});
