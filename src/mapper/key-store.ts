/**
 * Keys kept as non-extractable `CryptoKey`s in IndexedDB, verified after storing, counted
 * against NIST's per-key limit and rotated through a `KeyringCipher`.
 */
import { DataError, InterfaceError, OperationalError } from '../errors.js';
import { AESCipher, decodeAesKey, importAesKey } from './aes-cipher.js';
import type { AESKeyBytes } from './aes-cipher.js';
import { translateCryptoError } from './crypto-errors.js';
import { KeyBudget } from './key-budget.js';
import { KEYS, META, openKeyDatabase, requestResult, transactionDone } from './key-db.js';
import type { KeyRecord } from './key-db.js';
import { KEY_CHECK, fingerprintId, keyInfo, keyMatches, randomKeyId } from './key-records.js';
import type { KeyInfo } from './key-records.js';
import { KeyringCipher } from './keyring-cipher.js';
import type { KeyringSource } from './keyring-cipher.js';
import { keyStoreSettings } from './key-store-options.js';
import type { KeyringOptions, KeyStoreOptions } from './key-store-options.js';
import { PBKDF2_ITERATIONS, createSalt, deriveAesKey } from './passphrase.js';

/**
 * Keeps AES keys as non-extractable `CryptoKey`s in their own IndexedDB database. What a
 * caller can get wrong:
 * - **a new key cannot read old events.** `cipher({ whenMissing: 'create' })` creates one
 *   when none is stored: pass it only when no encrypted event exists yet (say, when the
 *   recorder's `maxNotificationId()` is 0); otherwise pass `'fail'` and restore the key
 *   (`deriveKey` with the same salt, or `importKey`);
 * - every stored key is read back and test-decrypted; a browser that cannot keep a
 *   `CryptoKey` (private modes) makes `createKey` reject with `OperationalError`;
 * - encryptions are counted per device: a key shared by N devices should get
 *   `maxEncryptions` of at most 2^32 / N.
 */
export class KeyStore {
  readonly #db: IDBDatabase;
  readonly #limit: number;
  readonly #block: number;
  readonly #budgets = new Map<string, KeyBudget>();
  #closed = false;

  private constructor(db: IDBDatabase, limit: number, block: number) {
    this.#db = db;
    this.#limit = limit;
    this.#block = block;
  }

  /** Opens (or creates) the key store `name`; `InterfaceError` for bad options. */
  static async open(options: KeyStoreOptions): Promise<KeyStore> {
    const { name, factory, maxEncryptions, reserveBlock } = keyStoreSettings(options);
    const db = await openKeyDatabase(factory, `${name}.keys`);
    return new KeyStore(db, maxEncryptions, reserveBlock);
  }

  /** Every stored key, oldest first. */
  async keys(): Promise<KeyInfo[]> {
    const records = await this.#records();
    return records.sort((a, b) => a.createdAt - b.createdAt).map(keyInfo);
  }

  /** The key new states are encrypted with, if any. */
  async currentKey(): Promise<KeyInfo | undefined> {
    const id = await this.#currentId();
    const record = id === undefined ? undefined : await this.#record(id);
    return record && keyInfo(record);
  }

  /** Creates a random non-extractable key and makes it current. */
  async createKey(bytes: AESKeyBytes = 32): Promise<KeyInfo> {
    AESCipher.createKey(bytes); // validates the size
    let key: CryptoKey;
    try {
      const algorithm = { name: 'AES-GCM', length: bytes * 8 };
      key = await crypto.subtle.generateKey(algorithm, false, ['encrypt', 'decrypt']);
    } catch (error) {
      throw translateCryptoError(error, 'generate');
    }
    return this.#add(key, randomKeyId(), { source: 'random' });
  }

  /**
   * Stores a base64 key (Python's `CIPHER_KEY` format) as non-extractable and makes it current.
   * Its id is a fingerprint of the key, the same on every device.
   */
  async importKey(base64: string): Promise<KeyInfo> {
    const raw = decodeAesKey(base64);
    const id = await fingerprintId('key', raw);
    return this.#adopt(await importAesKey(raw), id, { source: 'imported' });
  }

  /**
   * Derives a key from `passphrase` (PBKDF2-HMAC-SHA-256, `PBKDF2_ITERATIONS` by default) and
   * makes it current. Without `salt` a new random one is made; pass the `salt` and
   * `iterations` of an existing key to unlock it again: a wrong passphrase rejects with
   * `DataError`.
   */
  async deriveKey(
    passphrase: string,
    options: { readonly salt?: Uint8Array; readonly iterations?: number } = {},
  ): Promise<KeyInfo> {
    const { salt = createSalt(), iterations = PBKDF2_ITERATIONS } = options;
    const key = await deriveAesKey(passphrase, salt, { iterations });
    const id = await fingerprintId('salt', salt);
    return this.#adopt(key, id, { source: 'passphrase', salt: salt.slice(), iterations });
  }

