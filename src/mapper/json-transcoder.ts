/**
 * JSON with registered transcodings, byte-compatible with the Python `eventsourcing`
 * library's `JSONTranscoder` (compact separators, UTF-8, `{"_type_": name, "_data_": ...}`).
 */
import { DataError } from '../errors.js';
import { datetimeAsIso } from './transcodings.js';
import type { Transcoding } from './types.js';

const utf8Decoder = new TextDecoder('utf-8', { fatal: true });
const utf8Encoder = new TextEncoder();

function typeName(value: unknown): string {
  if (value === null || (typeof value !== 'object' && typeof value !== 'function')) {
    return typeof value;
  }
  const proto: unknown = Object.getPrototypeOf(value);
  const ctor: unknown = proto && (proto as { constructor?: unknown }).constructor;
  return typeof ctor === 'function' && ctor.name ? ctor.name : typeof value;
}

function unregistered(what: string): TypeError {
  return new TypeError(`No transcoding for ${what}. Register one with transcoder.register(...).`);
}

function isEnvelope(keys: readonly string[]): boolean {
  return keys.length === 2 && keys.includes('_type_') && keys.includes('_data_');
}

/**
 * Serialises event states as UTF-8 JSON; `Date` is registered as `datetime_iso`. What a caller
 * can get wrong:
 * - any value that is not JSON (`Date` aside) needs a registered transcoding, found through its
 *   prototype chain; `encode` throws `TypeError` ("No transcoding for Money. Register one with
 *   transcoder.register(...).") otherwise, and `decode` does the same for an unknown `_type_`;
 * - `undefined` object fields are left out (as `JSON.stringify` does), so they read back as
 *   missing; `undefined` anywhere else, `NaN`, `Infinity` and cycles throw `TypeError`;
 * - a plain object whose only keys are `_type_` and `_data_` cannot be written: it would read
 *   back as a transcoded value;
 * - `decode` throws `DataError` when the bytes are not UTF-8 JSON.
 */
export class JSONTranscoder {
  readonly #byPrototype = new Map<unknown, Transcoding>();
  readonly #byName = new Map<string, Transcoding>();

  constructor() {
    this.register(datetimeAsIso);
  }

  /**
   * Adds `transcoding`, replacing any earlier one for the same type (so `Date` can be
   * re-registered under another form). Throws `TypeError` when its name is taken by a
   * transcoding of another type.
   */
  register<T>(transcoding: Transcoding<T>): void {
    const { name, type } = transcoding;
    if (typeof name !== 'string' || name === '') {
      throw new TypeError('A transcoding needs a non-empty string name.');
    }
    const taken = this.#byName.get(name);
    if (taken && taken.type !== type) {
      throw new TypeError(`The transcoding name "${name}" is already used for ${taken.type.name}.`);
    }
    const replaced = this.#byPrototype.get(type.prototype);
    if (replaced) this.#byName.delete(replaced.name);
    this.#byPrototype.set(type.prototype, transcoding);
    this.#byName.set(name, transcoding);
  }

  /** The UTF-8 JSON of `value`; throws `TypeError` for what JSON and no transcoding can hold. */
  encode(value: unknown): Uint8Array {
    return utf8Encoder.encode(JSON.stringify(this.#toJson(value, new Set())));
  }

  /** The value back; `DataError` for bytes that are not UTF-8 JSON, `TypeError` as above. */
  decode(bytes: Uint8Array): unknown {
    let data: unknown;
    try {
      data = JSON.parse(utf8Decoder.decode(bytes));
    } catch (error) {
      throw new DataError('The state is not UTF-8 JSON.', { cause: error });
    }
    return this.#fromJson(data);
  }

  #toJson(value: unknown, ancestors: Set<object>): unknown {
    switch (typeof value) {
      case 'string':
      case 'boolean':
        return value;
      case 'number':
        if (Number.isFinite(value)) return value;
        throw new TypeError(`${value} cannot be written as JSON; use null or a string.`);
      case 'bigint':
        return this.#transcode(value, ancestors);
      case 'object':
        return value === null ? null : this.#objectToJson(value, ancestors);
      case 'undefined':
        throw new TypeError('undefined cannot be written as JSON; use null or leave it out.');
      default:
        throw unregistered(typeName(value));
    }
  }

  #objectToJson(value: object, ancestors: Set<object>): unknown {
    if (ancestors.has(value)) throw new TypeError('A cyclic structure cannot be written as JSON.');
    ancestors.add(value);
    try {
      if (Array.isArray(value)) return value.map((item) => this.#toJson(item, ancestors));
      const proto: unknown = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) return this.#transcode(value, ancestors);
      const entries = Object.entries(value).filter(([, v]) => v !== undefined);
      if (isEnvelope(entries.map(([key]) => key))) {
        throw new TypeError('An object with only the keys _type_ and _data_ cannot be written.');
      }
      return Object.fromEntries(entries.map(([k, v]) => [k, this.#toJson(v, ancestors)]));
    } finally {
      ancestors.delete(value);
    }
  }

  #transcode(value: unknown, ancestors: Set<object>): unknown {
    let proto: unknown = Object.getPrototypeOf(value);
    while (proto !== null && proto !== Object.prototype) {
      const transcoding = this.#byPrototype.get(proto);
      if (transcoding) {
        return {
          _type_: transcoding.name,
          _data_: this.#toJson(transcoding.encode(value), ancestors),
        };
      }
      proto = Object.getPrototypeOf(proto);
    }
    throw unregistered(typeName(value));
  }

  #fromJson(data: unknown): unknown {
    if (Array.isArray(data)) return data.map((item: unknown) => this.#fromJson(item));
    if (data === null || typeof data !== 'object') return data;
    const entries = Object.entries(data).map(([k, v]): [string, unknown] => [k, this.#fromJson(v)]);
    const object: Record<string, unknown> = Object.fromEntries(entries);
    if (!isEnvelope(Object.keys(object))) return object;
    const name = object._type_;
    const transcoding = typeof name === 'string' ? this.#byName.get(name) : undefined;
    if (!transcoding) throw unregistered(`_type_ ${JSON.stringify(name)}`);
    return transcoding.decode(object._data_);
  }
}
