import { afterEach, describe, expect, it } from 'vitest';
import { DataError, InterfaceError, OperationalError } from '../../src/errors.js';
import { AESCipher } from '../../src/mapper/aes-cipher.js';
import { KeyStore } from '../../src/mapper/key-store.js';
import type { KeyStoreOptions } from '../../src/mapper/key-store-options.js';
import { KEYRING_FORMAT } from '../../src/mapper/keyring-cipher.js';
import { PBKDF2_ITERATIONS } from '../../src/mapper/passphrase.js';
import { testIndexedDB, uniqueDatabaseName } from '../support/engine.js';
import { flip } from './streams.js';

const plaintext = new TextEncoder().encode('{"trick":"roll over"}');
const fast = { iterations: 1000 };
const opened: KeyStore[] = [];

afterEach(() => {
  for (const store of opened.splice(0)) store.close();
});

/** A factory and name shared by the stores of one test, as two tabs would share them. */
function place(): Pick<KeyStoreOptions, 'name' | 'indexedDB'> {
  return { name: uniqueDatabaseName('keys'), indexedDB: testIndexedDB() };
}

async function open(where: Pick<KeyStoreOptions, 'name' | 'indexedDB'>, extra = {}) {
  const store = await KeyStore.open({ ...where, ...extra });
  opened.push(store);
  return store;
}

function readRecord(where: ReturnType<typeof place>, id: string): Promise<{ key: CryptoKey }> {
  return new Promise((resolve, reject) => {
    const request = (where.indexedDB ?? indexedDB).open(`${where.name}.keys`);
    request.onerror = () => {
      reject(request.error ?? new Error('open failed'));
    };
    request.onsuccess = () => {
      const db = request.result;
      const get = db.transaction('keys').objectStore('keys').get(id);
      get.onsuccess = () => {
        db.close();
        resolve(get.result as { key: CryptoKey });
      };
    };
  });
}

describe('KeyStore', () => {
  it('keeps a key across a reopen and reads what it encrypted', async () => {
    const where = place();
    const first = await open(where);
    const sealed = await (await first.cipher({ whenMissing: 'create' })).encrypt(plaintext);
    first.close();
    const again = await open(where);
    const cipher = await again.cipher({ whenMissing: 'fail' });
    expect(await cipher.decrypt(sealed)).toEqual(plaintext);
  });

  it('stores the key as a non-extractable CryptoKey', async () => {
    const where = place();
    const { id } = await (await open(where)).createKey();
    const { key } = await readRecord(where, id);
    expect(key.extractable).toBe(false);
    expect(key.algorithm.name).toBe('AES-GCM');
  });

  it("refuses to invent a key with whenMissing: 'fail'", async () => {
    const store = await open(place());
    await expect(store.cipher({ whenMissing: 'fail' })).rejects.toThrow(OperationalError);
    expect(await store.keys()).toEqual([]);
  });

  it("creates a key with whenMissing: 'create' only when none is stored", async () => {
    const store = await open(place());
    await store.cipher({ whenMissing: 'create' });
    await store.cipher({ whenMissing: 'create' });
    expect(await store.keys()).toHaveLength(1);
  });

  it('makes the newest key current and still reads the old ones', async () => {
    const store = await open(place());
    const cipher = await store.cipher({ whenMissing: 'create' });
    const old = await cipher.encrypt(plaintext);
    const { id } = await store.createKey();
    const rotated = await store.cipher({ whenMissing: 'fail' });
    expect(rotated.currentKeyId).toBe(id);
    expect(await rotated.decrypt(old)).toEqual(plaintext);
  });

  it('rejects bad options with InterfaceError', async () => {
    await expect(KeyStore.open({ ...place(), maxEncryptions: 0 })).rejects.toThrow(InterfaceError);
    await expect(KeyStore.open({ ...place(), maxEncryptions: 2 ** 33 })).rejects.toThrow(
      InterfaceError,
    );
    await expect(KeyStore.open({ ...place(), name: '' })).rejects.toThrow(InterfaceError);
  });

  it('rejects calls after close with InterfaceError', async () => {
    const store = await KeyStore.open(place());
    store.close();
    await expect(store.keys()).rejects.toThrow(InterfaceError);
  });

  it('rejects an encryption that needs a new block after close with InterfaceError', async () => {
    const store = await KeyStore.open({ ...place(), reserveBlock: 1 });
    const cipher = await store.cipher({ whenMissing: 'create' });
    store.close();
    await expect(cipher.encrypt(plaintext)).rejects.toThrow(InterfaceError);
  });
});

