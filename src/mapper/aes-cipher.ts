/** AES-GCM through WebCrypto in the byte layout of the Python `eventsourcing` `AESCipher`. */
import { InterfaceError } from '../errors.js';
import { fromBase64, toBase64 } from './base64.js';
import { unshared } from './concat-bytes.js';
import { translateCryptoError } from './crypto-errors.js';
import type { Cipher } from './types.js';

const NONCE = 12;
const TAG = 16;

/** The AES key sizes in bytes. */
export type AESKeyBytes = 16 | 24 | 32;

function checkKeySize(numBytes: number): asserts numBytes is AESKeyBytes {
  if (numBytes !== 16 && numBytes !== 24 && numBytes !== 32) {
    throw new InterfaceError(`An AES key has 16, 24 or 32 bytes, not ${String(numBytes)}.`);
  }
}

/**
 * The bytes of a base64 AES key. Throws `InterfaceError` for text that is not standard base64
 * or a size other than 16, 24 or 32 bytes.
 */
export function decodeAesKey(base64: string): Uint8Array<ArrayBuffer> {
  let raw: Uint8Array<ArrayBuffer>;
  try {
    raw = unshared(fromBase64(base64));
  } catch (error) {
    throw new InterfaceError('The AES key is not standard base64.', { cause: error });
  }
  checkKeySize(raw.length);
  return raw;
}

/**
 * `raw` as a non-extractable AES-GCM key. Rejects with `NotSupportedError` for a size the
 * engine lacks (192 bits in Chromium).
 */
export async function importAesKey(raw: Uint8Array<ArrayBuffer>): Promise<CryptoKey> {
  try {
    return await crypto.subtle.importKey('raw', raw, 'AES-GCM', false, ['encrypt', 'decrypt']);
  } catch (error) {
    throw translateCryptoError(error, 'import');
  }
}

/**
 * Encrypts states with AES-GCM, a fresh random 12-byte nonce per call, and writes
 * `nonce (12) ‖ tag (16) ‖ ciphertext`: the layout of the Python `eventsourcing` library's
 * `AESCipher`, so a Python backend with the same key reads what a browser wrote and the other
 * way round. What a caller can get wrong:
 * - one key may encrypt at most 2^32 states (NIST SP 800-38D, random nonces) across every
 *   device that holds it; this class does not count: `KeyStore` does, and rotates;
 * - the ciphertext is not bound to its event: a state copied to another event decrypts fine;
 * - `decrypt` rejects damaged, truncated or foreign ciphertext and the wrong key with
 *   `DataError`, never returns garbage.
 */
export class AESCipher implements Cipher {
  readonly #key: CryptoKey;

  private constructor(key: CryptoKey) {
    this.#key = key;
  }

  /**
   * A new random key as standard base64, Python's `AESCipher.create_key` format. Chromium
   * has no 192-bit AES: there `fromKey` of a 24-byte key rejects with `NotSupportedError`.
   * Throws `InterfaceError` for another size.
   */
  static createKey(numBytes: AESKeyBytes = 32): string {
    checkKeySize(numBytes);
    return toBase64(crypto.getRandomValues(new Uint8Array(numBytes)));
  }

  /**
   * A cipher for a base64 key (imported as non-extractable) or an AES-GCM `CryptoKey`.
   * Rejects with `InterfaceError` for a malformed key, `NotSupportedError` for a key size
   * the engine lacks (192 bits in Chromium).
   */
  static async fromKey(key: string | CryptoKey): Promise<AESCipher> {
    if (typeof key !== 'string') {
      if (key.algorithm.name !== 'AES-GCM') {
        throw new InterfaceError(`The key is for ${key.algorithm.name}, not AES-GCM.`);
      }
      return new AESCipher(key);
    }
    return new AESCipher(await importAesKey(decodeAesKey(key)));
  }

  /** `nonce ‖ tag ‖ ciphertext` of `bytes` (28 bytes longer), under a fresh random nonce. */
  async encrypt(bytes: Uint8Array): Promise<Uint8Array> {
    const nonce = crypto.getRandomValues(new Uint8Array(NONCE));
    let sealed: Uint8Array;
    try {
      const params = { name: 'AES-GCM', iv: nonce };
      sealed = new Uint8Array(await crypto.subtle.encrypt(params, this.#key, unshared(bytes)));
    } catch (error) {
      throw translateCryptoError(error, 'encrypt');
    }
    // WebCrypto returns ciphertext ‖ tag; eventsourcing stores the tag first.
    const out = new Uint8Array(sealed.length + NONCE);
    out.set(nonce);
    out.set(sealed.subarray(sealed.length - TAG), NONCE);
    out.set(sealed.subarray(0, sealed.length - TAG), NONCE + TAG);
    return out;
  }

  /** The plaintext of `nonce ‖ tag ‖ ciphertext`; `DataError` unless it is intact. */
  async decrypt(bytes: Uint8Array): Promise<Uint8Array> {
    if (bytes.length < NONCE + TAG) {
      const error = new RangeError(`${bytes.length} bytes is shorter than nonce and tag.`);
      throw translateCryptoError(error, 'decrypt');
    }
    const sealed = new Uint8Array(bytes.length - NONCE);
    sealed.set(bytes.subarray(NONCE + TAG));
    sealed.set(bytes.subarray(NONCE, NONCE + TAG), bytes.length - NONCE - TAG);
    try {
      const params = { name: 'AES-GCM', iv: bytes.slice(0, NONCE) };
      return new Uint8Array(await crypto.subtle.decrypt(params, this.#key, sealed));
    } catch (error) {
      throw translateCryptoError(error, 'decrypt');
    }
  }
}
