/**
 * Runs an engine's `CompressionStream` / `DecompressionStream` over one buffer, counting the
 * output as it arrives so that a zip bomb is cancelled at the limit instead of filling memory.
 */
import { DataError } from '../errors.js';
import { concatBytes, unshared } from './concat-bytes.js';

/** The two formats of the Compression Standard this library uses. */
export type StreamFormat = 'deflate' | 'gzip';

function source(bytes: Uint8Array): ReadableStream<BufferSource> {
  return new ReadableStream<BufferSource>({
    start(controller) {
      controller.enqueue(unshared(bytes));
      controller.close();
    },
  });
}

async function collect(stream: ReadableStream<Uint8Array>, maxBytes: number): Promise<Uint8Array> {
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return concatBytes(chunks);
    total += value.length;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new DataError(`The state decompresses to more than ${maxBytes} bytes (the limit).`);
    }
    chunks.push(value);
  }
}

/** `bytes` compressed by the engine in `format`. */
export function compressStream(format: StreamFormat, bytes: Uint8Array): Promise<Uint8Array> {
  return collect(source(bytes).pipeThrough(new CompressionStream(format)), Infinity);
}

/**
 * `bytes` decompressed by the engine, at most `maxBytes` of output. Every failure is a
 * `DataError` (engines throw `TypeError`, `Error` or `AbortError` for the same damage).
 * Note that some engines accept bytes after the end of the stream: see `acceptsTrailingData`.
 */
export async function decompressStream(
  format: StreamFormat,
  bytes: Uint8Array,
  maxBytes: number,
): Promise<Uint8Array> {
  try {
    return await collect(source(bytes).pipeThrough(new DecompressionStream(format)), maxBytes);
  } catch (error) {
    if (error instanceof DataError) throw error;
    throw new DataError(`The state is not valid ${format} data.`, { cause: error });
  }
}

const lenient = new Map<StreamFormat, Promise<boolean>>();

/**
 * Whether this engine's `DecompressionStream` reads past the end of a stream without error
 * (Node 20 ignores bytes after a zlib stream and reads concatenated gzip members; Chromium and
 * Firefox reject both). Probed once per format and realm.
 */
export function acceptsTrailingData(format: StreamFormat): Promise<boolean> {
  let probe = lenient.get(format);
  if (!probe) {
    probe = probeTrailingData(format);
    lenient.set(format, probe);
  }
  return probe;
}

async function probeTrailingData(format: StreamFormat): Promise<boolean> {
  const empty = await compressStream(format, new Uint8Array(0));
  try {
    await decompressStream(format, concatBytes([empty, empty]), 0);
    return true;
  } catch {
    return false;
  }
}