describe('KeyringCipher', () => {
  it('writes format 0x01 ‖ key id ‖ the AESCipher layout', async () => {
    const store = await open(place());
    const base64 = AESCipher.createKey();
    const { id } = await store.importKey(base64);
    const sealed = await (await store.cipher({ whenMissing: 'fail' })).encrypt(plaintext);
    expect(sealed[0]).toBe(KEYRING_FORMAT);
    expect(Array.from(sealed.subarray(1, 5), (b) => b.toString(16).padStart(2, '0')).join('')).toBe(
      id,
    );
    expect(await (await AESCipher.fromKey(base64)).decrypt(sealed.subarray(5))).toEqual(plaintext);
  });

  it('rejects another format byte with DataError', async () => {
    const cipher = await (await open(place())).cipher({ whenMissing: 'create' });
    const sealed = await cipher.encrypt(plaintext);
    sealed[0] = 0x02;
    await expect(cipher.decrypt(sealed)).rejects.toThrow(DataError);
  });

  it('rejects a key id it does not hold with DataError', async () => {
    const sealed = await (
      await (await open(place())).cipher({ whenMissing: 'create' })
    ).encrypt(plaintext);
    const other = await (await open(place())).cipher({ whenMissing: 'create' });
    await expect(other.decrypt(sealed)).rejects.toThrow(/which this key store lacks/);
  });

  it('rejects a tampered body with DataError', async () => {
    const cipher = await (await open(place())).cipher({ whenMissing: 'create' });
    const sealed = await cipher.encrypt(plaintext);
    flip(sealed, sealed.length - 1);
    await expect(cipher.decrypt(sealed)).rejects.toThrow(DataError);
  });

  it('reads a key another tab added after it was opened', async () => {
    const where = place();
    const mine = await (await open(where)).cipher({ whenMissing: 'create' });
    const theirs = await open(where);
    await theirs.createKey();
    const sealed = await (await theirs.cipher({ whenMissing: 'fail' })).encrypt(plaintext);
    expect(await mine.decrypt(sealed)).toEqual(plaintext);
  });
});

describe('Key usage limit', () => {
  const small = { maxEncryptions: 5, reserveBlock: 2 };

  it("refuses with OperationalError at the limit when onLimit is 'refuse'", async () => {
    const store = await open(place(), small);
    const cipher = await store.cipher({ whenMissing: 'create', onLimit: 'refuse' });
    // The stored key check used count 1 of 5.
    for (let i = 0; i < 4; i++) await cipher.encrypt(plaintext);
    await expect(cipher.encrypt(plaintext)).rejects.toThrow(OperationalError);
  });

  it('rotates to a new key at the limit and reads both', async () => {
    const store = await open(place(), small);
    const cipher = await store.cipher({ whenMissing: 'create' });
    const first = cipher.currentKeyId;
    const sealed = [];
    for (let i = 0; i < 6; i++) sealed.push(await cipher.encrypt(plaintext));
    expect(cipher.currentKeyId).not.toBe(first);
    expect(await store.keys()).toHaveLength(2);
    for (const s of sealed) expect(await cipher.decrypt(s)).toEqual(plaintext);
  });

  it('rotates once when many encryptions hit the limit together', async () => {
    const store = await open(place(), small);
    const cipher = await store.cipher({ whenMissing: 'create' });
    await Promise.all(Array.from({ length: 8 }, () => cipher.encrypt(plaintext)));
    expect(await store.keys()).toHaveLength(2);
  });

  it('refuses to rotate away from a passphrase key', async () => {
    const store = await open(place(), small);
    await store.deriveKey('correct horse', fast);
    const cipher = await store.cipher({ whenMissing: 'fail' });
    for (let i = 0; i < 4; i++) await cipher.encrypt(plaintext);
    await expect(cipher.encrypt(plaintext)).rejects.toThrow(/derive or import a new key/);
  });

  it('writes the count once per reserved block, not per encryption', async () => {
    const store = await open(place(), { reserveBlock: 1000 });
    const cipher = await store.cipher({ whenMissing: 'create' });
    for (let i = 0; i < 10; i++) await cipher.encrypt(plaintext);
    expect((await store.keys())[0]?.encryptions).toBe(1001);
  });

  it('never reuses a count after a reopen: the unused rest of a block is skipped', async () => {
    const where = place();
    const first = await open(where, { reserveBlock: 4 });
    await (await first.cipher({ whenMissing: 'create' })).encrypt(plaintext);
    first.close();
    const again = await open(where, { reserveBlock: 4 });
    await (await again.cipher({ whenMissing: 'fail' })).encrypt(plaintext);
    expect((await again.keys())[0]?.encryptions).toBe(9);
  });

  it('gives two tabs disjoint blocks of the same key', async () => {
    const where = place();
    const a = await (await open(where, { reserveBlock: 2 })).cipher({ whenMissing: 'create' });
    const tabB = await open(where, { reserveBlock: 2 });
    const b = await tabB.cipher({ whenMissing: 'fail' });
    await a.encrypt(plaintext);
    await b.encrypt(plaintext);
    expect((await tabB.keys())[0]?.encryptions).toBe(5);
  });
});

