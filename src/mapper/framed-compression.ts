/**
 * Compression in a zlib or gzip frame, shared by `ZlibCompressor` and `GzipCompressor`:
 * stored blocks below a size threshold (and whenever compressing does not shrink the state),
 * a bounded engine decompression, and the checks that make every engine reject the same bytes.
 */
import { DataError, InterfaceError } from '../errors.js';
import { deflateEnd } from './deflate-end.js';
import type { DeflateFrame } from './deflate-frames.js';
import { acceptsTrailingData, compressStream, decompressStream } from './stream-codec.js';
import { readStoredDeflate, storedDeflateLength, writeStoredDeflate } from './stored-deflate.js';
import type { StoredDeflate } from './stored-deflate.js';

/** Options of `ZlibCompressor` and `GzipCompressor`. */
export interface CompressorOptions {
  /**
   * States shorter than this many bytes are written as stored (uncompressed) deflate blocks,
   * still valid zlib/gzip that Python's `zlib` reads. Default `DEFAULT_MIN_COMPRESS_BYTES`;
   * `0` compresses every state, as the Python `eventsourcing` library does.
   */
  readonly minBytes?: number;
  /**
   * `decompress` rejects with `DataError` once the output passes this many bytes, reading no
   * further (a zip bomb). Default `DEFAULT_MAX_DECOMPRESSED_BYTES` (64 MiB).
   */
  readonly maxOutputBytes?: number;
}

/**
 * 512 bytes. One `CompressionStream` costs about the same for any state up to ~1 KiB: 60–100 µs
 * to write and 50–75 µs to read in Chromium 156 here, against ~3 µs each way for stored blocks
 * and ~9 µs for the IndexedDB read of one event. What zlib saves grows with size: on JSON
 * states 7 % at 128 B, 27 % at 256 B, 44 % at 512 B, 56 % at 1 KiB (`bench/mapper/results.md`).
 * Below 512 B the bytes saved do not pay for a read path several times slower.
 */
export const DEFAULT_MIN_COMPRESS_BYTES = 512;
/** The default bound on one decompressed state: 64 MiB. */
export const DEFAULT_MAX_DECOMPRESSED_BYTES = 64 * 1024 * 1024;

/** Validated compressor options. */
export interface CompressorSettings {
  readonly minBytes: number;
  readonly maxOutputBytes: number;
}

/** The settings for `options`; `InterfaceError` for a bound that is not a safe integer. */
export function compressorSettings(options: CompressorOptions = {}): CompressorSettings {
  const { minBytes = DEFAULT_MIN_COMPRESS_BYTES } = options;
  const { maxOutputBytes = DEFAULT_MAX_DECOMPRESSED_BYTES } = options;
  if (!Number.isSafeInteger(minBytes) || minBytes < 0) {
    throw new InterfaceError(`minBytes must be a safe integer >= 0, got ${String(minBytes)}.`);
  }
  if (!Number.isSafeInteger(maxOutputBytes) || maxOutputBytes < 0) {
    throw new InterfaceError(
      `maxOutputBytes must be a safe integer >= 0, got ${String(maxOutputBytes)}.`,
    );
  }
  return { minBytes, maxOutputBytes };
}

/** `data` as stored deflate blocks in `frame`: valid zlib/gzip, 11 or 23 bytes longer. */
export function storeInFrame(frame: DeflateFrame, data: Uint8Array): Uint8Array {
  const size = frame.header.length + storedDeflateLength(data.length) + frame.trailerLength;
  const out = new Uint8Array(size);
  out.set(frame.header);
  const end = writeStoredDeflate(data, out, frame.header.length);
  out.set(frame.trailer(data), end);
  return out;
}

/** `bytes` in `frame`: stored below `minBytes` or when compressing does not shrink them. */
export async function compressInFrame(
  frame: DeflateFrame,
  bytes: Uint8Array,
  settings: CompressorSettings,
): Promise<Uint8Array> {
  if (bytes.length < settings.minBytes) return storeInFrame(frame, bytes);
  const compressed = await compressStream(frame.format, bytes);
  const storedSize = frame.header.length + storedDeflateLength(bytes.length) + frame.trailerLength;
  return compressed.length < storedSize ? compressed : storeInFrame(frame, bytes);
}

/** The data of `bytes`; `DataError` for anything but exactly one intact stream. */
export async function decompressFrame(
  frame: DeflateFrame,
  bytes: Uint8Array,
  settings: CompressorSettings,
): Promise<Uint8Array> {
  const start = frame.headerEnd(bytes);
  const stored = readStoredDeflate(bytes, start);
  if (stored) return checkStored(frame, bytes, stored, settings.maxOutputBytes);
  const data = await decompressStream(frame.format, bytes, settings.maxOutputBytes);
  if (await acceptsTrailingData(frame.format)) checkEnd(frame, bytes, start);
  return data;
}

function checkStored(
  frame: DeflateFrame,
  bytes: Uint8Array,
  stored: StoredDeflate,
  maxBytes: number,
): Uint8Array {
  const { data, end } = stored;
  if (data.length > maxBytes) {
    throw new DataError(`The state decompresses to more than ${maxBytes} bytes (the limit).`);
  }
  checkLength(frame, end + frame.trailerLength, bytes.length);
  const expected = frame.trailer(data);
  if (expected.some((byte, i) => bytes[end + i] !== byte)) {
    throw new DataError(`The state is not valid ${frame.format} data: checksum mismatch.`);
  }
  return data;
}

function checkEnd(frame: DeflateFrame, bytes: Uint8Array, start: number): void {
  let end: number;
  try {
    end = deflateEnd(bytes, start);
  } catch (error) {
    throw new DataError(`The state is not valid ${frame.format} data.`, { cause: error });
  }
  checkLength(frame, end + frame.trailerLength, bytes.length);
}

function checkLength(frame: DeflateFrame, streamEnd: number, length: number): void {
  if (streamEnd < length) {
    throw new DataError(
      `The state has ${length - streamEnd} bytes after the end of its ${frame.format} stream.`,
    );
  }
  if (streamEnd > length) {
    throw new DataError(`The state is not valid ${frame.format} data: truncated.`);
  }
}
