/**
 * Deflate "stored" blocks (RFC 1951 §3.2.4, BTYPE 00): the data as is, behind a 5-byte block
 * header. Every inflater (Python's `zlib`, every browser) reads them, so a small state can
 * skip the ~45 µs of a `CompressionStream` and stay valid zlib or gzip.
 */
import { concatBytes } from './concat-bytes.js';

const MAX_BLOCK = 0xffff;

/** The size of `dataLength` bytes as stored deflate blocks. */
export function storedDeflateLength(dataLength: number): number {
  return dataLength + 5 * Math.max(1, Math.ceil(dataLength / MAX_BLOCK));
}

/** Writes `data` as stored deflate blocks into `out` at `offset`; returns the end offset. */
export function writeStoredDeflate(data: Uint8Array, out: Uint8Array, offset: number): number {
  let at = offset;
  let start = 0;
  do {
    const length = Math.min(MAX_BLOCK, data.length - start);
    const final = start + length === data.length;
    out[at] = final ? 1 : 0;
    out[at + 1] = length & 0xff;
    out[at + 2] = length >>> 8;
    out[at + 3] = ~length & 0xff;
    out[at + 4] = (~length >>> 8) & 0xff;
    out.set(data.subarray(start, start + length), at + 5);
    at += 5 + length;
    start += length;
  } while (start < data.length);
  return at;
}

/** The data of a deflate stream that starts at `offset`, and where that stream ends. */
export interface StoredDeflate {
  readonly data: Uint8Array;
  readonly end: number;
}

/**
 * Reads a deflate stream at `offset` when it is made of stored blocks only; `undefined` when
 * it holds a compressed block (then an engine's `DecompressionStream` must read it) or when a
 * block header is damaged (the engine reports that as it would for any stream).
 */
export function readStoredDeflate(bytes: Uint8Array, offset: number): StoredDeflate | undefined {
  const parts: Uint8Array[] = [];
  let at = offset;
  for (;;) {
    const header = bytes[at];
    if (header === undefined || (header & 0b110) !== 0) return undefined;
    const length = (bytes[at + 1] ?? 0) | ((bytes[at + 2] ?? 0) << 8);
    const check = (bytes[at + 3] ?? 0) | ((bytes[at + 4] ?? 0) << 8);
    if ((length ^ check) !== MAX_BLOCK || at + 5 + length > bytes.length) return undefined;
    parts.push(bytes.subarray(at + 5, at + 5 + length));
    at += 5 + length;
    if (header & 1) return { data: concatBytes(parts), end: at };
  }
}
