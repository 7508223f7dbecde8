/** The options of `KeyStore` and of its keyring ciphers, with their defaults and checks. */
import { InterfaceError } from '../errors.js';
import type { OnKeyLimit } from './keyring-cipher.js';

/** NIST SP 800-38D §8.3: at most 2^32 encryptions per key with random 96-bit nonces. */
export const NIST_GCM_LIMIT = 2 ** 32;
/** Counts reserved per IndexedDB write: one write per 1,024 encryptions at most. */
export const DEFAULT_RESERVE_BLOCK = 1024;

/** Options of `KeyStore.open`. */
export interface KeyStoreOptions {
  /** The key store's name; its database is `${name}.keys`, apart from any recorder's. */
  readonly name: string;
  /** The IndexedDB factory; defaults to `globalThis.indexedDB`. */
  readonly indexedDB?: IDBFactory;
  /** Encryptions allowed per key on this device; default `NIST_GCM_LIMIT`. */
  readonly maxEncryptions?: number;
  /** Counts reserved per write; unused ones are skipped after a reload. Default 1,024. */
  readonly reserveBlock?: number;
}

/** Options of `KeyStore.cipher`: both choices are the caller's to make, on purpose. */
export interface KeyringOptions {
  /** With no key stored: `'create'` a new one, or `'fail'` with `OperationalError`. */
  readonly whenMissing: 'create' | 'fail';
  /** At a key's limit: `'rotate'` to a new random key (default) or `'refuse'`. */
  readonly onLimit?: OnKeyLimit;
}

/** Validated `KeyStoreOptions`. */
export interface KeyStoreSettings {
  readonly name: string;
  readonly factory: IDBFactory;
  readonly maxEncryptions: number;
  readonly reserveBlock: number;
}

/** The settings for `options`; `InterfaceError` for a bad name, limit or block. */
export function keyStoreSettings(options: KeyStoreOptions): KeyStoreSettings {
  const { name, indexedDB: factory = globalThis.indexedDB } = options;
  const { maxEncryptions = NIST_GCM_LIMIT, reserveBlock = DEFAULT_RESERVE_BLOCK } = options;
  if (typeof name !== 'string' || name === '') {
    throw new InterfaceError('A key store needs a non-empty name.');
  }
  for (const [label, n] of [
    ['maxEncryptions', maxEncryptions],
    ['reserveBlock', reserveBlock],
  ] as const) {
    if (!Number.isSafeInteger(n) || n < 1) throw new InterfaceError(`${label} must be >= 1.`);
  }
  if (maxEncryptions > NIST_GCM_LIMIT) {
    throw new InterfaceError('maxEncryptions cannot exceed 2^32 (NIST SP 800-38D).');
  }
  return { name, factory, maxEncryptions, reserveBlock };
}
