/** Test helpers over the engine's own compression streams (web APIs only). */

async function pipe(bytes: Uint8Array, transform: ReadableWritablePair<Uint8Array, BufferSource>) {
  const body = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(transform);
  return new Uint8Array(await new Response(body).arrayBuffer());
}

/** `bytes` compressed by this engine's `CompressionStream`. */
export function engineCompress(format: CompressionFormat, bytes: Uint8Array): Promise<Uint8Array> {
  return pipe(bytes, new CompressionStream(format));
}

/** `bytes` decompressed by this engine's `DecompressionStream`. */
export function engineDecompress(
  format: CompressionFormat,
  bytes: Uint8Array,
): Promise<Uint8Array> {
  return pipe(bytes, new DecompressionStream(format));
}

/** `n` random bytes (incompressible), in chunks `getRandomValues` accepts. */
export function randomBytes(n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i += 65536) crypto.getRandomValues(out.subarray(i, i + 65536));
  return out;
}

/** A JSON-like text of `n` bytes that compresses well. */
export function textBytes(n: number): Uint8Array {
  const line = '{"originator_id":"8c1e","trick":"roll over","timestamp":"2024-05-01"},';
  return new TextEncoder().encode(line.repeat(Math.ceil(n / line.length)).slice(0, n));
}

/** `a ‖ b`. */
export function join(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Flips the low bit of `bytes[index]` in place. */
export function flip(bytes: Uint8Array, index: number): void {
  bytes[index] = (bytes[index] ?? 0) ^ 1;
}
