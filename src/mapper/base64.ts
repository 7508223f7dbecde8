/**
 * Base64 without `Buffer`: `btoa`/`atob` exist in browsers, workers, Node and edge runtimes.
 */

// String.fromCharCode takes its arguments on the stack; chunks keep large arrays below its limit.
const CHUNK = 0x8000;

/** The standard (padded, `+/`) base64 of `bytes`, as Python's `base64.b64encode` writes it. */
export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += CHUNK) {
    binary += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  }
  return btoa(binary);
}

/**
 * The bytes of a standard base64 string. Throws `TypeError` for anything that is not base64
 * (the URL-safe alphabet `-_` included), so a caller can tell a bad key from a short one.
 */
export function fromBase64(text: string): Uint8Array {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0) {
    throw new TypeError('Not standard base64 (A–Z, a–z, 0–9, +, /, padded with =).');
  }
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
