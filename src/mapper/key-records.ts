/**
 * Helpers of `KeyStore` over stored key records: public info, ids, and the check that proves
 * a stored `CryptoKey` still is the key it was.
 */
import { AESCipher } from './aes-cipher.js';
import type { KeyRecord } from './key-db.js';

/** The plaintext of every key record's `check`. */
export const KEY_CHECK = new TextEncoder().encode('offline-eventstore key check');

/** What a caller may know about a stored key (never its bytes). */
export interface KeyInfo {
  /** 8 hex digits, written in every keyring ciphertext made with this key. */
  readonly id: string;
  readonly createdAt: Date;
  readonly source: KeyRecord['source'];
  /** The PBKDF2 salt and iterations of a passphrase key: keep them to derive it elsewhere. */
  readonly salt?: Uint8Array;
  readonly iterations?: number;
  /** Encryptions reserved so far on this device (an upper bound of those made). */
  readonly encryptions: number;
}

/** The public view of `record`. */
export function keyInfo(record: KeyRecord): KeyInfo {
  const { id, createdAt, source, salt, iterations, reserved } = record;
  const base = { id, createdAt: new Date(createdAt), source, encryptions: reserved };
  return salt && iterations ? { ...base, salt, iterations } : base;
}

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** A key id derived from `bytes` (a salt, a key): the same on every device. */
export async function fingerprintId(label: string, bytes: Uint8Array): Promise<string> {
  const input = new Uint8Array([...new TextEncoder().encode(label), ...bytes]);
  return hex(new Uint8Array(await crypto.subtle.digest('SHA-256', input)).subarray(0, 4));
}

/** A random key id. */
export function randomKeyId(): string {
  return hex(crypto.getRandomValues(new Uint8Array(4)));
}

/** Whether `key` decrypts `check` to `KEY_CHECK`. */
export async function keyMatches(key: CryptoKey, check: Uint8Array): Promise<boolean> {
  const cipher = await AESCipher.fromKey(key);
  const plain = await cipher.decrypt(check).catch(() => undefined);
  return plain?.length === KEY_CHECK.length && plain.every((b, i) => b === KEY_CHECK[i]);
}
