/**
 * Base64 for the wire: `btoa`/`atob` exist in browsers, workers, Node and edge runtimes alike
 * (`Uint8Array.fromBase64` does not yet exist everywhere).
 */

const CHUNK = 0x8000;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Standard base64, with padding, of `bytes`. */
export function encodeBase64(bytes: Uint8Array): string {
  let binary = '';
  // String.fromCharCode takes arguments: chunk so a large state never overflows the stack.
  for (let i = 0; i < bytes.length; i += CHUNK) {
    binary += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  }
  return btoa(binary);
}

/** The bytes of standard base64 `text`; throws `SyntaxError` unless `isBase64(text)`. */
export function decodeBase64(text: string): Uint8Array<ArrayBuffer> {
  if (!isBase64(text)) throw new SyntaxError('Not standard padded base64.');
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** Whether `text` is standard base64 with padding and nothing else (no whitespace). */
export function isBase64(text: string): boolean {
  return BASE64.test(text);
}

/** How many bytes the valid base64 `text` decodes to, without decoding it. */
export function base64ByteLength(text: string): number {
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  return (text.length / 4) * 3 - padding;
}

/** URL-safe base64 without padding (RFC 4648 §5), as used in tokens. */
export function encodeBase64Url(bytes: Uint8Array): string {
  return encodeBase64(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** The bytes of unpadded URL-safe base64; throws `SyntaxError` for anything else. */
export function decodeBase64Url(text: string): Uint8Array<ArrayBuffer> {
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) {
    throw new SyntaxError('Not URL-safe base64.');
  }
  const standard = text.replace(/-/g, '+').replace(/_/g, '/');
  return decodeBase64(standard + '='.repeat((4 - (standard.length % 4)) % 4));
}
