/** The zlib compressor: the format of Python's `zlib` and `eventsourcing`'s `ZlibCompressor`. */
import { compressInFrame, compressorSettings, decompressFrame } from './framed-compression.js';
import type { CompressorOptions, CompressorSettings } from './framed-compression.js';
import { zlibFrame } from './deflate-frames.js';
import type { Compressor } from './types.js';

/**
 * Compresses states as zlib (RFC 1950) with `CompressionStream('deflate')`; Python's
 * `zlib.decompress` (so `eventsourcing`'s `ZlibCompressor`) reads everything it writes, and it
 * reads what Python writes. What a caller can get wrong:
 * - states shorter than `minBytes` (default 512) are written as stored blocks: still zlib, but
 *   11 bytes longer than the state; pass `{ minBytes: 0 }` to compress every state;
 * - compressed bytes differ between engines (WebKit writes another header level): never hash
 *   or compare them, compare decompressed states;
 * - `decompress` rejects with `DataError` for damaged or truncated data, bytes after the end
 *   of the stream, and output beyond `maxOutputBytes`, on every engine alike.
 */
export class ZlibCompressor implements Compressor {
  readonly #settings: CompressorSettings;

  /** Throws `InterfaceError` when an option is not a safe integer >= 0. */
  constructor(options?: CompressorOptions) {
    this.#settings = compressorSettings(options);
  }

  /** `bytes` as zlib data. */
  compress(bytes: Uint8Array): Promise<Uint8Array> {
    return compressInFrame(zlibFrame, bytes, this.#settings);
  }

  /** The data of one zlib stream; `DataError` for anything else. */
  decompress(bytes: Uint8Array): Promise<Uint8Array> {
    return decompressFrame(zlibFrame, bytes, this.#settings);
  }
}
