import { describe, expect, it } from 'vitest';
import { DataError } from '../../src/errors.js';
import { JSONTranscoder } from '../../src/mapper/json-transcoder.js';
import {
  bigintAsString,
  bytesAsBase64,
  datetimeAsIso,
  mapAsEntries,
  setAsList,
} from '../../src/mapper/transcodings.js';
import type { Transcoding } from '../../src/mapper/types.js';

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
const bytes = (s: string) => new TextEncoder().encode(s);

class Money {
  constructor(
    readonly amount: bigint,
    readonly currency: string,
  ) {}
}
const moneyAsDict: Transcoding<Money> = {
  type: Money,
  name: 'money',
  encode: (m) => ({ amount: m.amount, currency: m.currency }),
  decode: (d) => {
    const { amount, currency } = d as { amount: unknown; currency: unknown };
    if (typeof amount !== 'bigint' || typeof currency !== 'string') throw new TypeError('inner');
    return new Money(amount, currency);
  },
};

function transcoder(...extra: Transcoding[]): JSONTranscoder {
  const t = new JSONTranscoder();
  for (const x of extra) t.register(x);
  return t;
}

describe('JSONTranscoder', () => {
  it('writes compact UTF-8 JSON like Python json with separators (",", ":")', () => {
    expect(text(new JSONTranscoder().encode({ a: 1, b: [true, null, 'é'] }))).toBe(
      '{"a":1,"b":[true,null,"é"]}',
    );
  });

  it('writes a Date as datetime_iso with an explicit +00:00 offset', () => {
    const encoded = text(new JSONTranscoder().encode({ at: new Date(Date.UTC(2024, 4, 1, 12)) }));
    expect(encoded).toBe(
      '{"at":{"_type_":"datetime_iso","_data_":"2024-05-01T12:00:00.000+00:00"}}',
    );
  });

  it('reads back a Date it wrote', () => {
    const t = new JSONTranscoder();
    const at = new Date(Date.UTC(1999, 11, 31, 23, 59, 59, 999));
    expect(t.decode(t.encode({ at }))).toEqual({ at });
  });

  it('reads a Python datetime_iso with microseconds and an offset', () => {
    const data = bytes('{"_type_":"datetime_iso","_data_":"2021-12-31T23:59:59.123456+01:00"}');
    expect(new JSONTranscoder().decode(data)).toEqual(
      new Date(Date.UTC(2021, 11, 31, 22, 59, 59, 123)),
    );
  });

  it.each([
    ['bytes_base64', bytesAsBase64, Uint8Array.of(0, 1, 254, 255), '"AAH+/w=="'],
    ['bigint_str', bigintAsString, 2n ** 70n, '"1180591620717411303424"'],
    [
      'map_entries',
      mapAsEntries,
      new Map<unknown, unknown>([
        ['a', 1],
        [2, 'b'],
      ]),
      '[["a",1],[2,"b"]]',
    ],
    ['set_list', setAsList, new Set(['x', 3]), '["x",3]'],
  ] as const)('writes %s in its envelope', (name, transcoding, value, data) => {
    const encoded = text(transcoder(transcoding).encode(value));
    expect(encoded).toBe(`{"_type_":"${name}","_data_":${data}}`);
  });

  it.each([
    ['bytes_base64', bytesAsBase64, Uint8Array.of(0, 1, 254, 255)],
    ['bigint_str', bigintAsString, -(2n ** 70n)],
    ['map_entries', mapAsEntries, new Map<unknown, unknown>([[new Date(0), new Set([1n])]])],
    ['set_list', setAsList, new Set([new Date(5), 'x'])],
  ] as const)('reads back %s', (_name, transcoding, value) => {
    const t = transcoder(bigintAsString, setAsList, transcoding);
    expect(t.decode(t.encode(value))).toEqual(value);
  });

  it.each([
    ['bytes_base64', bytesAsBase64, 42],
    ['bigint_str', bigintAsString, '12x'],
    ['map_entries', mapAsEntries, [[1, 2, 3]]],
    ['set_list', setAsList, 'abc'],
    ['datetime_iso', datetimeAsIso, '2023-02-29'],
  ] as const)('rejects malformed %s data with TypeError', (name, transcoding, data) => {
    const t = transcoder(transcoding);
    expect(() => t.decode(bytes(JSON.stringify({ _type_: name, _data_: data })))).toThrow(
      TypeError,
    );
  });

  it('transcodes nested registered types, inner values first on read', () => {
    const t = transcoder(moneyAsDict, bigintAsString);
    const value = { price: new Money(1999n, 'EUR') };
    expect(text(t.encode(value))).toBe(
      '{"price":{"_type_":"money","_data_":{"amount":{"_type_":"bigint_str","_data_":"1999"},"currency":"EUR"}}}',
    );
    expect(t.decode(t.encode(value))).toEqual(value);
  });

  it('names an unregistered class and says how to fix it', () => {
    expect(() => new JSONTranscoder().encode({ price: new Money(1n, 'EUR') })).toThrow(
      new TypeError('No transcoding for Money. Register one with transcoder.register(...).'),
    );
  });

  it('names an unregistered bigint', () => {
    expect(() => new JSONTranscoder().encode(1n)).toThrow(/No transcoding for bigint\./);
  });

  it('names an unknown _type_ on read and says how to fix it', () => {
    const data = bytes('{"_type_":"decimal_str","_data_":"1.5"}');
    expect(() => new JSONTranscoder().decode(data)).toThrow(
      new TypeError(
        'No transcoding for _type_ "decimal_str". Register one with transcoder.register(...).',
      ),
    );
  });

  it('finds a transcoding through the prototype chain', () => {
    class Deadline extends Date {}
    const t = new JSONTranscoder();
    expect(t.decode(t.encode(new Deadline(7)))).toEqual(new Date(7));
  });

  it('replaces the transcoding of a type registered again', () => {
    const t = transcoder({
      type: Date,
      name: 'epoch_ms',
      encode: (d: Date) => d.getTime(),
      decode: (n) => new Date(n as number),
    });
    expect(text(t.encode(new Date(5)))).toBe('{"_type_":"epoch_ms","_data_":5}');
    expect(() => t.decode(bytes('{"_type_":"datetime_iso","_data_":"2020-01-01"}'))).toThrow(
      TypeError,
    );
  });

  it('refuses a name already used for another type', () => {
    const clash = { ...bigintAsString, name: 'datetime_iso' };
    expect(() => {
      new JSONTranscoder().register(clash);
    }).toThrow(/already used for Date/);
  });

  it('leaves undefined object fields out', () => {
    expect(text(new JSONTranscoder().encode({ a: undefined, b: 1 }))).toBe('{"b":1}');
  });

  it.each([
    ['undefined in a list', [undefined]],
    ['NaN', { n: Number.NaN }],
    ['Infinity', [Infinity]],
    ['a symbol', { s: Symbol('x') }],
    ['a function', { f: () => 1 }],
  ])('refuses %s with TypeError', (_name, value) => {
    expect(() => new JSONTranscoder().encode(value)).toThrow(TypeError);
  });

  it('refuses a cycle with TypeError', () => {
    const a: Record<string, unknown> = {};
    a.self = a;
    expect(() => new JSONTranscoder().encode(a)).toThrow(/cyclic/);
  });

  it('writes a value shared by two fields (not a cycle)', () => {
    const shared = { x: 1 };
    expect(text(new JSONTranscoder().encode({ a: shared, b: shared }))).toBe(
      '{"a":{"x":1},"b":{"x":1}}',
    );
  });

  it('refuses a plain object that would read back as an envelope', () => {
    expect(() => new JSONTranscoder().encode({ _type_: 'x', _data_: 1 })).toThrow(
      /_type_ and _data_/,
    );
  });

  it('reads an object with _type_ and other keys as a plain object', () => {
    const data = bytes('{"_type_":"x","_data_":1,"other":2}');
    expect(new JSONTranscoder().decode(data)).toEqual({ _type_: 'x', _data_: 1, other: 2 });
  });

  it('keeps a __proto__ key as data, never as a prototype', () => {
    const decoded = new JSONTranscoder().decode(bytes('{"__proto__":{"polluted":true}}'));
    expect(Object.getPrototypeOf(decoded)).toBe(Object.prototype);
    expect(Object.keys(decoded as object)).toEqual(['__proto__']);
  });

  it('rejects bytes that are not UTF-8 with DataError', () => {
    expect(() => new JSONTranscoder().decode(Uint8Array.of(0x7b, 0xff, 0x7d))).toThrow(DataError);
  });

  it('rejects bytes that are not JSON with DataError', () => {
    expect(() => new JSONTranscoder().decode(bytes('{"a":'))).toThrow(DataError);
  });
});
