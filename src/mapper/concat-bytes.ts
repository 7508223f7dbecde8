/** Joins `chunks` into one new exact-size buffer (its own `ArrayBuffer`, never a view). */
export function concatBytes(chunks: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

/**
 * `bytes` as a view of a plain `ArrayBuffer`, as WebCrypto and the compression streams require:
 * the same view when it already is one, else a copy (a `SharedArrayBuffer` view, say).
 */
export function unshared(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  return bytes.buffer instanceof ArrayBuffer
    ? (bytes as Uint8Array<ArrayBuffer>)
    : new Uint8Array(bytes);
}
