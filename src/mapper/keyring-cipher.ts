/**
 * A cipher over several keys: new states under the current key, old states under whichever
 * key their header names, so rotating keys keeps every event readable.
 */
import { DataError, OperationalError } from '../errors.js';
import type { AESCipher } from './aes-cipher.js';
import type { Cipher } from './types.js';

/** The first byte of every keyring ciphertext (format 1: key id, then the AESCipher layout). */
export const KEYRING_FORMAT = 0x01;
const HEADER = 5;

/** What a keyring cipher needs from its key store (`KeyStore` provides it). */
export interface KeyringSource {
  /** The current key id and a cipher per key id, read afresh. */
  load(): Promise<{ readonly currentId: string; readonly ciphers: ReadonlyMap<string, AESCipher> }>;
  /** Counts one encryption with key `id`: `false` when that key has reached its limit. */
  take(id: string): Promise<boolean>;
  /** Makes a new random key current and returns its id; rejects when `id` cannot rotate. */
  rotate(exhaustedId: string): Promise<string>;
}

/** What to do when the current key reaches its encryption limit. */
export type OnKeyLimit = 'rotate' | 'refuse';

function idBytes(id: string): Uint8Array {
  return Uint8Array.from(id.match(/../g) ?? [], (pair) => parseInt(pair, 16));
}

function idOf(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * Encrypts with the key store's current key and writes
 * `format (1 byte, 0x01) ‖ key id (4) ‖ nonce (12) ‖ tag (16) ‖ ciphertext`.
 * What a caller can get wrong:
 * - this is **not** the Python `eventsourcing` layout: a backend must drop the 5-byte header,
 *   pick the key by its id, and hand the rest to eventsourcing's `AESCipher`; with a single
 *   key shared with Python, use `AESCipher` instead;
 * - at the key's limit (NIST's 2^32 by default) it rotates to a new random key, or, with
 *   `onLimit: 'refuse'` or a passphrase or imported key, rejects with `OperationalError`;
 * - `decrypt` rejects with `DataError` for another format, an unknown key id (a key this key
 *   store does not hold), a damaged ciphertext or the wrong key.
 */
export class KeyringCipher implements Cipher {
  readonly #source: KeyringSource;
  readonly #onLimit: OnKeyLimit;
  #currentId: string;
  #ciphers: ReadonlyMap<string, AESCipher>;
  #rotation: Promise<string> | undefined;

  private constructor(source: KeyringSource, onLimit: OnKeyLimit, loaded: LoadedKeys) {
    this.#source = source;
    this.#onLimit = onLimit;
    this.#currentId = loaded.currentId;
    this.#ciphers = loaded.ciphers;
  }

  /** A keyring over `source`'s keys; see `KeyStore.cipher` for the usual way to get one. */
  static async open(source: KeyringSource, onLimit: OnKeyLimit = 'rotate'): Promise<KeyringCipher> {
    return new KeyringCipher(source, onLimit, await source.load());
  }

  /** The id of the key new states are encrypted with. */
  get currentKeyId(): string {
    return this.#currentId;
  }

  /** `bytes` encrypted under the current key, behind the 5-byte keyring header. */
  async encrypt(bytes: Uint8Array): Promise<Uint8Array> {
    let id = this.#currentId;
    while (!(await this.#source.take(id))) id = await this.#exhausted(id);
    const body = await this.#cipher(id).encrypt(bytes);
    const out = new Uint8Array(HEADER + body.length);
    out[0] = KEYRING_FORMAT;
    out.set(idBytes(id), 1);
    out.set(body, HEADER);
    return out;
  }

  /** The plaintext of a keyring ciphertext; `DataError` unless it is intact and ours. */
  async decrypt(bytes: Uint8Array): Promise<Uint8Array> {
    if (bytes.length < HEADER || bytes[0] !== KEYRING_FORMAT) {
      throw new DataError('The state is not a keyring ciphertext (format byte 0x01 expected).');
    }
    const id = idOf(bytes.subarray(1, HEADER));
    if (!this.#ciphers.has(id)) await this.#reload();
    const cipher = this.#ciphers.get(id);
    if (!cipher) {
      throw new DataError(`The state was encrypted with key ${id}, which this key store lacks.`);
    }
    return cipher.decrypt(bytes.subarray(HEADER));
  }

  #cipher(id: string): AESCipher {
    const cipher = this.#ciphers.get(id);
    if (!cipher) throw new OperationalError(`Key ${id} is no longer in the key store.`);
    return cipher;
  }

  async #reload(): Promise<void> {
    const loaded = await this.#source.load();
    this.#currentId = loaded.currentId;
    this.#ciphers = loaded.ciphers;
  }

  #exhausted(id: string): Promise<string> {
    if (this.#onLimit === 'refuse') {
      const message = `Key ${id} reached its encryption limit; create a new key to go on.`;
      return Promise.reject(new OperationalError(message));
    }
    if (id !== this.#currentId) return Promise.resolve(this.#currentId);
    this.#rotation ??= this.#source
      .rotate(id)
      .then(async (newId) => {
        await this.#reload();
        return newId;
      })
      .finally(() => {
        this.#rotation = undefined;
      });
    return this.#rotation;
  }
}

type LoadedKeys = Awaited<ReturnType<KeyringSource['load']>>;
