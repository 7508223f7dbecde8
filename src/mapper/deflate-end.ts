/**
 * Where a deflate stream (RFC 1951) ends, found by walking its blocks without producing
 * output (after zlib's `puff.c`). Node's `DecompressionStream` ignores bytes after the end of
 * a zlib stream and reads concatenated gzip members, where browsers reject both; this walk
 * lets those engines reject them too. It runs only where an engine was seen to be lenient.
 */

const LENGTH_EXTRA = [
  0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0,
];
const DISTANCE_EXTRA = [
  0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13,
];
const CODE_LENGTH_ORDER = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];

interface Huffman {
  readonly counts: Int32Array;
  readonly symbols: Int32Array;
}

function huffman(lengths: ArrayLike<number>): Huffman {
  const counts = new Int32Array(16);
  for (let i = 0; i < lengths.length; i++) {
    const len = lengths[i] ?? 0;
    counts[len] = (counts[len] ?? 0) + 1;
  }
  const offsets = new Int32Array(16);
  for (let len = 1; len < 15; len++) offsets[len + 1] = (offsets[len] ?? 0) + (counts[len] ?? 0);
  const symbols = new Int32Array(lengths.length);
  for (let sym = 0; sym < lengths.length; sym++) {
    const len = lengths[sym] ?? 0;
    if (len === 0) continue;
    const at = offsets[len] ?? 0;
    symbols[at] = sym;
    offsets[len] = at + 1;
  }
  return { counts, symbols };
}

const FIXED_LENGTHS = huffman(
  Array.from({ length: 288 }, (_, s) => (s < 144 ? 8 : s < 256 ? 9 : s < 280 ? 7 : 8)),
);
const FIXED_DISTANCES = huffman(new Array<number>(30).fill(5));

class BitReader {
  #buffer = 0;
  #count = 0;
  readonly bytes: Uint8Array;
  at: number;

  constructor(bytes: Uint8Array, at: number) {
    this.bytes = bytes;
    this.at = at;
  }

  bits(n: number): number {
    while (this.#count < n) {
      const byte = this.bytes[this.at++];
      if (byte === undefined) throw new RangeError('The deflate stream is truncated.');
      this.#buffer |= byte << this.#count;
      this.#count += 8;
    }
    const value = this.#buffer & ((1 << n) - 1);
    this.#buffer >>>= n;
    this.#count -= n;
    return value;
  }

  alignToByte(): void {
    this.#buffer = 0;
    this.#count = 0;
  }

  decode(h: Huffman): number {
    let code = 0;
    let first = 0;
    let index = 0;
    for (let len = 1; len < 16; len++) {
      code |= this.bits(1);
      const count = h.counts[len] ?? 0;
      if (code - count < first) return h.symbols[index + (code - first)] ?? -1;
      index += count;
      first = (first + count) << 1;
      code <<= 1;
    }
    throw new RangeError('The deflate stream holds an invalid Huffman code.');
  }
}

function skipCodes(r: BitReader, lengths: Huffman, distances: Huffman): void {
  for (;;) {
    const symbol = r.decode(lengths);
    if (symbol === 256) return;
    if (symbol > 256) {
      r.bits(LENGTH_EXTRA[symbol - 257] ?? 0);
      r.bits(DISTANCE_EXTRA[r.decode(distances)] ?? 0);
    }
  }
}

function dynamicTables(r: BitReader): [Huffman, Huffman] {
  const nlen = r.bits(5) + 257;
  const ndist = r.bits(5) + 1;
  const ncode = r.bits(4) + 4;
  const codeLengths = new Array<number>(19).fill(0);
  for (let i = 0; i < ncode; i++) codeLengths[CODE_LENGTH_ORDER[i] ?? 0] = r.bits(3);
  const codes = huffman(codeLengths);
  const lengths: number[] = [];
  while (lengths.length < nlen + ndist) {
    const symbol = r.decode(codes);
    if (symbol < 16) lengths.push(symbol);
    else if (symbol === 16) lengths.push(...repeat(lengths.at(-1) ?? 0, 3 + r.bits(2)));
    else lengths.push(...repeat(0, symbol === 17 ? 3 + r.bits(3) : 11 + r.bits(7)));
  }
  return [huffman(lengths.slice(0, nlen)), huffman(lengths.slice(nlen, nlen + ndist))];
}

function repeat(value: number, times: number): number[] {
  return new Array<number>(times).fill(value);
}

/**
 * The offset just past the final block of the deflate stream that starts at `offset`.
 * Throws `RangeError` when the stream is truncated or malformed.
 */
export function deflateEnd(bytes: Uint8Array, offset: number): number {
  const r = new BitReader(bytes, offset);
  let final = 0;
  while (!final) {
    final = r.bits(1);
    const type = r.bits(2);
    if (type === 0) {
      r.alignToByte();
      const length = r.bits(16);
      r.bits(16);
      r.at += length;
      if (r.at > bytes.length) throw new RangeError('The deflate stream is truncated.');
    } else if (type === 1) {
      skipCodes(r, FIXED_LENGTHS, FIXED_DISTANCES);
    } else if (type === 2) {
      const [lengths, distances] = dynamicTables(r);
      skipCodes(r, lengths, distances);
    } else {
      throw new RangeError('The deflate stream holds an invalid block type.');
    }
  }
  return r.at;
}
