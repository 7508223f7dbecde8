/// <reference types="node" />
import { constants, deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { deflateEnd } from '../../src/mapper/deflate-end.js';
import { randomBytes, textBytes } from './streams.js';

const { Z_DEFAULT_STRATEGY, Z_FILTERED, Z_FIXED, Z_HUFFMAN_ONLY, Z_RLE } = constants;
const strategies = { Z_DEFAULT_STRATEGY, Z_FILTERED, Z_FIXED, Z_HUFFMAN_ONLY, Z_RLE };

const inputs = {
  empty: new Uint8Array(),
  'one byte': Uint8Array.of(7),
  'text 200 B': textBytes(200),
  'text 300 KB (many blocks)': textBytes(300_000),
  'random 100 KB': randomBytes(100_000),
  'zeros 1 MB': new Uint8Array(1_000_000),
};

describe('deflateEnd finds the end of what zlib wrote', () => {
  for (const [inputName, input] of Object.entries(inputs)) {
    for (const level of [0, 1, 6, 9]) {
      for (const [strategyName, strategy] of Object.entries(strategies)) {
        it(`${inputName}, level ${level}, ${strategyName}`, () => {
          const raw = deflateRawSync(input, { level, strategy });
          expect(deflateEnd(raw, 0)).toBe(raw.length);
        });
      }
    }
  }

  it('stops at the first stream, before bytes that follow it', () => {
    const raw = deflateRawSync(textBytes(5000));
    const padded = new Uint8Array([9, 9, ...raw, 1, 2, 3]);
    expect(deflateEnd(padded, 2)).toBe(2 + raw.length);
  });

  it('throws RangeError for a truncated stream', () => {
    const raw = deflateRawSync(textBytes(5000));
    expect(() => deflateEnd(raw.subarray(0, raw.length - 1), 0)).toThrow(RangeError);
  });

  it('throws RangeError for block type 3', () => {
    expect(() => deflateEnd(Uint8Array.of(0b111), 0)).toThrow(/block type/);
  });
});
