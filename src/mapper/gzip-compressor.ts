/** The gzip compressor: `CompressionStream('gzip')`, one member per state. */
import { compressInFrame, compressorSettings, decompressFrame } from './framed-compression.js';
import type { CompressorOptions, CompressorSettings } from './framed-compression.js';
import { gzipFrame } from './deflate-frames.js';
import type { Compressor } from './types.js';

/**
 * Compresses states as gzip (RFC 1952) with `CompressionStream('gzip')`. gzip adds 18 bytes
 * of framing where zlib adds 6, so prefer `ZlibCompressor` unless a consumer wants gzip (it is
 * not what the Python `eventsourcing` library's `ZlibCompressor` reads). What a caller can get
 * wrong:
 * - states shorter than `minBytes` (default 512) are written as stored blocks: still gzip, 23
 *   bytes longer than the state; pass `{ minBytes: 0 }` to compress every state;
 * - `decompress` reads exactly one gzip member: concatenated members, bytes after the end,
 *   damaged or truncated data and output beyond `maxOutputBytes` are a `DataError` on every
 *   engine (Node would read concatenated members; browsers reject them).
 */
export class GzipCompressor implements Compressor {
  readonly #settings: CompressorSettings;

  /** Throws `InterfaceError` when an option is not a safe integer >= 0. */
  constructor(options?: CompressorOptions) {
    this.#settings = compressorSettings(options);
  }

  /** `bytes` as one gzip member. */
  compress(bytes: Uint8Array): Promise<Uint8Array> {
    return compressInFrame(gzipFrame, bytes, this.#settings);
  }

  /** The data of one gzip member; `DataError` for anything else. */
  decompress(bytes: Uint8Array): Promise<Uint8Array> {
    return decompressFrame(gzipFrame, bytes, this.#settings);
  }
}
