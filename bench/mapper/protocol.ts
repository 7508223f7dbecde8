/** What the bench page and its Node driver exchange (plain JSON). */

/** The compressor of a case: `-always` compresses every state (`minBytes: 0`). */
export type CompressorName = 'none' | 'zlib' | 'zlib-always' | 'gzip' | 'gzip-always';
/** The cipher of a case. */
export type CipherName = 'none' | 'aes' | 'keyring';

/** One mapper configuration. */
export interface CaseSpec {
  readonly compressor: CompressorName;
  readonly cipher: CipherName;
}

/** Costs of one case, per event. */
export interface CaseResult {
  /** µs per event, `toStoredEvent` awaited one event at a time. */
  readonly writeEach: number;
  /** µs per event, batches of 100 mapped with `Promise.all`. */
  readonly writeBatch: number;
  /** µs per event, `toDomainEvent` awaited one event at a time. */
  readonly readEach: number;
  /** Mean stored state size in bytes. */
  readonly bytes: number;
}

/** zlib cost and gain for states of one size. */
export interface SweepRow {
  readonly size: number;
  /** µs per state: CompressionStream('deflate'). */
  readonly compressUs: number;
  /** µs per state: reading that back (DecompressionStream). */
  readonly decompressUs: number;
  /** µs per state: writing stored blocks (our threshold path). */
  readonly storeUs: number;
  /** µs per state: reading stored blocks (no stream). */
  readonly storedReadUs: number;
  readonly compressedBytes: number;
  readonly storedBytes: number;
}

/** The functions the page exposes as `globalThis.mapperBench`. */
export interface MapperBenchPage {
  runRaw(n: number): Promise<CaseResult>;
  runCase(spec: CaseSpec, n: number): Promise<CaseResult>;
  sweep(sizes: readonly number[], n: number): Promise<SweepRow[]>;
  pbkdf2(iterations: number): Promise<number>;
}
