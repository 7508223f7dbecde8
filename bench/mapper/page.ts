/** The bench page: runs in Chromium, driven by mapper.bench.ts through `globalThis.mapperBench`. */
import { AESCipher } from '../../src/mapper/aes-cipher.js';
import { GzipCompressor } from '../../src/mapper/gzip-compressor.js';
import { JSONTranscoder } from '../../src/mapper/json-transcoder.js';
import { KeyStore } from '../../src/mapper/key-store.js';
import { Mapper } from '../../src/mapper/mapper.js';
import { createSalt, deriveAesKey } from '../../src/mapper/passphrase.js';
import type { Cipher, Compressor } from '../../src/mapper/types.js';
import { ZlibCompressor } from '../../src/mapper/zlib-compressor.js';
import type { StoredEvent } from '../../src/types.js';
import { makeEvents, makeStates, stateOf } from './events.js';
import type { CaseResult, CaseSpec, MapperBenchPage, SweepRow } from './protocol.js';

const STATE_BYTES = 200;
const BATCH = 100;

function compressor(name: CaseSpec['compressor']): Compressor | undefined {
  switch (name) {
    case 'none':
      return undefined;
    case 'zlib':
      return new ZlibCompressor();
    case 'zlib-always':
      return new ZlibCompressor({ minBytes: 0 });
    case 'gzip':
      return new GzipCompressor();
    case 'gzip-always':
      return new GzipCompressor({ minBytes: 0 });
  }
}

let keyStore: Promise<KeyStore> | undefined;

async function cipher(name: CaseSpec['cipher']): Promise<Cipher | undefined> {
  if (name === 'none') return undefined;
  if (name === 'aes') return AESCipher.fromKey(AESCipher.createKey());
  keyStore ??= KeyStore.open({ name: 'bench' });
  return (await keyStore).cipher({ whenMissing: 'create' });
}

async function timePerItem<T>(items: readonly T[], each: (item: T) => Promise<unknown>) {
  const start = performance.now();
  for (const item of items) await each(item);
  return ((performance.now() - start) * 1000) / items.length;
}

async function timeBatches<T>(items: readonly T[], each: (item: T) => Promise<unknown>) {
  const start = performance.now();
  for (let i = 0; i < items.length; i += BATCH) {
    await Promise.all(items.slice(i, i + BATCH).map(each));
  }
  return ((performance.now() - start) * 1000) / items.length;
}

async function runCase(spec: CaseSpec, n: number): Promise<CaseResult> {
  const c = compressor(spec.compressor);
  const k = await cipher(spec.cipher);
  const mapper = new Mapper({
    transcoder: new JSONTranscoder(),
    ...(c ? { compressor: c } : {}),
    ...(k ? { cipher: k } : {}),
  });
  const events = makeEvents(n, STATE_BYTES);
  const stored: StoredEvent[] = [];
  const writeEach = await timePerItem(events, async (e) =>
    stored.push(await mapper.toStoredEvent(e)),
  );
  const writeBatch = await timeBatches(events, (e) => mapper.toStoredEvent(e));
  const readEach = await timePerItem(stored, (s) => mapper.toDomainEvent(s));
  const bytes = stored.reduce((sum, s) => sum + s.state.length, 0) / stored.length;
  return { writeEach, writeBatch, readEach, bytes };
}

/** No mapper at all: `JSON.stringify` + `TextEncoder`, and back (Dates stay strings). */
async function runRaw(n: number): Promise<CaseResult> {
  const encoder = new TextEncoder();
  const decoder = new TextDecoder();
  const states = makeEvents(n, STATE_BYTES).map(stateOf);
  const encode = (s: Record<string, unknown>) => Promise.resolve(encoder.encode(JSON.stringify(s)));
  const stored: Uint8Array[] = [];
  const writeEach = await timePerItem(states, async (s) => stored.push(await encode(s)));
  const writeBatch = await timeBatches(states, encode);
  const readEach = await timePerItem(stored, (b) => Promise.resolve(JSON.parse(decoder.decode(b))));
  const bytes = stored.reduce((sum, b) => sum + b.length, 0) / stored.length;
  return { writeEach, writeBatch, readEach, bytes };
}

async function sweepSize(size: number, n: number): Promise<SweepRow> {
  const states = makeStates(n, size, size);
  const always = new ZlibCompressor({ minBytes: 0 });
  const never = new ZlibCompressor({ minBytes: Number.MAX_SAFE_INTEGER });
  const compressed: Uint8Array[] = [];
  const stored: Uint8Array[] = [];
  const compressUs = await timePerItem(states, async (s) =>
    compressed.push(await always.compress(s)),
  );
  const decompressUs = await timePerItem(compressed, (b) => always.decompress(b));
  const storeUs = await timePerItem(states, async (s) => stored.push(await never.compress(s)));
  const storedReadUs = await timePerItem(stored, (b) => never.decompress(b));
  const mean = (list: Uint8Array[]) => list.reduce((sum, b) => sum + b.length, 0) / list.length;
  const inputBytes = mean(states);
  return {
    size: Math.round(inputBytes),
    compressUs,
    decompressUs,
    storeUs,
    storedReadUs,
    compressedBytes: mean(compressed),
    storedBytes: mean(stored),
  };
}

async function sweep(sizes: readonly number[], n: number): Promise<SweepRow[]> {
  const rows: SweepRow[] = [];
  for (const size of sizes) rows.push(await sweepSize(size, n));
  return rows;
}

async function pbkdf2(iterations: number): Promise<number> {
  const start = performance.now();
  await deriveAesKey('correct horse battery staple', createSalt(), { iterations });
  return performance.now() - start;
}

const api: MapperBenchPage = { runRaw, runCase, sweep, pbkdf2 };
(globalThis as unknown as { mapperBench: MapperBenchPage }).mapperBench = api;
