/**
 * Ready transcodings. `datetimeAsIso` is registered by every `JSONTranscoder`; register the
 * others on demand. Names follow the Python `eventsourcing` library's `<type>_<form>` pattern
 * (`datetime_iso`, `decimal_str`, `uuid_hex`) so that a Python backend can mirror them.
 */
import { fromBase64, toBase64 } from './base64.js';
import { formatIsoDateTime, parseIsoDateTime } from './iso-datetime.js';
import type { Transcoding } from './types.js';

function expect<T>(ok: (data: unknown) => data is T, data: unknown, name: string, form: string): T {
  if (!ok(data)) throw new TypeError(`${name} data must be ${form}, got ${typeof data}.`);
  return data;
}

const isString = (d: unknown): d is string => typeof d === 'string';
const isArray = (d: unknown): d is unknown[] => Array.isArray(d);
const isPairs = (d: unknown): d is [unknown, unknown][] =>
  Array.isArray(d) && d.every((p) => Array.isArray(p) && p.length === 2);

/**
 * `Date` as `datetime_iso`, the name and form of eventsourcing's `DatetimeAsISO`: written
 * `2024-05-01T12:00:00.000+00:00`, read from any ISO 8601 date-time (see `parseIsoDateTime`:
 * no offset means UTC; microseconds are dropped). An invalid `Date` throws `TypeError`.
 */
export const datetimeAsIso: Transcoding<Date> = {
  type: Date,
  name: 'datetime_iso',
  encode: formatIsoDateTime,
  decode: (data) => parseIsoDateTime(expect(isString, data, 'datetime_iso', 'a string')),
};

/**
 * `Uint8Array` as `bytes_base64` (standard padded base64; Python: `base64.b64decode`).
 * Subclasses such as Node's `Buffer` are written too and read back as plain `Uint8Array`.
 */
export const bytesAsBase64: Transcoding<Uint8Array> = {
  type: Uint8Array,
  name: 'bytes_base64',
  encode: toBase64,
  decode: (data) => fromBase64(expect(isString, data, 'bytes_base64', 'a base64 string')),
};

/** `bigint` as `bigint_str`, its decimal digits (Python: `int(data)`). */
export const bigintAsString: Transcoding<bigint> = {
  type: BigInt,
  name: 'bigint_str',
  encode: (value) => value.toString(),
  decode: (data) => {
    const text = expect(isString, data, 'bigint_str', 'a string of decimal digits');
    if (!/^-?\d+$/.test(text)) throw new TypeError(`bigint_str data is not an integer: ${text}`);
    return BigInt(text);
  },
};

/**
 * `Map` as `map_entries`, a list of `[key, value]` pairs in insertion order. Keys and values
 * may be any transcodable value (objects as keys come back as equal copies, not the same
 * objects, so look-ups by the original object reference miss).
 */
export const mapAsEntries: Transcoding<Map<unknown, unknown>> = {
  type: Map,
  name: 'map_entries',
  encode: (value) => [...value.entries()],
  decode: (data) => new Map(expect(isPairs, data, 'map_entries', 'a list of pairs')),
};

/** `Set` as `set_list`, its values in insertion order (Python: `set(data)`). */
export const setAsList: Transcoding<Set<unknown>> = {
  type: Set,
  name: 'set_list',
  encode: (value) => [...value],
  decode: (data) => new Set(expect(isArray, data, 'set_list', 'a list')),
};
