/**
 * The key store's IndexedDB plumbing: one database per key store, a request→promise helper and
 * a transaction-end promise that also rejects on `abort`.
 */
import { OperationalError } from '../errors.js';

/** The object store of key records, keyed by `id`. */
export const KEYS = 'keys';
/** The object store of settings: the `current` key id. */
export const META = 'meta';

/** A stored key: the `CryptoKey` (non-extractable) and what it takes to trust and count it. */
export interface KeyRecord {
  /** 8 hex digits: the key id written in keyring ciphertexts. */
  readonly id: string;
  readonly key: CryptoKey;
  readonly createdAt: number;
  readonly source: 'random' | 'passphrase' | 'imported';
  readonly salt?: Uint8Array;
  readonly iterations?: number;
  /** A constant encrypted with this key: reading it back proves the key survived storage. */
  readonly check: Uint8Array;
  /** Encryptions handed out so far, in reserved blocks: never decreases. */
  readonly reserved: number;
}

/** Resolves with the request's result, rejects with `OperationalError` on its error. */
export function requestResult<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => {
      resolve(request.result);
    };
    request.onerror = () => {
      reject(new OperationalError('The key store request failed.', { cause: request.error }));
    };
  });
}

/** Resolves when `tx` commits; rejects with `OperationalError` on `error` or `abort`. */
export function transactionDone(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => {
      resolve();
    };
    const fail = () => {
      reject(new OperationalError('The key store transaction failed.', { cause: tx.error }));
    };
    tx.onerror = fail;
    tx.onabort = fail;
  });
}

/** Opens (creating on first use) the key database `name` in `factory`. */
export function openKeyDatabase(factory: IDBFactory, name: string): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = factory.open(name, 1);
    request.onupgradeneeded = () => {
      request.result.createObjectStore(KEYS, { keyPath: 'id' });
      request.result.createObjectStore(META);
    };
    request.onsuccess = () => {
      const db = request.result;
      // Let a newer version of the app upgrade the schema from another tab.
      db.onversionchange = () => {
        db.close();
      };
      resolve(db);
    };
    request.onerror = () => {
      reject(new OperationalError(`Cannot open the key store ${name}.`, { cause: request.error }));
    };
    request.onblocked = () => {
      reject(new OperationalError(`Opening the key store ${name} is blocked by another tab.`));
    };
  });
}
