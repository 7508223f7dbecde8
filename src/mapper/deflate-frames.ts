/**
 * The two containers around a deflate stream: zlib (RFC 1950, `CompressionStream('deflate')`,
 * Python's `zlib.compress`) and gzip (RFC 1952). Each has a header to check and skip and a
 * checksum trailer to write and verify.
 */
import { DataError } from '../errors.js';
import { adler32, crc32 } from './checksums.js';
import type { StreamFormat } from './stream-codec.js';

/** A deflate container: what goes before and after the deflate stream. */
export interface DeflateFrame {
  /** The `CompressionStream` format name of this container. */
  readonly format: StreamFormat;
  /** The header this library writes around stored blocks. */
  readonly header: Uint8Array;
  /** The trailer's length in bytes. */
  readonly trailerLength: number;
  /** Where the deflate stream starts; `DataError` for a header this container cannot have. */
  headerEnd(bytes: Uint8Array): number;
  /** The trailer for uncompressed `data`. */
  trailer(data: Uint8Array): Uint8Array;
}

function damaged(format: string, what: string): DataError {
  return new DataError(`The state is not valid ${format} data: ${what}.`);
}

/** zlib: a 2-byte header (no preset dictionary) and the Adler-32, big-endian. */
export const zlibFrame: DeflateFrame = {
  format: 'deflate',
  // CMF 0x78 (deflate, 32 KiB window), FLG 0x01 (level "fastest", FCHECK): `78 01`.
  header: Uint8Array.of(0x78, 0x01),
  trailerLength: 4,
  headerEnd(bytes) {
    const cmf = bytes[0] ?? 0;
    const flg = bytes[1] ?? 0;
    if ((cmf & 0x0f) !== 8 || cmf >> 4 > 7 || ((cmf << 8) | flg) % 31 !== 0) {
      throw damaged('zlib', 'bad header');
    }
    if (flg & 0x20) throw damaged('zlib', 'a preset dictionary is not supported');
    return 2;
  },
  trailer(data) {
    const out = new Uint8Array(4);
    new DataView(out.buffer).setUint32(0, adler32(data));
    return out;
  },
};

const FHCRC = 0x02;
const FEXTRA = 0x04;
const FNAME = 0x08;
const FCOMMENT = 0x10;

function skipZeroTerminated(bytes: Uint8Array, at: number): number {
  const end = bytes.indexOf(0, at);
  if (end < 0) throw damaged('gzip', 'truncated header');
  return end + 1;
}

/** gzip: a 10-byte header (plus optional fields) and the CRC-32 and length, little-endian. */
export const gzipFrame: DeflateFrame = {
  format: 'gzip',
  // Magic, CM 8, no flags, no mtime, XFL 0, OS 255 (unknown).
  header: Uint8Array.of(0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff),
  trailerLength: 8,
  headerEnd(bytes) {
    const flags = bytes[3] ?? 0;
    if (bytes[0] !== 0x1f || bytes[1] !== 0x8b || bytes[2] !== 8 || flags & 0xe0) {
      throw damaged('gzip', 'bad header');
    }
    let at = 10;
    if (flags & FEXTRA) at += 2 + ((bytes[10] ?? 0) | ((bytes[11] ?? 0) << 8));
    if (flags & FNAME) at = skipZeroTerminated(bytes, at);
    if (flags & FCOMMENT) at = skipZeroTerminated(bytes, at);
    if (flags & FHCRC) at += 2;
    if (at > bytes.length) throw damaged('gzip', 'truncated header');
    return at;
  },
  trailer(data) {
    const out = new Uint8Array(8);
    const view = new DataView(out.buffer);
    view.setUint32(0, crc32(data), true);
    view.setUint32(4, data.length >>> 0, true);
    return out;
  },
};
