/** AES keys derived from a passphrase with PBKDF2-HMAC-SHA-256 (WebCrypto). */
import { InterfaceError } from '../errors.js';
import { unshared } from './concat-bytes.js';
import { translateCryptoError } from './crypto-errors.js';

/**
 * 600,000 iterations: OWASP's Password Storage Cheat Sheet figure for PBKDF2-HMAC-SHA256
 * (since 2023). One derivation took ~94 ms in Chromium 156 on a 2-core VM, once per unlock
 * (`bench/mapper/results.md`).
 */
export const PBKDF2_ITERATIONS = 600_000;
/** Salt length in bytes: 128 bits, the minimum of NIST SP 800-132. */
export const PBKDF2_SALT_BYTES = 16;

/** A new random salt for `deriveAesKey`: store it next to whatever it protects. */
export function createSalt(): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(PBKDF2_SALT_BYTES));
}

/** Options of `deriveAesKey`. */
export interface DeriveKeyOptions {
  /** PBKDF2 iterations; default `PBKDF2_ITERATIONS`. Fewer only in tests. */
  readonly iterations?: number;
  /** Key size in bytes; default 32. */
  readonly bytes?: 16 | 32;
}

/**
 * A non-extractable AES-GCM key derived from `passphrase` and `salt`. The same passphrase,
 * salt and iterations give the same key on every engine and in Python:
 * `hashlib.pbkdf2_hmac('sha256', unicodedata.normalize('NFC', p).encode(), salt, n, 32)`.
 * What a caller can get wrong:
 * - the passphrase is NFC-normalised first (an "é" typed on two keyboards is one key);
 * - losing the salt loses the key: keep it with the data (`KeyStore` does);
 * - a wrong passphrase is not detected here; decrypting with the key fails with `DataError`.
 *
 * Throws `InterfaceError` for an empty passphrase, a salt under 16 bytes or a bad count.
 */
export async function deriveAesKey(
  passphrase: string,
  salt: Uint8Array,
  options: DeriveKeyOptions = {},
): Promise<CryptoKey> {
  const { iterations = PBKDF2_ITERATIONS, bytes = 32 } = options;
  if (typeof passphrase !== 'string' || passphrase === '') {
    throw new InterfaceError('The passphrase must be a non-empty string.');
  }
  if (salt.length < PBKDF2_SALT_BYTES) {
    throw new InterfaceError(`The salt must have at least ${PBKDF2_SALT_BYTES} bytes.`);
  }
  if (!Number.isSafeInteger(iterations) || iterations < 1) {
    throw new InterfaceError(`iterations must be a safe integer >= 1, got ${String(iterations)}.`);
  }
  const secret = new TextEncoder().encode(passphrase.normalize('NFC'));
  try {
    const base = await crypto.subtle.importKey('raw', secret, 'PBKDF2', false, ['deriveKey']);
    const params = { name: 'PBKDF2', hash: 'SHA-256', salt: unshared(salt), iterations };
    const aes = { name: 'AES-GCM', length: bytes * 8 };
    return await crypto.subtle.deriveKey(params, base, aes, false, ['encrypt', 'decrypt']);
  } catch (error) {
    throw translateCryptoError(error, 'derive');
  }
}
