/**
 * The checksums of the zlib (Adler-32, RFC 1950) and gzip (CRC-32, RFC 1952) trailers, for
 * the streams this library writes itself and for checking what an engine decompressed.
 */

const ADLER_MOD = 65521;
// Sums stay below 2^53 for this many bytes between reductions (zlib's NMAX).
const ADLER_NMAX = 5552;

/** The Adler-32 of `bytes` as an unsigned 32-bit integer (zlib's `adler32(1, ...)`). */
export function adler32(bytes: Uint8Array): number {
  let a = 1;
  let b = 0;
  for (let start = 0; start < bytes.length; start += ADLER_NMAX) {
    const end = Math.min(start + ADLER_NMAX, bytes.length);
    for (let i = start; i < end; i++) {
      a += bytes[i] ?? 0;
      b += a;
    }
    a %= ADLER_MOD;
    b %= ADLER_MOD;
  }
  return ((b << 16) | a) >>> 0;
}

let crcTable: Uint32Array | undefined;

function table(): Uint32Array {
  if (crcTable) return crcTable;
  crcTable = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    crcTable[n] = c >>> 0;
  }
  return crcTable;
}

/** The CRC-32 (ISO-HDLC, as in gzip and Python's `zlib.crc32`) of `bytes`, unsigned. */
export function crc32(bytes: Uint8Array): number {
  const t = table();
  let c = 0xffffffff;
  for (const byte of bytes) c = (t[(c ^ byte) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
