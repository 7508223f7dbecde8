/**
 * The mapper's contracts (`shared/CONTRACT.md`, "Mapper"): what a transcoding, a compressor,
 * a cipher and a domain event look like. Implementations live one per file next to this one.
 */

/**
 * A class (or a primitive's wrapper function such as `BigInt`) whose values a transcoding
 * handles. The transcoder finds it through the value's prototype chain.
 */
export type TranscodedType<T> = (abstract new (...args: never[]) => T) | ((...args: never[]) => T);

/**
 * Turns values of one type into JSON-able data and back; registered with
 * `JSONTranscoder.register`. What a caller can get wrong:
 * - `name` is written into every stored event (`{"_type_": name, "_data_": ...}`), so it can
 *   never change once events exist; a Python backend must register a transcoding of that name;
 * - `encode` may return values of other registered types (they are transcoded in turn), and
 *   `decode` receives its data with those inner values already decoded;
 * - `encode` must never return an object whose only keys are `_type_` and `_data_`.
 */
export interface Transcoding<T = unknown> {
  /** The class of the values this transcoding writes. */
  readonly type: TranscodedType<T>;
  /** The `_type_` written for them: unique per transcoder, stable forever. */
  readonly name: string;
  /** A JSON-able representation of `value` (other registered types allowed inside). */
  encode(value: T): unknown;
  /** The value back from its representation; throw if `data` is not what `encode` wrote. */
  decode(data: unknown): T;
}

/**
 * Compresses a whole state at once. `decompress` must reject damaged or oversized input with
 * `DataError`, never return partial output.
 */
export interface Compressor {
  compress(bytes: Uint8Array): Promise<Uint8Array>;
  decompress(bytes: Uint8Array): Promise<Uint8Array>;
}

/**
 * Encrypts a whole state at once. `decrypt` must reject a damaged ciphertext or the wrong key
 * with `DataError`, never return garbage.
 */
export interface Cipher {
  encrypt(bytes: Uint8Array): Promise<Uint8Array>;
  decrypt(bytes: Uint8Array): Promise<Uint8Array>;
}

/**
 * A domain event: a plain object whose `topic` names its type. Everything but the three
 * identity fields is its state, which the mapper serialises. What a caller can get wrong:
 * - `topic` is explicit: never derive it from a class name (bundlers minify those);
 * - `originatorId`, `originatorVersion` and `topic` are **not** part of the stored state: on
 *   read they come from the stored event (a state written by Python does not carry them);
 * - `class_version` is reserved (the version of the event's schema, see `Mapper`).
 */
export interface DomainEvent {
  readonly originatorId: string;
  readonly originatorVersion: number;
  readonly topic: string;
  readonly [field: string]: unknown;
}