  /** A keyring cipher over this store's keys; see `KeyringOptions` for the two choices. */
  async cipher(options: KeyringOptions): Promise<KeyringCipher> {
    if ((await this.#currentId()) === undefined) {
      if (options.whenMissing !== 'create') {
        throw new OperationalError(
          'The key store holds no key. If no state was ever encrypted, pass whenMissing: ' +
            "'create'; otherwise restore the key with deriveKey or importKey.",
        );
      }
      await this.createKey();
    }
    return KeyringCipher.open(this.#source(), options.onLimit);
  }

  /** Closes the database; later calls reject with `InterfaceError`. */
  close(): void {
    this.#closed = true;
    this.#db.close();
  }

  #source(): KeyringSource {
    return {
      load: async () => {
        const records = await this.#records();
        const pairs = await Promise.all(
          records.map(async (r) => [r.id, await AESCipher.fromKey(r.key)] as const),
        );
        return { currentId: (await this.#currentId()) ?? '', ciphers: new Map(pairs) };
      },
      take: (id) => this.#budget(id).take(),
      rotate: (id) => this.#rotate(id),
    };
  }

  #budget(id: string): KeyBudget {
    let budget = this.#budgets.get(id);
    if (!budget) {
      const transaction = (mode: IDBTransactionMode) => this.#transaction([KEYS], mode);
      budget = new KeyBudget(transaction, id, this.#limit, this.#block);
      this.#budgets.set(id, budget);
    }
    return budget;
  }

  async #rotate(exhaustedId: string): Promise<string> {
    const current = await this.#currentId();
    if (current !== undefined && current !== exhaustedId) return current;
    const record = await this.#record(exhaustedId);
    if (record?.source !== 'random') {
      throw new OperationalError(
        `Key ${exhaustedId} reached its encryption limit; derive or import a new key.`,
      );
    }
    return (await this.createKey()).id;
  }

  async #adopt(key: CryptoKey, id: string, fields: Fields): Promise<KeyInfo> {
    const existing = await this.#record(id);
    if (!existing) return this.#add(key, id, fields);
    if (!(await keyMatches(key, existing.check))) {
      throw new DataError(`Key ${id} does not match the stored one (wrong passphrase?).`);
    }
    await this.#write([META], (tx) => tx.objectStore(META).put(id, 'current'));
    return keyInfo(existing);
  }

  async #add(key: CryptoKey, id: string, fields: Fields): Promise<KeyInfo> {
    const check = await (await AESCipher.fromKey(key)).encrypt(KEY_CHECK);
    const record: KeyRecord = { id, key, createdAt: Date.now(), check, reserved: 1, ...fields };
    const previous = await this.#currentId();
    await this.#write([KEYS, META], (tx) => {
      tx.objectStore(KEYS).add(record);
      tx.objectStore(META).put(id, 'current');
    });
    const stored = await this.#record(id);
    if (stored && (await keyMatches(stored.key, stored.check))) return keyInfo(stored);
    await this.#write([KEYS, META], (tx) => {
      tx.objectStore(KEYS).delete(id);
      if (previous === undefined) tx.objectStore(META).delete('current');
      else tx.objectStore(META).put(previous, 'current');
    });
    throw new OperationalError('This browser did not keep the key (a private mode?).');
  }

  async #write(stores: string[], queue: (tx: IDBTransaction) => void): Promise<void> {
    const tx = this.#transaction(stores, 'readwrite');
    const done = transactionDone(tx);
    try {
      queue(tx);
    } catch (error) {
      // A synchronous throw (DataCloneError: a CryptoKey this browser cannot store) does not
      // abort on its own: abort so that nothing half-written commits.
      tx.abort();
      await done.catch(() => undefined);
      throw new OperationalError('The key could not be stored.', { cause: error });
    }
    await done;
  }

  #transaction(stores: string[], mode: IDBTransactionMode): IDBTransaction {
    if (this.#closed) throw new InterfaceError('The key store is closed.');
    return this.#db.transaction(stores, mode);
  }

  async #records(): Promise<KeyRecord[]> {
    const store = this.#transaction([KEYS], 'readonly').objectStore(KEYS);
    return (await requestResult(store.getAll())) as KeyRecord[];
  }

  async #record(id: string): Promise<KeyRecord | undefined> {
    const store = this.#transaction([KEYS], 'readonly').objectStore(KEYS);
    return (await requestResult(store.get(id))) as KeyRecord | undefined;
  }

  async #currentId(): Promise<string | undefined> {
    const store = this.#transaction([META], 'readonly').objectStore(META);
    return (await requestResult(store.get('current'))) as string | undefined;
  }
}

type Fields = Pick<KeyRecord, 'source' | 'salt' | 'iterations'>;
