/// <reference types="node" />
import { describe, expect, it } from 'vitest';
import { DataError } from '../../src/errors.js';
import { GzipCompressor } from '../../src/mapper/gzip-compressor.js';
import { ZlibCompressor } from '../../src/mapper/zlib-compressor.js';

const MiB = 1024 ** 2;

/** A stream of `total` zero bytes compressed by the engine, built without holding them. */
async function bomb(format: CompressionFormat, total: number): Promise<Uint8Array> {
  const chunk = new Uint8Array(1024 * 1024);
  let left = total;
  const zeros = new ReadableStream<BufferSource>({
    pull(controller) {
      if (left <= 0) {
        controller.close();
        return;
      }
      controller.enqueue(chunk);
      left -= chunk.length;
    },
  });
  const body = zeros.pipeThrough(new CompressionStream(format));
  return new Uint8Array(await new Response(body).arrayBuffer());
}

/** Runs `work` while sampling memory; returns the peak growth of heap + array buffers. */
async function peakGrowth(work: () => Promise<unknown>): Promise<number> {
  const used = () => {
    const m = process.memoryUsage();
    return m.heapUsed + m.arrayBuffers;
  };
  const base = used();
  let peak = base;
  const timer = setInterval(() => {
    peak = Math.max(peak, used());
  }, 1);
  try {
    await work();
  } finally {
    clearInterval(timer);
    peak = Math.max(peak, used());
  }
  return peak - base;
}

describe.each([
  ['ZlibCompressor', 'deflate', () => new ZlibCompressor({ maxOutputBytes: MiB })],
  ['GzipCompressor', 'gzip', () => new GzipCompressor({ maxOutputBytes: MiB })],
] as const)('%s under a 256 MiB zip bomb', (_name, format, make) => {
  it('rejects with DataError, keeping memory far below the bomb', async () => {
    const compressed = await bomb(format, 256 * MiB);
    expect(compressed.length).toBeLessThan(MiB);
    let error: unknown;
    const growth = await peakGrowth(() =>
      make()
        .decompress(compressed)
        .catch((e: unknown) => (error = e)),
    );
    expect(error).toBeInstanceOf(DataError);
    expect(growth).toBeLessThan(32 * MiB);
  }, 60_000);
});
