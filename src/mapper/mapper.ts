/**
 * Domain events ⇄ stored events: transcode, compress, encrypt on write; the reverse on read,
 * lifting old states to the current schema version on the way (eventsourcing's
 * `class_version` and `upcast_vN_vN+1`).
 */
import { DataError, PersistenceError } from '../errors.js';
import type { StoredEvent } from '../types.js';
import type { JSONTranscoder } from './json-transcoder.js';
import type { Cipher, Compressor, DomainEvent } from './types.js';

/** Lifts a state one schema version up; it receives the state without `class_version`. */
export type Upcaster = (state: Record<string, unknown>) => Record<string, unknown>;

/** Options of `Mapper`. */
export interface MapperOptions {
  readonly transcoder: JSONTranscoder;
  readonly compressor?: Compressor;
  readonly cipher?: Cipher;
  /**
   * Per topic, the upcasters from version 1 on: `[v1ToV2, v2ToV3]` makes 3 the current
   * version of that topic. States are written with `class_version: 3` (as eventsourcing writes
   * a `class_version` above 1), and states without one are version 1.
   */
  readonly upcasters?: Readonly<Record<string, readonly Upcaster[]>>;
}

const RESERVED = 'class_version';

function describe(e: {
  originatorId: unknown;
  originatorVersion: unknown;
  topic: unknown;
}): string {
  return `event ${String(e.originatorId)} v${String(e.originatorVersion)} (topic ${String(e.topic)})`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Maps domain events to stored events and back. What a caller can get wrong:
 * - the order is fixed: transcode, compress, encrypt on write; decrypt, decompress, decode on
 *   read. A Python backend reads these states with eventsourcing's `Mapper` given the same
 *   transcodings, `ZlibCompressor` and `AESCipher` key (see `AESCipher`, `ZlibCompressor`);
 * - `toStoredEvent` throws `TypeError` (naming the event) for values the transcoder cannot
 *   write, and for a `class_version` field, which is reserved;
 * - `toDomainEvent` rejects with `DataError` naming the event, the failure as `cause`, for a
 *   damaged state, the wrong key, an unknown `_type_`, or a `class_version` newer than the
 *   topic's upcasters reach (an older app reading a newer app's events); other persistence
 *   errors of the cipher (a closed `KeyStore`: `InterfaceError`) pass through unchanged;
 * - both are asynchronous (WebCrypto, CompressionStream): never call them inside an
 *   IndexedDB transaction; `EventStore` maps first, then records.
 */
export class Mapper {
  readonly #transcoder: JSONTranscoder;
  readonly #compressor: Compressor | undefined;
  readonly #cipher: Cipher | undefined;
  readonly #upcasters: ReadonlyMap<string, readonly Upcaster[]>;

  constructor(options: MapperOptions) {
    this.#transcoder = options.transcoder;
    this.#compressor = options.compressor;
    this.#cipher = options.cipher;
    this.#upcasters = new Map(Object.entries(options.upcasters ?? {}));
  }

  /** The stored event of `domainEvent`, its state serialised without the identity fields. */
  async toStoredEvent(domainEvent: DomainEvent): Promise<StoredEvent> {
    const { originatorId, originatorVersion, topic, ...fields } = domainEvent;
    if (typeof topic !== 'string' || topic === '') {
      throw new DataError(`The ${describe(domainEvent)} needs a non-empty string topic.`);
    }
    if (RESERVED in fields) {
      throw new TypeError(`The ${describe(domainEvent)} has a class_version field (reserved).`);
    }
    const version = (this.#upcasters.get(topic)?.length ?? 0) + 1;
    let state: Uint8Array;
    try {
      state = this.#transcoder.encode(version > 1 ? { ...fields, [RESERVED]: version } : fields);
    } catch (error) {
      if (!(error instanceof TypeError)) throw error;
      throw new TypeError(`Cannot write ${describe(domainEvent)}: ${error.message}`, {
        cause: error,
      });
    }
    if (this.#compressor) state = await this.#compressor.compress(state);
    if (this.#cipher) state = await this.#cipher.encrypt(state);
    return { originatorId, originatorVersion, topic, state };
  }

  /** The domain event of `storedEvent`; `DataError` naming it when its state cannot be read. */
  async toDomainEvent(storedEvent: StoredEvent): Promise<DomainEvent> {
    const { originatorId, originatorVersion, topic } = storedEvent;
    try {
      let bytes = storedEvent.state;
      if (this.#cipher) bytes = await this.#cipher.decrypt(bytes);
      if (this.#compressor) bytes = await this.#compressor.decompress(bytes);
      const state = this.#upcast(topic, this.#transcoder.decode(bytes));
      return { originatorId, originatorVersion, topic, ...state };
    } catch (error) {
      // A closed key store or a failed IndexedDB read is not damaged data: let it through.
      if (error instanceof PersistenceError && !(error instanceof DataError)) throw error;
      const reason = error instanceof Error ? error.message : String(error);
      throw new DataError(`Cannot read ${describe(storedEvent)}: ${reason}`, { cause: error });
    }
  }

  #upcast(topic: string, decoded: unknown): Record<string, unknown> {
    if (!isRecord(decoded)) throw new TypeError('The state is not a JSON object.');
    const upcasters = this.#upcasters.get(topic) ?? [];
    const { [RESERVED]: stored = 1, ...state } = decoded;
    delete state.originatorId;
    delete state.originatorVersion;
    delete state.topic;
    const current = upcasters.length + 1;
    if (typeof stored !== 'number' || !Number.isSafeInteger(stored) || stored < 1) {
      throw new TypeError(`class_version ${JSON.stringify(stored)} is not a version number.`);
    }
    if (stored > current) {
      throw new TypeError(
        `It has class_version ${stored}, but this app knows version ${current} of its topic: ` +
          'update the app, or register the missing upcasters.',
      );
    }
    let lifted = state;
    for (const upcast of upcasters.slice(stored - 1)) lifted = upcast(lifted);
    return lifted;
  }
}
