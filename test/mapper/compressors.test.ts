import { describe, expect, it } from 'vitest';
import { DataError, InterfaceError } from '../../src/errors.js';
import { GzipCompressor } from '../../src/mapper/gzip-compressor.js';
import { ZlibCompressor } from '../../src/mapper/zlib-compressor.js';
import { DEFAULT_MIN_COMPRESS_BYTES } from '../../src/mapper/framed-compression.js';
import type { CompressorOptions } from '../../src/mapper/framed-compression.js';
import { engineCompress, engineDecompress, flip, join, randomBytes, textBytes } from './streams.js';

const kinds = [
  {
    name: 'ZlibCompressor',
    format: 'deflate',
    overhead: 11,
    make: (o?: CompressorOptions) => new ZlibCompressor(o),
  },
  {
    name: 'GzipCompressor',
    format: 'gzip',
    overhead: 23,
    make: (o?: CompressorOptions) => new GzipCompressor(o),
  },
] as const;

describe.each(kinds)('$name', ({ format, overhead, make }) => {
  it('round-trips a compressible state, smaller than it was', async () => {
    const state = textBytes(5000);
    const compressed = await make().compress(state);
    expect(compressed.length).toBeLessThan(state.length / 4);
    expect(await make().decompress(compressed)).toEqual(state);
  });

  it('round-trips an empty state', async () => {
    expect(await make().decompress(await make({ minBytes: 0 }).compress(new Uint8Array()))).toEqual(
      new Uint8Array(),
    );
  });

  it('stores a state below minBytes uncompressed, still readable by the engine', async () => {
    const state = textBytes(DEFAULT_MIN_COMPRESS_BYTES - 1);
    const stored = await make().compress(state);
    expect(stored.length).toBe(state.length + overhead);
    expect(await engineDecompress(format, stored)).toEqual(state);
  });

  it('compresses a small state with the engine when minBytes is 0', async () => {
    const state = textBytes(DEFAULT_MIN_COMPRESS_BYTES - 1);
    expect((await make({ minBytes: 0 }).compress(state)).length).toBeLessThan(state.length);
  });

  it('stores an incompressible state rather than growing it more', async () => {
    const state = randomBytes(4000);
    expect((await make().compress(state)).length).toBe(state.length + overhead);
  });

  it('stores and reads back a state beyond one stored block (64 KiB)', async () => {
    const state = randomBytes(150_000);
    const stored = await make({ minBytes: 200_000 }).compress(state);
    expect(await engineDecompress(format, stored)).toEqual(state);
    expect(await make().decompress(stored)).toEqual(state);
  });

  it('compresses a state of minBytes with the engine', async () => {
    const state = textBytes(DEFAULT_MIN_COMPRESS_BYTES);
    expect((await make().compress(state)).length).toBeLessThan(state.length);
  });

  it('reads what the engine compressed', async () => {
    const state = textBytes(3000);
    expect(await make().decompress(await engineCompress(format, state))).toEqual(state);
  });

  it('rejects bytes after the end of a compressed stream', async () => {
    const compressed = await engineCompress(format, textBytes(3000));
    await expect(make().decompress(join(compressed, Uint8Array.of(0)))).rejects.toThrow(DataError);
  });

  it('rejects bytes after the end of a stored stream', async () => {
    const stored = await make().compress(textBytes(10));
    await expect(make().decompress(join(stored, Uint8Array.of(1, 2)))).rejects.toThrow(
      /2 bytes after the end/,
    );
  });

  it('rejects two concatenated streams', async () => {
    const one = await engineCompress(format, textBytes(3000));
    await expect(make().decompress(join(one, one))).rejects.toThrow(DataError);
  });

  it('rejects a truncated compressed stream', async () => {
    const compressed = await engineCompress(format, textBytes(3000));
    await expect(make().decompress(compressed.subarray(0, -1))).rejects.toThrow(DataError);
  });

  it('rejects a truncated stored stream', async () => {
    const stored = await make().compress(textBytes(100));
    await expect(make().decompress(stored.subarray(0, -1))).rejects.toThrow(DataError);
  });

  it('rejects a damaged compressed stream', async () => {
    const compressed = await engineCompress(format, textBytes(3000));
    flip(compressed, compressed.length - 3);
    await expect(make().decompress(compressed)).rejects.toThrow(DataError);
  });

  it('rejects a stored stream whose checksum does not match', async () => {
    const stored = await make().compress(textBytes(100));
    flip(stored, overhead - 2); // a data byte, well before the trailer
    await expect(make().decompress(stored)).rejects.toThrow(/checksum mismatch/);
  });

  it('rejects bytes that are not in the format', async () => {
    await expect(make().decompress(textBytes(100))).rejects.toThrow(DataError);
  });

  it('rejects output beyond maxOutputBytes (a zip bomb)', async () => {
    const bomb = await engineCompress(format, new Uint8Array(4 * 1024 * 1024));
    await expect(make({ maxOutputBytes: 65536 }).decompress(bomb)).rejects.toThrow(
      /more than 65536 bytes/,
    );
  });

  it('rejects a stored state beyond maxOutputBytes', async () => {
    const stored = await make().compress(textBytes(200));
    await expect(make({ maxOutputBytes: 199 }).decompress(stored)).rejects.toThrow(DataError);
  });

  it('accepts output of exactly maxOutputBytes', async () => {
    const compressed = await engineCompress(format, textBytes(3000));
    expect((await make({ maxOutputBytes: 3000 }).decompress(compressed)).length).toBe(3000);
  });

  it.each([{ minBytes: -1 }, { maxOutputBytes: 1.5 }, { minBytes: Number.NaN }])(
    'refuses the option %j with InterfaceError',
    (options) => {
      expect(() => make(options)).toThrow(InterfaceError);
    },
  );
});

describe('GzipCompressor headers', () => {
  it('reads a member with a file name, a comment and extra fields', async () => {
    const state = textBytes(3000);
    const plain = await engineCompress('gzip', state);
    const extra = Uint8Array.of(2, 0, 0xab, 0xcd);
    const name = new TextEncoder().encode('state.json\0');
    const comment = new TextEncoder().encode('hi\0');
    const header = plain.slice(0, 10);
    header[3] = 0x04 | 0x08 | 0x10; // FEXTRA, FNAME, FCOMMENT
    const member = join(header, extra, name, comment, plain.subarray(10));
    expect(await new GzipCompressor().decompress(member)).toEqual(state);
    await expect(new GzipCompressor().decompress(join(member, Uint8Array.of(0)))).rejects.toThrow(
      DataError,
    );
  });

  it('rejects reserved header flags', async () => {
    const member = await engineCompress('gzip', textBytes(300));
    member[3] = 0x20;
    await expect(new GzipCompressor().decompress(member)).rejects.toThrow(/bad header/);
  });
});

describe('ZlibCompressor headers', () => {
  it('rejects a preset dictionary', async () => {
    const stream = await engineCompress('deflate', textBytes(300));
    stream[1] = 0xbb; // FDICT set, FCHECK still valid: 0x78bb % 31 === 0
    await expect(new ZlibCompressor().decompress(stream)).rejects.toThrow(/preset dictionary/);
  });
});
