import { IDBFactory, IDBObjectStore } from 'fake-indexeddb';
import { afterEach, describe, expect, it } from 'vitest';
import { OperationalError } from '../../src/errors.js';
import { KeyStore } from '../../src/mapper/key-store.js';

// Simulates engines that store a CryptoKey but give back something else (Safari 2019 read
// keys back broken; WebKit private modes refuse them): swap the key on its way in.
// eslint-disable-next-line @typescript-eslint/unbound-method -- restored as is, called with .call
const originalAdd = IDBObjectStore.prototype.add;
afterEach(() => {
  IDBObjectStore.prototype.add = originalAdd;
});

async function swapKeysOnAdd(): Promise<void> {
  const impostor = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, [
    'encrypt',
    'decrypt',
  ]);
  IDBObjectStore.prototype.add = function (
    this: IDBObjectStore,
    value: unknown,
    key?: IDBValidKey,
  ) {
    const swapped = { ...(value as object), key: impostor };
    return originalAdd.call(this, swapped, key);
  };
}

describe('KeyStore read-back check', () => {
  it('rejects with OperationalError when the stored key is not the key it stored', async () => {
    const store = await KeyStore.open({ name: 'readback', indexedDB: new IDBFactory() });
    await swapKeysOnAdd();
    await expect(store.createKey()).rejects.toThrow(OperationalError);
    expect(await store.keys()).toEqual([]);
    expect(await store.currentKey()).toBeUndefined();
    store.close();
  });

  it('rejects with OperationalError when the engine cannot clone a CryptoKey', async () => {
    const store = await KeyStore.open({ name: 'readback', indexedDB: new IDBFactory() });
    IDBObjectStore.prototype.add = function () {
      throw new DOMException('CryptoKey could not be cloned', 'DataCloneError');
    };
    await expect(store.createKey()).rejects.toThrow(/could not be stored/);
    expect(await store.currentKey()).toBeUndefined();
    store.close();
  });

  it('restores the previous current key after a failed store', async () => {
    const store = await KeyStore.open({ name: 'readback', indexedDB: new IDBFactory() });
    const { id } = await store.createKey();
    await swapKeysOnAdd();
    await expect(store.createKey()).rejects.toThrow(OperationalError);
    expect((await store.currentKey())?.id).toBe(id);
    store.close();
  });
});