describe('Passphrase keys', () => {
  it('derives the same key from the same passphrase and salt on another device', async () => {
    const mine = await open(place());
    const { id, salt = new Uint8Array(), iterations } = await mine.deriveKey('correct horse', fast);
    const sealed = await (await mine.cipher({ whenMissing: 'fail' })).encrypt(plaintext);
    const theirs = await open(place());
    const derived = await theirs.deriveKey('correct horse', { salt, iterations: iterations ?? 0 });
    expect(derived.id).toBe(id);
    expect(await (await theirs.cipher({ whenMissing: 'fail' })).decrypt(sealed)).toEqual(plaintext);
  });

  it('reads nothing with another passphrase: DataError on decrypt', async () => {
    const mine = await open(place());
    const { salt = new Uint8Array() } = await mine.deriveKey('correct horse', fast);
    const sealed = await (await mine.cipher({ whenMissing: 'fail' })).encrypt(plaintext);
    const theirs = await open(place());
    await theirs.deriveKey('battery staple', { salt, ...fast });
    await expect((await theirs.cipher({ whenMissing: 'fail' })).decrypt(sealed)).rejects.toThrow(
      DataError,
    );
  });

  it('rejects a wrong passphrase for a key it holds with DataError', async () => {
    const store = await open(place());
    const { salt = new Uint8Array() } = await store.deriveKey('correct horse', fast);
    await expect(store.deriveKey('battery staple', { salt, ...fast })).rejects.toThrow(DataError);
  });

  it('keeps a new random salt and the iterations with the key', async () => {
    const store = await open(place());
    const a = await store.deriveKey('correct horse', fast);
    const b = await store.deriveKey('correct horse', fast);
    expect(a.salt).toHaveLength(16);
    expect(a.salt).not.toEqual(b.salt);
    expect((await store.keys()).map((k) => k.iterations)).toEqual([1000, 1000]);
  });

  it(`uses OWASP's ${PBKDF2_ITERATIONS} iterations by default`, async () => {
    const store = await open(place());
    expect((await store.deriveKey('correct horse')).iterations).toBe(600_000);
  });
});

describe('Imported keys', () => {
  it('get the same id on every device, so each reads what the other wrote', async () => {
    const base64 = AESCipher.createKey();
    const mine = await open(place());
    const theirs = await open(place());
    const a = await mine.importKey(base64);
    const b = await theirs.importKey(base64);
    expect(a.id).toBe(b.id);
    const sealed = await (await mine.cipher({ whenMissing: 'fail' })).encrypt(plaintext);
    expect(await (await theirs.cipher({ whenMissing: 'fail' })).decrypt(sealed)).toEqual(plaintext);
  });

  it('refuses a malformed key with InterfaceError', async () => {
    await expect((await open(place())).importKey('abc')).rejects.toThrow(InterfaceError);
  });
});
